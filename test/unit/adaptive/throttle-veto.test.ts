import { createMemoryStore, createThrottle, parseRuleSets, type ThrottleLogRecord } from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;
const RULES = parseRuleSets({ otp: { subject: 'number', windows: [{ limit: 2, per: '1m' }] } }, {});

function setup() {
  const records: ThrottleLogRecord[] = [];
  const throttle = createThrottle({ store: createMemoryStore({ now: () => T0 }), secret: SECRET, ruleSets: RULES, now: () => T0, logger: (record) => records.push(record) });
  return { throttle, records };
}

describe('throttle veto and peek (the hooks adaptive rules use)', () => {
  it('passes the logs read and the decision time to the veto, and writes nothing when it refuses', async () => {
    const { throttle } = setup();
    await throttle.evaluate('otp', { number: '+447700900123' });
    const seen: Array<[string[], number]> = [];
    const decision = await throttle.evaluate('otp', { number: '+447700900123' }, { veto: (logs, now) => (seen.push([[...logs.keys()], now]), true) });
    expect(seen).toEqual([[['otp'], T0]]);
    expect(decision).toMatchObject({ allowed: false, reason: 'vetoed', vetoed: true });
    expect(decision.rules[0]).toMatchObject({ committed: false, reason: 'within_limit' });
    expect(await throttle.peek('otp', { number: '+447700900123' })).toEqual({ ok: true, events: [T0] });
  });

  it('does not ask the veto when a rule set denies', async () => {
    const { throttle } = setup();
    for (let i = 0; i < 2; i += 1) await throttle.evaluate('otp', { number: '+447700900123' });
    const veto = jest.fn(() => true);
    expect((await throttle.evaluate('otp', { number: '+447700900123' }, { veto })).allowed).toBe(false);
    expect(veto).not.toHaveBeenCalled();
  });

  it('treats a veto that throws as no veto, and logs it', async () => {
    const { throttle, records } = setup();
    const decision = await throttle.evaluate('otp', { number: '+447700900123' }, {
      veto: () => {
        throw new Error('boom');
      },
    });
    expect(decision.vetoed).toBeUndefined();
    expect(decision.rules[0].committed).toBe(true);
    expect(records.some((record) => record.event === 'throttle.veto_failed')).toBe(true);
  });

  it.each([
    ['an unknown rule set', 'nope', { number: '+447700900123' }, 'no_rule'],
    ['a missing subject', 'otp', {}, 'subject_missing'],
    ['a number not in E.164', 'otp', { number: '07700 900123' }, 'invalid_subject'],
  ])('peek answers %s without reading', async (_name, rule, subject, reason) => {
    const { throttle } = setup();
    expect(await throttle.peek(rule, subject)).toEqual({ ok: false, reason });
  });
});
