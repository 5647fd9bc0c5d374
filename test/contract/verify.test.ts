import { caught, raw, startHarness, useContractHarness } from './harness';
import { lastResponseChecks } from './last-response';

// Verify v2 through the real twilio client, every body checked against twilio_verify_v2.json.
const SERVICES = '/v2/Services';
const SERVICE = '/v2/Services/{Sid}';
const VERIFICATIONS = '/v2/Services/{ServiceSid}/Verifications';
const CHECK = '/v2/Services/{ServiceSid}/VerificationCheck';
const TO = '+447911123456';

const START = Date.UTC(2025, 0, 15, 12, 0, 0);
let now = START;
const h = useContractHarness({ clock: () => now });
let serviceSid: string;

beforeEach(async () => {
  now = START;
  serviceSid = (await h.client.verify.v2.services.create({ friendlyName: 'Gatekeeper' })).sid;
});

const verify = () => h.client.verify.v2.services(serviceSid);
const { expectBody, expectError } = lastResponseChecks('twilio_verify_v2', () => h.client);

describe('Verify Services', () => {
  it('creates a service with a code length and fetches it', async () => {
    const created = await h.client.verify.v2.services.create({ friendlyName: 'Six', codeLength: 8 });
    expectBody(SERVICES, 'post', 201);
    expect(created.sid).toMatch(/^VA[0-9a-f]{32}$/);
    const fetched = await h.client.verify.v2.services(created.sid).fetch();
    expectBody(SERVICE, 'get', 200);
    expect(fetched.codeLength).toBe(8);
  });

  it('refuses a bad code length or a friendly name over 30 characters with 400 / 60200', async () => {
    expect(await caught(() => h.client.verify.v2.services.create({ friendlyName: 'x', codeLength: 3 }))).toMatchObject({ status: 400, code: 60200 });
    expectError(SERVICES, 'post', 400, 60200);
    expect(await caught(() => h.client.verify.v2.services.create({ friendlyName: 'x'.repeat(31) }))).toMatchObject({ status: 400, code: 60200 });
  });

  it('answers 404 / 20404 for an unknown service', async () => {
    expect(await caught(() => h.client.verify.v2.services(`VA${'0'.repeat(32)}`).verifications.create({ to: TO, channel: 'sms' }))).toMatchObject({ status: 404, code: 20404 });
  });
});

describe('Verifications', () => {
  it('starts a pending verification whose code is retrievable through the control API', async () => {
    const verification = await verify().verifications.create({ to: TO, channel: 'sms', locale: 'en' });
    expectBody(VERIFICATIONS, 'post', 201);
    expect(verification).toMatchObject({ status: 'pending', to: TO, channel: 'sms', valid: false });
    expect(verification.sid).toMatch(/^VE[0-9a-f]{32}$/);
    const code = await h.control.verificationCode(TO);
    expect(code).toMatch(/^\d{6}$/);
    const typedByHand = await raw(h.emulator.url, 'GET', `/__emulator/verify/codes?to=${TO}`, { auth: null });
    expect(typedByHand.json).toMatchObject({ to: TO, code });
  });

  it('uses the service code length', async () => {
    const longer = await h.client.verify.v2.services.create({ friendlyName: 'Ten', codeLength: 10 });
    await h.client.verify.v2.services(longer.sid).verifications.create({ to: TO, channel: 'call' });
    expect(await h.control.verificationCode(TO)).toMatch(/^\d{10}$/);
  });

  it.each(['sms', 'call', 'whatsapp', 'sna', 'auto'])('accepts channel %s', async (channel) => {
    const verification = await verify().verifications.create({ to: TO, channel });
    expectBody(VERIFICATIONS, 'post', 201);
    expect(verification.channel).toBe(channel === 'auto' ? 'sms' : channel);
  });

  it('accepts an email address for the email channel', async () => {
    await verify().verifications.create({ to: 'person@example.com', channel: 'email' });
    expectBody(VERIFICATIONS, 'post', 201);
    expect(await h.control.verificationCode('person@example.com')).toMatch(/^\d{6}$/);
  });

  it.each([['447911123456'], ['+4470'], ['not a number'], ['+447700900123']])('refuses To %p with 400 / 60200', async (to) => {
    expect(await caught(() => verify().verifications.create({ to, channel: 'sms' }))).toMatchObject({ status: 400, code: 60200 });
    expectError(VERIFICATIONS, 'post', 400, 60200);
  });

  it('refuses an unknown channel with 400 / 60200', async () => {
    expect(await caught(() => verify().verifications.create({ to: TO, channel: 'pigeon' }))).toMatchObject({ status: 400, code: 60200 });
  });

  it('reuses a pending verification on a second start, counting each send, and refuses the 6th with 429 / 60203', async () => {
    const first = await verify().verifications.create({ to: TO, channel: 'sms' });
    const code = await h.control.verificationCode(TO);
    for (let send = 2; send <= 5; send += 1) {
      const again = await verify().verifications.create({ to: TO, channel: 'sms' });
      expect(again.sid).toBe(first.sid);
      expect(again.sendCodeAttempts).toHaveLength(send);
    }
    expect(await h.control.verificationCode(TO)).toBe(code);
    const error = await caught(() => verify().verifications.create({ to: TO, channel: 'sms' }));
    expect(error).toMatchObject({ status: 429, code: 60203 });
    expectError(VERIFICATIONS, 'post', 429, 60203);
  });
});

describe('VerificationCheck', () => {
  it('approves the right code; the verification is then no longer pending', async () => {
    await verify().verifications.create({ to: TO, channel: 'sms' });
    const code = (await h.control.verificationCode(TO)) as string;
    const check = await verify().verificationChecks.create({ to: TO, code });
    expectBody(CHECK, 'post', 200);
    expect(check).toMatchObject({ status: 'approved', valid: true });
    expect(await h.control.verificationCode(TO)).toBeNull();
    expect(await caught(() => verify().verificationChecks.create({ to: TO, code }))).toMatchObject({ status: 404, code: 20404 });
    expectError(CHECK, 'post', 404, 20404);
  });

  it('checks by VerificationSid', async () => {
    const verification = await verify().verifications.create({ to: TO, channel: 'sms' });
    const code = (await h.control.verificationCode(TO)) as string;
    const check = await verify().verificationChecks.create({ verificationSid: verification.sid, code });
    expect(check).toMatchObject({ status: 'approved', sid: verification.sid });
  });

  it('answers pending for a wrong code, and 429 / 60202 after 5 wrong attempts', async () => {
    await verify().verifications.create({ to: TO, channel: 'sms' });
    const code = (await h.control.verificationCode(TO)) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const check = await verify().verificationChecks.create({ to: TO, code: wrong });
      expectBody(CHECK, 'post', 200);
      expect(check).toMatchObject({ status: 'pending', valid: false });
    }
    expect(await caught(() => verify().verificationChecks.create({ to: TO, code }))).toMatchObject({ status: 429, code: 60202 });
    expectError(CHECK, 'post', 429, 60202);
  });

  it('keeps the number locked after 5 wrong attempts: a new start gets 429 / 60202 until the verification expires', async () => {
    await verify().verifications.create({ to: TO, channel: 'sms' });
    const code = (await h.control.verificationCode(TO)) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt += 1) await verify().verificationChecks.create({ to: TO, code: wrong });
    now = START + 10 * 60 * 1000 - 1;
    expect(await caught(() => verify().verifications.create({ to: TO, channel: 'sms' }))).toMatchObject({ status: 429, code: 60202 });
    expectError(VERIFICATIONS, 'post', 429, 60202);
    now = START + 10 * 60 * 1000;
    expect(await verify().verifications.create({ to: TO, channel: 'sms' })).toMatchObject({ status: 'pending' });
  });

  it('answers 404 to a Locale it has no translation for, and takes a supported one in any case', async () => {
    expect(await caught(() => verify().verifications.create({ to: TO, channel: 'sms', locale: 'xx' }))).toMatchObject({ status: 404, code: 20404 });
    expect(await verify().verifications.create({ to: TO, channel: 'sms', locale: 'pt-br' })).toMatchObject({ status: 'pending' });
  });

  it('answers 404 / 20404 with no pending verification, including after the 10 minute expiry', async () => {
    expect(await caught(() => verify().verificationChecks.create({ to: TO, code: '123456' }))).toMatchObject({ status: 404, code: 20404 });
    await verify().verifications.create({ to: TO, channel: 'sms' });
    const code = (await h.control.verificationCode(TO)) as string;
    now = START + 10 * 60 * 1000;
    expect(await caught(() => verify().verificationChecks.create({ to: TO, code }))).toMatchObject({ status: 404, code: 20404 });
  });

  it('refuses a malformed code with 400 / 60200 without counting an attempt', async () => {
    await verify().verifications.create({ to: TO, channel: 'sms' });
    expect(await caught(() => verify().verificationChecks.create({ to: TO, code: 'abc' }))).toMatchObject({ status: 400, code: 60200 });
    const [view] = (await h.control.verificationCodes(TO)).verifications;
    expect(view.checkAttempts).toBe(0);
  });

  it('refuses a check with neither To nor VerificationSid', async () => {
    const response = await raw(h.emulator.url, 'POST', `/verify/v2/Services/${serviceSid}/VerificationCheck`, { form: [['Code', '123456']] });
    expect(response.json).toMatchObject({ status: 400, code: 60200 });
  });
});

describe('Verification fetch and update', () => {
  it('fetches a verification and cancels it, after which it is no longer pending', async () => {
    const started = await verify().verifications.create({ to: TO, channel: 'sms' });
    const fetched = await verify().verifications(started.sid).fetch();
    expectBody('/v2/Services/{ServiceSid}/Verifications/{Sid}', 'get', 200);
    expect(fetched.status).toBe('pending');
    const canceled = await verify().verifications(started.sid).update({ status: 'canceled' });
    expectBody('/v2/Services/{ServiceSid}/Verifications/{Sid}', 'post', 200);
    expect(canceled.status).toBe('canceled');
    const code = (await h.control.verificationCodes(TO)).verifications[0].code;
    expect(await caught(() => verify().verificationChecks.create({ to: TO, code }))).toMatchObject({ status: 404, code: 20404 });
  });
});

describe('Verify console output', () => {
  it('prints the code with a masked number unless quiet', async () => {
    const lines: string[] = [];
    const loud = await startHarness({ quiet: false, output: (line) => lines.push(line) });
    try {
      const service = await loud.client.verify.v2.services.create({ friendlyName: 'Loud' });
      await loud.client.verify.v2.services(service.sid).verifications.create({ to: TO, channel: 'sms' });
      const code = await loud.control.verificationCode(TO);
      expect(lines).toEqual([`[emulator] verify code for +44********56: ${code}`]);
    } finally {
      await loud.emulator.close();
    }
  });
});
