import type { EmulatorState } from '../core/state';
import { newSid } from '../core/ids';
import { newIncomingNumber } from '../api/incoming-numbers';
import type { UsageTrigger } from '../api/usage-triggers';
import type { Trunk } from '../trunking/trunks';
import type { RecordedCall } from '../api/voice';

const DAY_MS = 24 * 3600 * 1000;

/** What the messy-account fixture created, so tests and the console can name each problem. */
export interface MessyAccountManifest {
  accountSid: string;
  /** An active subaccount with no spend trigger. */
  subaccountSid: string;
  /** A subaccount suspended earlier. */
  suspendedSubaccountSid: string;
  gateUrl: string;
  numbers: { gated: string; httpVoice: string; outsideSms: string; onTrunk: string };
  trunkSid: string;
  wideAclSid: string;
  credentialListSid: string;
  domainSid: string;
  triggers: { httpCallback: string; fired: string };
  keys: { old: string; recent: string[] };
  /** Live calls lockdown must end. */
  calls: { inProgress: string[]; queued: string };
}

function seedGeoPermissions(state: EmulatorState, accountSid: string): void {
  // Premium ranges in GB and toll-fraud ranges in DE switched on; every low-risk country on (the
  // emulator's default) includes the policy's denied countries.
  state.dialingPermissions.apply(accountSid, [
    { isoCode: 'GB', flags: { lowRisk: true, highRiskSpecial: true } },
    { isoCode: 'DE', flags: { lowRisk: true, highRiskTollfraud: true } },
  ]);
  // Pakistan is one of the 11 messaging countries only the console can change.
  state.messagingGeoPermissions.set(accountSid, 'PK', true);
}

function seedTriggers(state: EmulatorState, accountSid: string, now: number): MessyAccountManifest['triggers'] {
  const base = { accountSid, callbackMethod: 'POST' as const, dateCreated: now - 40 * DAY_MS, dateUpdated: now - 40 * DAY_MS, lastFiring: null };
  const httpCallback: UsageTrigger = {
    ...base,
    sid: newSid('UT'),
    friendlyName: 'daily spend',
    callbackUrl: 'http://hooks.example.com/twilio-usage',
    usageCategory: 'totalprice',
    triggerBy: 'price',
    recurring: 'daily',
    triggerValue: 5000,
    dateFired: null,
  };
  const fired: UsageTrigger = {
    ...base,
    sid: newSid('UT'),
    friendlyName: 'sms volume',
    callbackUrl: 'https://hooks.example.com/twilio-usage',
    usageCategory: 'sms-outbound',
    triggerBy: 'count',
    recurring: 'daily',
    triggerValue: 200,
    dateFired: now - 3600 * 1000,
  };
  state.usageTriggers.add(httpCallback);
  state.usageTriggers.add(fired);
  // Thirty days of ordinary spend (about 4 USD a day): the 5000 USD threshold is far above it.
  for (let day = 30; day >= 1; day -= 1) state.usageLedger.add(accountSid, 'sms-outbound', { count: 500, usage: 500, price: 3.5 + (day % 5) * 0.25 }, now - day * DAY_MS);
  return { httpCallback: httpCallback.sid, fired: fired.sid };
}

function seedNumbers(state: EmulatorState, accountSid: string, gateUrl: string, trunkSid: string, now: number): MessyAccountManifest['numbers'] {
  const add = (phone: string, change: (n: ReturnType<typeof newIncomingNumber>) => void) => {
    const number = newIncomingNumber(accountSid, phone, now);
    change(number);
    return state.incomingNumbers.add(number).sid;
  };
  return {
    gated: add('+14155550100', (n) => {
      n.urls.VoiceUrl = `${gateUrl}/voice/inbound`;
      n.urls.SmsUrl = `${gateUrl}/sms/inbound`;
    }),
    httpVoice: add('+14155550160', (n) => {
      n.urls.VoiceUrl = 'http://pbx.example.com/voice';
    }),
    outsideSms: add('+14155550161', (n) => {
      n.urls.SmsUrl = 'https://crm.example.com/sms';
      n.urls.SmsFallbackUrl = 'http://crm.example.com/sms-fallback';
    }),
    onTrunk: add('+14155550162', (n) => {
      n.urls.VoiceUrl = `${gateUrl}/voice/inbound`;
      n.trunkSid = trunkSid;
    }),
  };
}

function seedSip(state: EmulatorState, accountSid: string, now: number): Pick<MessyAccountManifest, 'trunkSid' | 'wideAclSid' | 'credentialListSid' | 'domainSid'> {
  const dated = { accountSid, dateCreated: now, dateUpdated: now };
  const wideAcl = state.sip.acls.add({ ...dated, sid: newSid('AL'), friendlyName: 'office range' });
  state.sip.addresses.add({ ...dated, sid: newSid('IP'), aclSid: wideAcl.sid, friendlyName: 'whole office', ipAddress: '10.20.0.0', cidrPrefixLength: 16 });
  const phones = state.sip.credentialLists.add({ ...dated, sid: newSid('CL'), friendlyName: 'desk phones' });
  state.sip.credentials.add({ ...dated, sid: newSid('CR'), listSid: phones.sid, username: 'desk-1', friendlyName: 'desk-1' });
  const trunk: Trunk = {
    ...dated,
    sid: newSid('TK'),
    friendlyName: 'office pbx',
    domainName: 'office-pbx.pstn.twilio.com',
    disasterRecoveryUrl: 'http://pbx.example.com/dr',
    disasterRecoveryMethod: 'POST',
    transferMode: 'enable-all',
    transferCallerId: 'from-transferee',
    secure: false,
    cnamLookupEnabled: false,
    symmetricRtpEnabled: true,
    aclSids: [],
    credentialListSids: [phones.sid],
    originationUrls: [],
  };
  state.trunks.add(trunk);
  const domain = state.sip.domains.add({
    ...dated,
    sid: newSid('SD'),
    friendlyName: 'office phones',
    domainName: `office-${accountSid.slice(-6).toLowerCase()}.sip.twilio.com`,
    voiceUrl: 'https://pbx.example.com/sip',
    voiceMethod: 'POST',
    voiceFallbackUrl: null,
    voiceFallbackMethod: 'POST',
    voiceStatusCallbackUrl: null,
    voiceStatusCallbackMethod: 'POST',
    sipRegistration: true,
    secure: false,
    emergencyCallingEnabled: false,
    byocTrunkSid: null,
    aclSids: [],
    credentialListSids: [phones.sid],
  });
  return { trunkSid: trunk.sid, wideAclSid: wideAcl.sid, credentialListSid: phones.sid, domainSid: domain.sid };
}

function seedKeys(state: EmulatorState, accountSid: string, now: number): MessyAccountManifest['keys'] {
  const key = (name: string, ageDays: number) =>
    state.apiKeys.add({ sid: newSid('SK'), accountSid, friendlyName: name, dateCreated: now - ageDays * DAY_MS, dateUpdated: now - ageDays * DAY_MS }).sid;
  return { old: key('legacy integration', 400), recent: [key('ci', 10), key('reporting', 5)] };
}

/** Live and recent inbound calls: a pumping caller on the main account, an in-progress call on the subaccount. */
function seedCalls(state: EmulatorState, accountSid: string, subaccountSid: string, gateNumber: string, now: number): MessyAccountManifest['calls'] {
  const call = (account: string, from: string, status: RecordedCall['status'], ageMs: number): string => {
    const sid = newSid('CA');
    state.calls.record({ sid, accountSid: account, to: gateNumber, from, url: null, twiml: null, applicationSid: null, timeLimit: null, timeout: null, statusCallback: null, statusCallbackEvents: [], status, direction: 'inbound', dateCreated: now - ageMs });
    return sid;
  };
  for (let i = 0; i < 6; i += 1) call(accountSid, '+447400555001', 'completed', (i + 1) * 300_000);
  call(accountSid, '+447400555002', 'completed', 900_000);
  return { inProgress: [call(accountSid, '+447400555001', 'in-progress', 30_000), call(subaccountSid, '+37120000001', 'in-progress', 60_000)], queued: call(subaccountSid, '+37120000002', 'queued', 5_000) };
}

function seedAlerts(state: EmulatorState, accountSid: string, trunkSid: string, now: number): void {
  for (let i = 0; i < 12; i += 1) {
    state.monitorAlerts.record({ accountSid, errorCode: '32201', logLevel: 'error', resourceSid: trunkSid, serviceSid: null, requestMethod: null, requestUrl: null, dateGenerated: now - (i + 1) * 600_000 }, now);
  }
  state.monitorAlerts.record({ accountSid, errorCode: '21215', logLevel: 'error', resourceSid: null, serviceSid: null, requestMethod: 'POST', requestUrl: null, dateGenerated: now - 3600_000 }, now);
}

/**
 * Seeds an account with one of each problem `gatekeeper audit` looks for: high-risk voice
 * prefixes on, countries outside the policy on, a console-only high-risk SMS country on, a spend
 * trigger calling an http URL outside the gate, a fired (disarmed) trigger, a subaccount without
 * a spend trigger, a suspended subaccount, numbers on http and outside the gate, a trunk with
 * credentials only, transfers on, no TLS and an http disaster-recovery URL, a /16 ACL, a SIP
 * domain registering with credentials only, an API key over a year old, SIP and geo alerts, and
 * live calls (a caller ringing the main account's number again and again, an in-progress call on
 * the subaccount).
 * The account becomes a known main account (its token is learned on its first request unless
 * `authToken` is given).
 */
export function seedMessyAccount(state: EmulatorState, options: { accountSid: string; gateUrl: string; authToken?: string }): MessyAccountManifest {
  const now = state.clock.now();
  const { accountSid, gateUrl } = options;
  if (options.authToken !== undefined) state.accounts.configure({ sid: accountSid, authToken: options.authToken }, now);
  else state.accounts.ensureMain(accountSid, now);
  const sub = state.accounts.createSubaccount(accountSid, 'tenant-a', now);
  const suspended = state.accounts.createSubaccount(accountSid, 'old-tenant', now);
  state.accounts.update({ username: accountSid, kind: 'account', accountSid }, suspended.sid, { status: 'suspended' }, now);
  seedGeoPermissions(state, accountSid);
  const triggers = seedTriggers(state, accountSid, now);
  const sip = seedSip(state, accountSid, now);
  const numbers = seedNumbers(state, accountSid, gateUrl, sip.trunkSid, now);
  const keys = seedKeys(state, accountSid, now);
  seedAlerts(state, accountSid, sip.trunkSid, now);
  const calls = seedCalls(state, accountSid, sub.sid, '+14155550100', now);
  return { accountSid, subaccountSid: sub.sid, suspendedSubaccountSid: suspended.sid, gateUrl, numbers, triggers, keys, calls, ...sip };
}
