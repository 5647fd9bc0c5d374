import { randomBytes } from 'node:crypto';
import { runCli } from '../../src/cli/run-cli';
import { fakeIo } from '../helpers/fake-cli-io';
import { startLocalStack, TEST_ACCOUNT_SID, TEST_API_TOKEN, TEST_AUTH_TOKEN, type LocalStack } from '../helpers/local-stack';
import { REJECT_BUSY, twimlVerbs } from '../helpers/twiml';

// The voice gate through the built bundle and the emulator over real HTTP, with the deny list
// edited by `gatekeeper deny` as an operator would during a flood.
const HASH_SECRET = randomBytes(32).toString('hex');
const POOL = ['+14155550101', '+14155550102'];
const REDIRECT = [{ name: 'Redirect', attributes: { method: 'POST' }, text: '/voice/forward', children: [] }];
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    GATE_HASH_SECRET: HASH_SECRET,
    GATE_CALLER_ID_POOL: POOL.join(','),
    GATE_CALL_TWIML_URL: 'https://example.com/voice/answer',
    GATE_VOICE_APP_URL: '/voice/forward',
    GATE_FORWARD_TO: '+447400999111',
    GATE_CALL_TIME_LIMIT: '20m',
  });
});
afterAll(() => stack.close());

function webhook(path: string, from: string) {
  const body = new URLSearchParams({ AccountSid: TEST_ACCOUNT_SID, CallSid: `CA${randomBytes(16).toString('hex')}`, From: from, To: '+14155552671', CallStatus: 'ringing' });
  return stack.call(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }).then(async (response) => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    return twimlVerbs(await response.text());
  });
}

async function deny(...args: string[]) {
  const { io, stdout } = fakeIo(undefined, { env: { ACCOUNT_SID: TEST_ACCOUNT_SID, AUTH_TOKEN: TEST_AUTH_TOKEN, TWILIO_API_BASE_URL: stack.emulator.url, GATE_HASH_SECRET: HASH_SECRET } });
  expect(await runCli(['deny', ...args], io)).toBe(0);
  return stdout();
}

describe('voice gate over HTTP', () => {
  it('rejects a flood source an operator blocks with gatekeeper deny, and admits it again once removed', async () => {
    // First in this file: the bundle runs as one warm instance, which has read nothing yet.
    expect(await deny('add', '--prefix', '+336123', '--for', '1h')).toMatch(/added prefix \+336123/);
    expect(await deny('add', '+4915123456789')).toMatch(/added \+4915\*+89/);
    expect(await webhook('/voice/inbound', '+33612345678')).toEqual(REJECT_BUSY);
    expect(await webhook('/voice/inbound', '+4915123456789')).toEqual(REJECT_BUSY);
    const listed = await deny('list');
    expect(listed).toMatch(/^number\s+\+4915\*+89\s/m);
    expect(listed).toMatch(/^prefix\s+\+336123\s/m);
    expect(await deny('remove', '--prefix', '+336123')).toMatch(/removed prefix/);
    expect(await deny('remove', '+4915123456789')).toMatch(/removed the entry/);
    // The instance trusts what it read for 5 s (the documented staleness), then admits them again.
    expect(await webhook('/voice/inbound', '+4915123456789')).toEqual(REJECT_BUSY);
    await new Promise((resolve) => setTimeout(resolve, 5100));
    expect(await webhook('/voice/inbound', '+33612345678')).toEqual(REDIRECT);
    expect(await webhook('/voice/inbound', '+4915123456789')).toEqual(REDIRECT);
  });

  it('places an outbound call for the app with the time limit and a pooled caller id', async () => {
    const response = await stack.call('/voice/outbound', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_TOKEN}` },
      body: JSON.stringify({ to: '+447400123456', timeLimit: 3600 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { callSid: string; timeLimit: number };
    expect(body.timeLimit).toBe(1200);
    const [recorded] = await stack.control.calls();
    expect(recorded).toMatchObject({ sid: body.callSid, to: '+447400123456', timeLimit: 1200 });
    expect(POOL).toContain(recorded.from);
  });

  it('refuses the outbound endpoint without the token', async () => {
    const response = await stack.call('/voice/outbound', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: '+447400123456' }) });
    expect(response.status).toBe(401);
  });

  it('admits an inbound caller to the app, which forwards to the fixed number only', async () => {
    expect(await webhook('/voice/inbound', '+447400123457')).toEqual(REDIRECT);
    expect(await webhook('/voice/forward', '+447400123457')).toEqual([
      { name: 'Dial', attributes: { timeLimit: '1200', answerOnBridge: 'true' }, text: '', children: [{ name: 'Number', attributes: {}, text: '+447400999111', children: [] }] },
    ]);
  });

});
