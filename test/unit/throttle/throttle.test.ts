import {
  createMemoryStore,
  createThrottle,
  decodeWindowLog,
  parseRuleSets,
  STORE_ERROR_RETRY_AFTER_MS,
  StoreError,
  subjectKey,
  type Store,
  type ThrottleLogRecord,
  type ThrottleOptions,
  type ThrottleRuleSetsInput,
} from '../../../src/core/throttle';
import { failWith, scriptedStore, sleep } from './store-doubles';

const SECRET = 'unit-test-secret-0123456789';
const NUMBER = '+447700900123';
const T0 = 1_700_000_000_000;

const OTP_RULES: ThrottleRuleSetsInput = {
  otp: { subject: 'number', windows: [{ limit: 3, per: '10s' }, { limit: 5, per: '1m' }] },
  'otp-prefix': { action: 'otp', subject: 'prefix:6', windows: [{ limit: 4, per: '1m' }] },
};

function setup(rules: ThrottleRuleSetsInput = OTP_RULES, options: Partial<ThrottleOptions> = {}) {
  let now = T0;
  const store = scriptedStore();
  const records: ThrottleLogRecord[] = [];
  const throttle = createThrottle({
    store,
    secret: SECRET,
    ruleSets: parseRuleSets(rules, {}),
    now: () => now,
    logger: (record) => records.push(record),
    ...options,
  });
  return {
    throttle,
    store,
    records,
    advance: (ms: number) => {
      now += ms;
    },
    key: (rule: string, value: string) => subjectKey(rule, value, SECRET),
    logOf: async (rule: string, value: string) => {
      const item = await store.inner.get(subjectKey(rule, value, SECRET));
      return item ? decodeWindowLog(item.data) : null;
    },
  };
}

describe('createThrottle', () => {
  it('allows up to the limit, then denies with the time until the oldest event leaves', async () => {
    const { throttle, advance } = setup();
    const remaining: (number | null)[] = [];
    for (let i = 0; i < 3; i++) {
      const decision = await throttle.evaluate('otp', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: true, reason: 'ok', path: 'store', monitorOnly: false });
      remaining.push(decision.remaining);
      advance(1000);
    }
    expect(remaining).toEqual([2, 1, 0]);
    const denied = await throttle.evaluate('otp', { number: NUMBER });
    expect(denied).toMatchObject({ allowed: false, reason: 'rate_limited', rule: 'otp', window: '10s', limit: 3, remaining: 0, retryAfterMs: 7000, path: 'store' });
  });

  it('admits again exactly when the window has moved past the oldest event', async () => {
    const { throttle, advance } = setup({ otp: { subject: 'number', windows: [{ limit: 1, per: '10s' }] } });
    await throttle.evaluate('otp', { number: NUMBER });
    advance(9_999);
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(false);
    advance(1);
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
  });

  it('keeps subjects apart', async () => {
    const { throttle } = setup({ otp: { subject: 'number', windows: [{ limit: 1, per: '1m' }] } });
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
    expect((await throttle.evaluate('otp', { number: '+447700900124' })).allowed).toBe(true);
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(false);
  });

  it('reads once and writes once for an allowed request', async () => {
    const { throttle, store } = setup({ otp: { subject: 'number', windows: [{ limit: 2, per: '1m' }] } });
    await throttle.evaluate('otp', { number: NUMBER });
    expect(store.calls.map((call) => call.op)).toEqual(['get', 'create']);
    store.calls.length = 0;
    await throttle.evaluate('otp', { number: NUMBER });
    expect(store.calls.map((call) => call.op)).toEqual(['get', 'update']);
  });

  it('never writes for a denied request', async () => {
    const { throttle, store } = setup({ otp: { subject: 'number', windows: [{ limit: 1, per: '1m' }] } }, { blockedCache: false });
    await throttle.evaluate('otp', { number: NUMBER });
    store.calls.length = 0;
    await throttle.evaluate('otp', { number: NUMBER });
    expect(store.calls.map((call) => call.op)).toEqual(['get']);
  });

  it('answers a subject it knows is blocked from its cache with no store call, until the block ends', async () => {
    const { throttle, store, advance } = setup({ otp: { subject: 'number', windows: [{ limit: 1, per: '1m' }] } });
    await throttle.evaluate('otp', { number: NUMBER });
    await throttle.evaluate('otp', { number: NUMBER });
    store.calls.length = 0;
    advance(20_000);
    const cached = await throttle.evaluate('otp', { number: NUMBER });
    expect(cached).toMatchObject({ allowed: false, path: 'cache', retryAfterMs: 40_000, window: '1m' });
    expect(store.calls).toEqual([]);
    advance(40_000);
    expect(await throttle.evaluate('otp', { number: NUMBER })).toMatchObject({ allowed: true, path: 'store' });
  });

  it('skips every other rule set once an enforced rule set is known to be blocked', async () => {
    const { throttle, store } = setup();
    for (let i = 0; i < 4; i++) await throttle.evaluate('otp', { number: NUMBER });
    store.calls.length = 0;
    const decision = await throttle.evaluate('otp', { number: NUMBER });
    expect(decision.path).toBe('cache');
    expect(decision.rules.find((rule) => rule.rule === 'otp-prefix')?.reason).toBe('not_evaluated');
    expect(store.calls).toEqual([]);
  });

  it('checks the rule sets of a request concurrently', async () => {
    const rules: ThrottleRuleSetsInput = {
      a: { subject: 'number', windows: [{ limit: 5, per: '1m' }] },
      b: { action: 'a', subject: 'prefix:6', windows: [{ limit: 5, per: '1m' }] },
      c: { action: 'a', subject: 'country', windows: [{ limit: 5, per: '1m' }] },
      d: { action: 'a', subject: 'global', windows: [{ limit: 5, per: '1m' }] },
    };
    const { throttle, store } = setup(rules);
    store.before = () => sleep(60);
    const started = Date.now();
    const decision = await throttle.evaluate('a', { number: NUMBER, country: 'GB' });
    expect(decision.allowed).toBe(true);
    expect(store.calls).toHaveLength(8);
    expect(Date.now() - started).toBeLessThan(4 * 60);
  });

  it('leaves the other rule sets untouched when one denies', async () => {
    const { throttle, logOf } = setup();
    for (let i = 0; i < 4; i++) await throttle.evaluate('otp', { number: `+4477009001${i}0` });
    const decision = await throttle.evaluate('otp', { number: NUMBER });
    expect(decision).toMatchObject({ allowed: false, rule: 'otp-prefix' });
    expect(await logOf('otp', NUMBER)).toBeNull();
  });

  it('takes its event back out of the other logs when a commit loses a race and the re-read denies', async () => {
    const { throttle, store, key, logOf } = setup({
      a: { subject: 'number', windows: [{ limit: 1, per: '1m' }] },
      b: { action: 'a', subject: 'global', windows: [{ limit: 10, per: '1m' }] },
    });
    const contested = key('a', NUMBER);
    let raced = false;
    store.before = async (call) => {
      if (call.op === 'create' && call.key === contested && !raced) {
        raced = true;
        await store.inner.create(contested, { v: 1, t: [T0 - 1] }, 120);
      }
    };
    const decision = await throttle.evaluate('a', { number: NUMBER });
    expect(decision).toMatchObject({ allowed: false, rule: 'a', reason: 'rate_limited' });
    expect(decision.rules.find((rule) => rule.rule === 'a')?.conflicts).toBe(1);
    expect(decision.rules.find((rule) => rule.rule === 'b')).toMatchObject({ committed: false });
    expect(await logOf('b', 'global')).toEqual([]);
  });

  it('re-reads and admits when it loses a race that leaves room', async () => {
    const { throttle, store, key, logOf } = setup({ a: { subject: 'number', windows: [{ limit: 3, per: '1m' }] } });
    const contested = key('a', NUMBER);
    let raced = false;
    store.before = async (call) => {
      if (call.op === 'create' && !raced) {
        raced = true;
        await store.inner.create(contested, { v: 1, t: [T0 - 5] }, 120);
      }
    };
    const decision = await throttle.evaluate('a', { number: NUMBER });
    expect(decision).toMatchObject({ allowed: true, remaining: 1 });
    expect(await logOf('a', NUMBER)).toEqual([T0 - 5, T0]);
  });

  it('admits exactly the limit out of 50 concurrent requests', async () => {
    const { throttle, store } = setup({ a: { subject: 'number', windows: [{ limit: 5, per: '1m' }] } });
    store.before = () => sleep(Math.random() * 5);
    const decisions = await Promise.all(Array.from({ length: 50 }, () => throttle.evaluate('a', { number: NUMBER })));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
  });

  describe('when the store fails', () => {
    const rulesWith = (onStoreError: 'closed' | 'open' | 'local'): ThrottleRuleSetsInput => ({
      a: { subject: 'number', windows: [{ limit: 4, per: '1m' }], onStoreError },
    });

    it('denies a closed rule set with the store-error retry time', async () => {
      const { throttle, store } = setup(rulesWith('closed'));
      store.before = failWith('unavailable');
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: false, reason: 'store_unavailable', path: 'fallback', retryAfterMs: STORE_ERROR_RETRY_AFTER_MS });
      expect(decision.rules[0]).toMatchObject({ reason: 'store_error_closed', storeError: 'unavailable' });
    });

    it('allows an open rule set without counting', async () => {
      const { throttle, store } = setup(rulesWith('open'));
      store.before = failWith('rate_limited');
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: true, reason: 'ok', path: 'fallback' });
      expect(decision.rules[0]).toMatchObject({ reason: 'store_error_open', storeError: 'rate_limited', committed: false });
    });

    it('applies the strict local limit of a local rule set', async () => {
      const { throttle, store } = setup(rulesWith('local'));
      store.before = failWith('timeout');
      const first = await throttle.evaluate('a', { number: NUMBER });
      const second = await throttle.evaluate('a', { number: NUMBER });
      const third = await throttle.evaluate('a', { number: NUMBER });
      expect([first.allowed, second.allowed, third.allowed]).toEqual([true, true, false]);
      expect(third).toMatchObject({ path: 'fallback', reason: 'rate_limited', limit: 2 });
      expect(third.rules[0].storeError).toBe('timeout');
    });

    it('does not cache a local denial, so a recovered store decides the next request', async () => {
      const { throttle, store } = setup(rulesWith('local'));
      store.before = failWith('timeout');
      for (let i = 0; i < 3; i++) await throttle.evaluate('a', { number: NUMBER });
      store.before = () => undefined;
      expect(await throttle.evaluate('a', { number: NUMBER })).toMatchObject({ allowed: true, path: 'store' });
    });

    it('applies the policy when the store fails on the write after a good read', async () => {
      const { throttle, store } = setup(rulesWith('closed'));
      store.before = (call) => (call.op === 'get' ? undefined : failWith('unavailable')());
      expect(await throttle.evaluate('a', { number: NUMBER })).toMatchObject({ allowed: false, reason: 'store_unavailable' });
    });

    it('takes the event back out of the other logs when a closed rule set’s write fails', async () => {
      const { throttle, store, key, logOf } = setup({
        a: { subject: 'number', windows: [{ limit: 4, per: '1m' }], onStoreError: 'closed' },
        b: { action: 'a', subject: 'global', windows: [{ limit: 10, per: '1m' }] },
      });
      const failing = key('a', NUMBER);
      store.before = async (call) => {
        if (call.op !== 'get' && call.key === failing) throw new StoreError('unavailable', 'injected');
        if (call.op !== 'get') await sleep(5);
      };
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: false, reason: 'store_unavailable', rule: 'a' });
      expect(await logOf('b', 'global')).toEqual([]);
      expect(decision.rules.find((rule) => rule.rule === 'b')?.committed).toBe(false);
    });

    it('logs a compensation it could not make within its own budget at warn, and keeps the decision', async () => {
      const { throttle, store, key, records } = setup(
        {
          a: { subject: 'number', windows: [{ limit: 4, per: '1m' }], onStoreError: 'closed' },
          b: { action: 'a', subject: 'global', windows: [{ limit: 10, per: '1m' }] },
        },
        { compensationBudgetMs: 200 },
      );
      let bWritten = false;
      store.before = async (call) => {
        if (call.op !== 'get' && call.key === key('a', NUMBER)) {
          await sleep(10);
          throw new StoreError('unavailable', 'injected');
        }
        if (call.key === key('b', 'global')) {
          if (bWritten) throw new StoreError('unavailable', 'injected');
          if (call.op !== 'get') bWritten = true;
        }
      };
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision.allowed).toBe(false);
      // The last attempt's error: the store's refusal, or the compensation budget running out mid-attempt on a busy machine.
      expect(records).toContainEqual(expect.objectContaining({ event: 'throttle.compensation_failed', level: 'warn', rule: 'b', compensationError: expect.stringMatching(/^(unavailable|timeout)$/) }));
      expect(decision.rules.find((rule) => rule.rule === 'b')?.committed).toBe(true);
    });

    it.each(['closed', 'open', 'local'] as const)('refuses a %s rule set whose store throws something other than a StoreError (a bug, not an outage)', async (policy) => {
      const { throttle, store } = setup(rulesWith(policy));
      store.before = () => {
        throw new TypeError('bug');
      };
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: false, reason: 'store_unavailable' });
      expect(decision.rules[0].storeError).toBe('unknown');
    });

    it.each(['closed', 'open', 'local'] as const)('decides a %s rule set within the deadline when the store hangs', async (policy) => {
      const { throttle, store } = setup(rulesWith(policy), { deadlineMs: 150, storeTimeoutMs: 100 });
      store.before = () => new Promise(() => undefined);
      const started = Date.now();
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(Date.now() - started).toBeLessThan(400);
      expect(decision.allowed).toBe(policy !== 'closed');
      expect(decision.rules[0].storeError).toBe('timeout');
    });

    it('counts endless lost races as a store failure', async () => {
      const conflicting: Store = {
        name: 'conflicting',
        get: async () => ({ data: { v: 1, t: [] }, revision: '1' }),
        create: async () => ({ ok: false, conflict: 'exists' }),
        update: async () => ({ ok: false, conflict: 'revision' }),
      };
      const { throttle } = setup(rulesWith('closed'), { store: conflicting, maxConflictRetries: 3 });
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: false, reason: 'store_unavailable' });
      expect(decision.rules[0]).toMatchObject({ storeError: 'conflict', conflicts: 4 });
    });

    it('treats an unreadable item as empty, logs it, and replaces it', async () => {
      const { throttle, store, key, records, logOf } = setup(rulesWith('closed'));
      await store.inner.create(key('a', NUMBER), { something: 'else' }, 120);
      expect((await throttle.evaluate('a', { number: NUMBER })).allowed).toBe(true);
      expect(records.some((record) => record.event === 'throttle.item_unreadable')).toBe(true);
      expect(await logOf('a', NUMBER)).toEqual([T0]);
    });
  });

  describe('monitor mode', () => {
    const monitored: ThrottleRuleSetsInput = {
      a: { subject: 'number', windows: [{ limit: 1, per: '1m' }], mode: 'monitor' },
      b: { action: 'a', subject: 'global', windows: [{ limit: 10, per: '1m' }] },
    };

    it('allows what a monitor rule set would deny and says what enforcing would have done', async () => {
      const { throttle } = setup(monitored);
      await throttle.evaluate('a', { number: NUMBER });
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: true, monitorOnly: true, reason: 'rate_limited', rule: 'a', window: '1m' });
      expect(decision.retryAfterMs).toBeGreaterThan(0);
    });

    it('counts a request a monitor rule set admits, as enforcing would', async () => {
      const { throttle, logOf } = setup(monitored);
      await throttle.evaluate('a', { number: NUMBER });
      await throttle.evaluate('a', { number: NUMBER });
      expect(await logOf('a', NUMBER)).toEqual([T0]);
      expect(await logOf('b', 'global')).toEqual([T0, T0]);
    });

    it('keeps monitor rule sets out of the headers’ quota', async () => {
      const { throttle } = setup(monitored);
      await throttle.evaluate('a', { number: NUMBER });
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision.quota?.rule).toBe('b');
    });

    it('runs every rule set in monitor mode when the gate is', async () => {
      const { throttle } = setup({ a: { subject: 'number', windows: [{ limit: 1, per: '1m' }] } }, { mode: 'monitor' });
      await throttle.evaluate('a', { number: NUMBER });
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision).toMatchObject({ allowed: true, monitorOnly: true, reason: 'rate_limited' });
      expect(decision.rules[0].mode).toBe('monitor');
    });

    it('logs a monitor-only decision as such', async () => {
      const { throttle, records } = setup(monitored);
      await throttle.evaluate('a', { number: NUMBER });
      await throttle.evaluate('a', { number: NUMBER });
      expect(records.at(-1)).toMatchObject({ event: 'throttle.decision', allowed: true, monitorOnly: true, rule: 'a' });
    });
  });

  describe('subjects', () => {
    it('refuses a number that is not E.164 without asking the store', async () => {
      const { throttle, store } = setup();
      const decision = await throttle.evaluate('otp', { number: '07700 900123' });
      expect(decision).toMatchObject({ allowed: false, reason: 'invalid_subject', path: 'none' });
      expect(store.calls).toEqual([]);
    });

    it('skips a rule set whose subject the request does not carry', async () => {
      const { throttle } = setup({
        a: { subject: 'number', windows: [{ limit: 1, per: '1m' }] },
        'a-user': { action: 'a', subject: 'identity', windows: [{ limit: 1, per: '1m' }] },
      });
      const decision = await throttle.evaluate('a', { number: NUMBER });
      expect(decision.allowed).toBe(true);
      expect(decision.rules.find((rule) => rule.rule === 'a-user')).toMatchObject({ reason: 'subject_missing', allowed: true, key: null });
    });

    it('treats a missing subject object as empty', async () => {
      const { throttle } = setup({ a: { subject: 'global', windows: [{ limit: 1, per: '1m' }] } });
      expect((await throttle.evaluate('a', undefined as never)).allowed).toBe(true);
    });
  });

  describe('logging', () => {
    it('writes one decision record naming hashed keys, never the number', async () => {
      const { throttle, records, key } = setup();
      await throttle.evaluate('otp', { number: NUMBER });
      const text = JSON.stringify(records);
      expect(records.filter((record) => record.event === 'throttle.decision')).toHaveLength(1);
      expect(text).toContain(key('otp', NUMBER));
      expect(text).not.toContain('7700900123');
      expect(text).not.toContain('447700');
    });

    it('keeps deciding when the logger throws', async () => {
      const { throttle } = setup(OTP_RULES, {
        logger: () => {
          throw new Error('log sink down');
        },
      });
      expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
    });

    it('allows an action no rule set guards and warns once', async () => {
      const { throttle, records } = setup();
      expect(await throttle.evaluate('nothing', { number: NUMBER })).toMatchObject({ allowed: true, reason: 'no_rules', path: 'none' });
      await throttle.evaluate('nothing', { number: NUMBER });
      expect(records.filter((record) => record.event === 'throttle.no_rules')).toHaveLength(1);
    });
  });

  describe('options', () => {
    it('uses the default rule sets when none are given', () => {
      const throttle = createThrottle({ store: createMemoryStore(), secret: SECRET });
      expect(throttle.ruleSets.has('verify-start')).toBe(true);
    });

    it('refuses a short secret', () => {
      expect(() => createThrottle({ store: createMemoryStore(), secret: 'short' })).toThrow(/secret/);
    });

    it('refuses a missing store', () => {
      expect(() => createThrottle({ store: undefined as never, secret: SECRET })).toThrow(/store is required/);
    });

    it.each([['deadlineMs', 0], ['storeTimeoutMs', -1], ['maxConflictRetries', 1.5]])('refuses %s %j', (name, value) => {
      expect(() => createThrottle({ store: createMemoryStore(), secret: SECRET, [name]: value })).toThrow(new RegExp(name));
    });

    it('never rejects, even when the local store fails too', async () => {
      const broken: Store = {
        name: 'broken',
        get: async () => {
          throw new StoreError('unavailable', 'down');
        },
        create: async () => ({ ok: true, revision: '1' }),
        update: async () => ({ ok: true, revision: '1' }),
      };
      const { throttle } = setup({ a: { subject: 'number', windows: [{ limit: 1, per: '1m' }], onStoreError: 'local' } }, { store: broken, localStore: broken });
      expect(await throttle.evaluate('a', { number: NUMBER })).toMatchObject({ allowed: false, reason: 'store_unavailable', path: 'fallback' });
    });
  });
});
