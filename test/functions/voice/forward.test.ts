import { handler } from '../../../src/functions/voice/forward.protected';
import { useFunctionHarness } from '../../helpers/function-harness';
import { invokeFunction, setPolicy } from '../../helpers/invoke-function';
import { REJECT_BUSY, twimlVerbs } from '../../helpers/twiml';

const harness = useFunctionHarness();

const FORWARD_TO = ['+447400999111', '+4930123456'];
const CALL = {
  AccountSid: `AC${'0'.repeat(31)}1`,
  CallSid: `CA${'1'.repeat(32)}`,
  From: '+447400123456',
  To: '+14155552671',
  CallStatus: 'ringing',
  Direction: 'inbound',
};

async function forward(env: Record<string, string>, params: Record<string, unknown> = CALL) {
  const response = await invokeFunction(handler, harness.context(env), params);
  expect(response.statusCode).toBe(200);
  return twimlVerbs(response.body);
}

const DIAL = (numbers: string[], timeLimit: string) => [
  {
    name: 'Dial',
    attributes: { timeLimit, answerOnBridge: 'true' },
    text: '',
    children: numbers.map((number) => ({ name: 'Number', attributes: {}, text: number, children: [] })),
  },
];

describe('voice/forward', () => {
  it('dials only the configured numbers, with the call time limit and answerOnBridge', async () => {
    expect(await forward({ GATE_FORWARD_TO: FORWARD_TO.join(',') })).toEqual(DIAL(FORWARD_TO, '600'));
    expect(await forward({ GATE_FORWARD_TO: FORWARD_TO[0], GATE_CALL_TIME_LIMIT: '1h' })).toEqual(DIAL([FORWARD_TO[0]], '3600'));
  });

  it('never takes a destination from the request', async () => {
    const hostile = {
      ...CALL,
      To: '+449061234567',
      ForwardTo: '+881612345678',
      forwardTo: '+37120123456',
      Digits: '+449061234567',
      number: '+449061234567',
      url: 'https://evil.example/twiml',
    };
    const verbs = await forward({ GATE_FORWARD_TO: FORWARD_TO[0] }, hostile);
    expect(verbs).toEqual(DIAL([FORWARD_TO[0]], '600'));
    expect(JSON.stringify(verbs)).not.toMatch(/9061234567|881612345678|37120123456|evil/);
  });

  it('places no call through the API: the forward is TwiML only', async () => {
    await harness.control.resetLog();
    await forward({ GATE_FORWARD_TO: FORWARD_TO[0] });
    expect((await harness.control.requestLog()).byRoute['POST /api/2010-04-01/Accounts/:account/Calls.json']).toBeUndefined();
  });

  it.each([
    ['no GATE_FORWARD_TO', {}],
    ['a premium-rate number in GATE_FORWARD_TO', { GATE_FORWARD_TO: `${FORWARD_TO[0]},+449061234567` }],
    ['a Latvian number in GATE_FORWARD_TO', { GATE_FORWARD_TO: '+37120123456' }],
    ['an invalid GATE_FORWARD_TO', { GATE_FORWARD_TO: '07400999111' }],
    ['an invalid shared setting', { GATE_FORWARD_TO: FORWARD_TO[0], GATE_SYNC_SHARDS: '0' }],
  ])('rejects the call (fails closed) with %s', async (_name, env) => {
    expect(await forward(env)).toEqual(REJECT_BUSY);
  });

  it('follows the policy: a number the policy allows explicitly may be forwarded to', async () => {
    setPolicy({ destinations: { numbers: { allow: ['+37120123456'] } } });
    expect(await forward({ GATE_FORWARD_TO: '+37120123456' })).toEqual(DIAL(['+37120123456'], '600'));
  });

  it('logs the forward with masked numbers, and a refused list as config.invalid naming the entry', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    try {
      await forward({ GATE_LOG_LEVEL: 'info', GATE_FORWARD_TO: FORWARD_TO[0] });
      await forward({ GATE_LOG_LEVEL: 'info', GATE_FORWARD_TO: '+449061234567' });
    } finally {
      spy.mockRestore();
    }
    const records = lines.map((line) => JSON.parse(line));
    expect(records.find((record) => record.event === 'voice.forward')).toMatchObject({ from: expect.stringMatching(/^\+4474\*{6}56~[0-9a-f]{8}$/), to: [expect.stringMatching(/^\+4474\*{6}11~[0-9a-f]{8}$/)], timeLimit: 600 });
    expect(records.find((record) => record.event === 'config.invalid')).toMatchObject({
      level: 'error',
      setting: 'GATE_FORWARD_TO',
      problem: expect.stringMatching(/line_type_not_allowed/),
    });
    expect(lines.join('\n')).not.toMatch(/7400999111|9061234567|7400123456/);
  });
});
