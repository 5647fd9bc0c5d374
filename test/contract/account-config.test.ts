import { ACCOUNT_SID, accountClient, caught, lastBody, raw, useContractHarness } from './harness';
import { expectValid, responseValidator } from './openapi';

// The account configuration the account guard reads and writes: Voice Dialing Permissions,
// Messaging Geo Permissions, SIP (2010 API and Elastic SIP Trunking), incoming numbers and API
// keys, through the real twilio client, with bodies checked against the OpenAPI specs.
const h = useContractHarness();
beforeEach(async () => {
  await h.client.api.v2010.accounts(ACCOUNT_SID).fetch();
});

const api = () => h.client.api.v2010.accounts(ACCOUNT_SID);

describe('Voice Dialing Permissions', () => {
  const countries = () => h.client.voice.v1.dialingPermissions.countries;

  it('lists every country with the three flags and filters on them', async () => {
    const gb = await countries().list({ isoCode: 'GB' });
    expectValid(responseValidator('twilio_voice_v1', '/v1/DialingPermissions/Countries', 'get', 200), lastBody(h.client));
    expect(gb).toHaveLength(1);
    expect(gb[0]).toMatchObject({ isoCode: 'GB', countryCodes: ['+44'], lowRiskNumbersEnabled: true, highRiskSpecialNumbersEnabled: false });
    const all = await countries().list({ pageSize: 1000 });
    expect(all.length).toBeGreaterThan(200);
    expect(await countries().list({ highRiskSpecialNumbersEnabled: true })).toEqual([]);
  });

  it('applies a bulk update and refuses calls the new flags forbid (21215)', async () => {
    const result = await h.client.voice.v1.dialingPermissions.bulkCountryUpdates.create({
      updateRequest: JSON.stringify([
        { iso_code: 'GB', low_risk_numbers_enabled: 'true', high_risk_special_numbers_enabled: 'true', high_risk_tollfraud_numbers_enabled: 'false' },
        { iso_code: 'FR', low_risk_numbers_enabled: 'false' },
      ]),
    });
    expectValid(responseValidator('twilio_voice_v1', '/v1/DialingPermissions/BulkCountryUpdates', 'post', 201), lastBody(h.client));
    expect(result.updateCount).toBe(2);
    const gb = await countries()('GB').fetch();
    expectValid(responseValidator('twilio_voice_v1', '/v1/DialingPermissions/Countries/{IsoCode}', 'get', 200), lastBody(h.client));
    expect(gb.highRiskSpecialNumbersEnabled).toBe(true);
    const call = (to: string) => api().calls.create({ to, from: '+14155550100', twiml: '<Response/>' });
    expect(await caught(() => call('+33612345678'))).toMatchObject({ status: 403, code: 21215 });
    await expect(call('+447400123456')).resolves.toMatchObject({ status: 'queued' });
    await h.client.voice.v1.dialingPermissions.bulkCountryUpdates.create({ updateRequest: JSON.stringify([{ iso_code: 'GB', high_risk_special_numbers_enabled: false }]) });
    expect(await caught(() => call('+447012345678'))).toMatchObject({ status: 403, code: 21215 });
  });

  it('lists high-risk special prefixes and refuses a malformed bulk update', async () => {
    const prefixes = await countries()('GB').highriskSpecialPrefixes.list();
    expectValid(responseValidator('twilio_voice_v1', '/v1/DialingPermissions/Countries/{IsoCode}/HighRiskSpecialPrefixes', 'get', 200), lastBody(h.client));
    expect(prefixes.map((p) => p.prefix)).toContain('+4490');
    expect(await caught(() => h.client.voice.v1.dialingPermissions.bulkCountryUpdates.create({ updateRequest: 'not json' }))).toMatchObject({ status: 400 });
    expect(await caught(() => h.client.voice.v1.dialingPermissions.bulkCountryUpdates.create({ updateRequest: '[{"iso_code":"XX"}]' }))).toMatchObject({ status: 400 });
  });

  it("lets a subaccount inherit its parent's table until inheritance is switched off", async () => {
    const sub = await h.client.api.v2010.accounts.create({ friendlyName: 'tenant' });
    const subClient = accountClient(h.emulator.url, sub.sid, sub.authToken);
    expect((await subClient.voice.v1.dialingPermissions.settings().fetch()).dialingPermissionsInheritance).toBe(true);
    expectValid(responseValidator('twilio_voice_v1', '/v1/Settings', 'get', 200), lastBody(subClient));
    await h.client.voice.v1.dialingPermissions.bulkCountryUpdates.create({ updateRequest: JSON.stringify([{ iso_code: 'DE', high_risk_tollfraud_numbers_enabled: true }]) });
    expect((await subClient.voice.v1.dialingPermissions.countries('DE').fetch()).highRiskTollfraudNumbersEnabled).toBe(true);
    await subClient.voice.v1.dialingPermissions.settings().update({ dialingPermissionsInheritance: false });
    expectValid(responseValidator('twilio_voice_v1', '/v1/Settings', 'post', 202), lastBody(subClient));
    expect((await subClient.voice.v1.dialingPermissions.countries('DE').fetch()).highRiskTollfraudNumbersEnabled).toBe(false);
  });
});

describe('Messaging Geo Permissions', () => {
  const geo = () => h.client.accounts.v1.messagingGeopermissions;

  it('lists countries, marks the high-risk ones, and updates ordinary ones', async () => {
    const listed = await geo().fetch({ countryCode: 'GB,PK' });
    expectValid(responseValidator('twilio_accounts_v1', '/v1/Messaging/GeoPermissions', 'get', 200), lastBody(h.client));
    expect(listed.permissions).toEqual([
      { country_code: 'GB', type: 'country', enabled: true, prefix: '+44', message: '' },
      { country_code: 'PK', type: 'country', enabled: false, prefix: '+92', message: 'High Risk Country' },
    ]);
    const updated = await geo().update({ permissions: [{ country_code: 'GB', type: 'country', enabled: false }, { country_code: 'PK', type: 'country', enabled: true }] });
    expectValid(responseValidator('twilio_accounts_v1', '/v1/Messaging/GeoPermissions', 'patch', 200), lastBody(h.client));
    expect(updated.permissions).toEqual([
      { country_code: 'GB', type: 'country', enabled: false, error_code: 0, error_messages: [] },
      { country_code: 'PK', type: 'country', enabled: false, error_code: 30649, error_messages: ['High risk country permission cannot be updated'] },
    ]);
    const sent = await caught(() => api().messages.create({ to: '+447400123456', from: '+14155550100', body: 'hi' }));
    expect(sent).toMatchObject({ status: 400, code: 21408 });
  });

  it('refuses an update without Permissions', async () => {
    const response = await raw(h.emulator.url, 'PATCH', '/accounts/v1/Messaging/GeoPermissions', { form: [] });
    expect(response.status).toBe(400);
  });
});

describe('SIP resources and Elastic SIP Trunks', () => {
  it('creates ACLs, credentials, a domain with mappings, and derives auth_type', async () => {
    const acl = await api().sip.ipAccessControlLists.create({ friendlyName: 'office' });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/SIP/IpAccessControlLists.json', 'post', 201), lastBody(h.client));
    await api().sip.ipAccessControlLists(acl.sid).ipAddresses.create({ friendlyName: 'pbx', ipAddress: '203.0.113.0', cidrPrefixLength: 24 });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses.json', 'post', 201), lastBody(h.client));
    const list = await api().sip.credentialLists.create({ friendlyName: 'phones' });
    expect(await caught(() => api().sip.credentialLists(list.sid).credentials.create({ username: 'desk', password: 'short' }))).toMatchObject({ status: 400 });
    await api().sip.credentialLists(list.sid).credentials.create({ username: 'desk', password: 'Long-enough-passw0rd' });
    const domain = await api().sip.domains.create({ domainName: 'office.sip.twilio.com', sipRegistration: true });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/SIP/Domains.json', 'post', 201), lastBody(h.client));
    await api().sip.domains(domain.sid).credentialListMappings.create({ credentialListSid: list.sid });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/SIP/Domains/{DomainSid}/CredentialListMappings.json', 'post', 201), lastBody(h.client));
    expect((await api().sip.domains(domain.sid).fetch()).authType).toBe('CREDENTIAL_LIST');
    await api().sip.domains(domain.sid).ipAccessControlListMappings.create({ ipAccessControlListSid: acl.sid });
    expect((await api().sip.domains(domain.sid).fetch()).authType).toBe('IP_ACL,CREDENTIAL_LIST');
    await api().sip.domains.list();
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/SIP/Domains.json', 'get', 200), lastBody(h.client));
  });

  it('creates a trunk, associates lists of the same account only, and updates transfer mode', async () => {
    const acl = await api().sip.ipAccessControlLists.create({ friendlyName: 'office' });
    const trunk = await h.client.trunking.v1.trunks.create({ friendlyName: 'pbx', transferMode: 'enable-all', disasterRecoveryUrl: 'http://dr.example.com/twiml' });
    expectValid(responseValidator('twilio_trunking_v1', '/v1/Trunks', 'post', 201), lastBody(h.client));
    expect(trunk).toMatchObject({ authType: '', secure: false, transferMode: 'enable-all' });
    await h.client.trunking.v1.trunks(trunk.sid).ipAccessControlLists.create({ ipAccessControlListSid: acl.sid });
    expectValid(responseValidator('twilio_trunking_v1', '/v1/Trunks/{TrunkSid}/IpAccessControlLists', 'post', 201), lastBody(h.client));
    const missing = `CL${'0'.repeat(32)}`;
    expect(await caught(() => h.client.trunking.v1.trunks(trunk.sid).credentialsLists.create({ credentialListSid: missing }))).toMatchObject({ status: 404 });
    await h.client.trunking.v1.trunks(trunk.sid).originationUrls.create({ sipUrl: 'sip:pbx.example.com', weight: 10, priority: 10, enabled: true, friendlyName: 'pbx' });
    expectValid(responseValidator('twilio_trunking_v1', '/v1/Trunks/{TrunkSid}/OriginationUrls', 'post', 201), lastBody(h.client));
    const updated = await h.client.trunking.v1.trunks(trunk.sid).update({ transferMode: 'disable-all' });
    expectValid(responseValidator('twilio_trunking_v1', '/v1/Trunks/{Sid}', 'post', 200), lastBody(h.client));
    expect(updated).toMatchObject({ authType: 'IP_ACL', transferMode: 'disable-all' });
    await h.client.trunking.v1.trunks.list();
    expectValid(responseValidator('twilio_trunking_v1', '/v1/Trunks', 'get', 200), lastBody(h.client));
  });
});

describe('auth token rotation', () => {
  it('accepts the secondary token beside the primary, and refuses the old primary after promotion (strict mode)', async () => {
    await h.control.setStrictCredentials(true);
    const secondary = await h.client.accounts.v1.secondaryAuthToken().create();
    expectValid(responseValidator('twilio_accounts_v1', '/v1/AuthTokens/Secondary', 'post', 201), lastBody(h.client));
    const viaSecondary = accountClient(h.emulator.url, ACCOUNT_SID, secondary.secondaryAuthToken);
    await expect(viaSecondary.api.v2010.accounts(ACCOUNT_SID).fetch()).resolves.toMatchObject({ sid: ACCOUNT_SID });
    const promoted = await viaSecondary.accounts.v1.authTokenPromotion().update();
    expectValid(responseValidator('twilio_accounts_v1', '/v1/AuthTokens/Promote', 'post', 200), lastBody(viaSecondary));
    expect(promoted.authToken).toBe(secondary.secondaryAuthToken);
    expect(await caught(() => h.client.api.v2010.accounts(ACCOUNT_SID).fetch())).toMatchObject({ status: 401, code: 20003 });
    expect(await caught(() => viaSecondary.accounts.v1.authTokenPromotion().update())).toMatchObject({ status: 404 });
  });
});

describe('ending calls', () => {
  it('cancels a queued call, refuses to end it twice (21220), and filters by status', async () => {
    const call = await api().calls.create({ to: '+14155550123', from: '+14155550100', twiml: '<Response/>' });
    const ended = await api().calls(call.sid).update({ status: 'canceled' });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json', 'post', 200), lastBody(h.client));
    expect(ended.status).toBe('canceled');
    expect(await caught(() => api().calls(call.sid).update({ status: 'completed' }))).toMatchObject({ status: 400, code: 21220 });
    expect(await api().calls.list({ status: 'queued' })).toEqual([]);
    expect((await api().calls.list({ status: 'canceled' })).map((c) => c.sid)).toEqual([call.sid]);
  });
});

describe('incoming phone numbers and API keys', () => {
  it('keeps trunk_sid and voice_application_sid exclusive and clears fields with empty values', async () => {
    const number = await api().incomingPhoneNumbers.create({ phoneNumber: '+14155550123', voiceUrl: 'http://pbx.example.com/voice' });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', 'post', 201), lastBody(h.client));
    const trunkSid = `TK${'1'.repeat(32)}`;
    const onTrunk = await api().incomingPhoneNumbers(number.sid).update({ voiceApplicationSid: `AP${'2'.repeat(32)}` }).then(() => api().incomingPhoneNumbers(number.sid).update({ trunkSid }));
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json', 'post', 200), lastBody(h.client));
    expect(onTrunk).toMatchObject({ trunkSid, voiceApplicationSid: null, voiceUrl: 'http://pbx.example.com/voice' });
    const cleared = await api().incomingPhoneNumbers(number.sid).update({ trunkSid: '', voiceUrl: '' });
    expect(cleared).toMatchObject({ trunkSid: null, voiceUrl: null });
    await api().incomingPhoneNumbers.list();
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json', 'get', 200), lastBody(h.client));
  });

  it('shows a key secret once, lists keys with their creation dates, and deletes them', async () => {
    const created = await api().newKeys.create({ friendlyName: 'ci' });
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Keys.json', 'post', 201), lastBody(h.client));
    expect(created.secret).toMatch(/^[0-9a-f]{32}$/);
    const listed = await api().keys.list();
    expectValid(responseValidator('twilio_api_v2010', '/2010-04-01/Accounts/{AccountSid}/Keys.json', 'get', 200), lastBody(h.client));
    expect(listed.map((k) => [k.sid, k.friendlyName])).toEqual([[created.sid, 'ci']]);
    expect(JSON.stringify(lastBody(h.client))).not.toContain(created.secret);
    await api().keys(created.sid).remove();
    expect(await api().keys.list()).toEqual([]);
  });
});
