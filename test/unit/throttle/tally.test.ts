import {
  countEvent,
  createMemoryStore,
  createThrottle,
  decodeCounterLog,
  decodeEventLog,
  parseRuleSets,
  shardKey,
  StoreError,
  subjectKey,
  tallyCounterWindow,
  windowLogTally,
  type CounterLog,
  type Store,
  type ThrottleRuleSetsInput,
  type ThrottleWindow,
} from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
/** On a whole minute, so counted buckets (a sixtieth of an hour) start exactly at T0. */
const T0 = 1_700_000_040_000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SHARDS = 4;

/**
 * The age a tally gives the oldest event at `t`, seen at `now`: exact logs age the event itself,
 * counted logs the start of its bucket (a sixtieth of the window; a day's is 24 minutes).
 */
function ageOf(rule: string, windowMs: number, t: number, now: number): number {
  const bucketMs = windowMs / 60;
  return rule === 'exact' ? now - t : now - Math.floor(t / bucketMs) * bucketMs;
}

/** Exact logs (largest limit 1000) and counted logs (100000), both spread over every shard. */
const RULES: ThrottleRuleSetsInput = {
  exact: { subject: 'country', windows: [{ limit: 400, per: '1h' }, { limit: 1000, per: '1d' }], shards: 'all' },
  counted: { subject: 'country', windows: [{ limit: 50_000, per: '1h' }, { limit: 100_000, per: '1d' }], shards: 'all' },
};

/** A seeded stream (an LCG), so the shards each admission lands in are the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

function setup(store: Store = createMemoryStore({ now: () => T0 })) {
  let now = T0;
  const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(RULES, {}), now: () => now, storeShards: SHARDS, random: seeded(7), blockedCache: false });
  return {
    throttle,
    store,
    advance: (ms: number) => {
      now += ms;
    },
    /** Admits `count` starts to `country` under rule set `rule` at the current time. */
    admit: async (rule: string, country: string, count: number) => {
      for (let i = 0; i < count; i += 1) expect((await throttle.evaluate(rule, { country })).allowed).toBe(true);
    },
    /** Events each shard item holds (exact: its timestamps; counted: its longest window's buckets). */
    perShard: async (rule: string, country: string) => {
      const key = subjectKey(rule, country, SECRET);
      const items = await Promise.all(Array.from({ length: SHARDS }, (_, index) => store.get(shardKey(key, SHARDS, index))));
      return items.map((item) => {
        if (!item) return 0;
        const events = decodeEventLog(item.data);
        if (events) return events.length;
        const counted = decodeCounterLog(item.data) as CounterLog;
        return counted.windows[counted.windows.length - 1].counts.reduce((sum, count) => sum + count, 0);
      });
    },
  };
}

describe('throttle.tally', () => {
  it.each(['exact', 'counted'])('sums the %s log of a sharded country over every shard', async (rule) => {
    const { throttle, admit, advance, perShard } = setup();
    for (let i = 0; i < 6; i += 1) {
      await admit(rule, 'GB', 5);
      advance(MINUTE);
    }
    const shards = await perShard(rule, 'GB');
    // The admissions really are spread: a tally of one shard would miss some.
    expect(shards.filter((count) => count > 0).length).toBeGreaterThanOrEqual(2);
    expect(shards.reduce((sum, count) => sum + count, 0)).toBe(30);
    const tally = await throttle.tally(rule, { country: 'GB' });
    const now = T0 + 6 * MINUTE;
    expect(tally).toEqual({
      ok: true,
      windows: [
        { per: '1h', windowMs: HOUR, count: 30, oldestAgeMs: 6 * MINUTE },
        { per: '1d', windowMs: DAY, count: 30, oldestAgeMs: ageOf(rule, DAY, T0, now) },
      ],
    });
  });

  it.each(['exact', 'counted'])('counts each country of the %s rule set apart', async (rule) => {
    const { throttle, admit } = setup();
    await admit(rule, 'GB', 7);
    await admit(rule, 'DE', 3);
    const counts = async (country: string) => {
      const tally = await throttle.tally(rule, { country });
      return tally.ok ? tally.windows.map((window) => window.count) : tally.reason;
    };
    expect(await counts('GB')).toEqual([7, 7]);
    expect(await counts('DE')).toEqual([3, 3]);
    expect(await counts('FR')).toEqual([0, 0]);
  });

  it('answers zero events and age 0 for a country nothing was admitted to', async () => {
    const { throttle } = setup();
    expect(await throttle.tally('exact', { country: 'FR' })).toEqual({
      ok: true,
      windows: [
        { per: '1h', windowMs: HOUR, count: 0, oldestAgeMs: 0 },
        { per: '1d', windowMs: DAY, count: 0, oldestAgeMs: 0 },
      ],
    });
  });

  it.each(['exact', 'counted'])('counts only the events inside each window of the %s log', async (rule) => {
    const { throttle, admit, advance } = setup();
    await admit(rule, 'GB', 4);
    advance(2 * HOUR);
    await admit(rule, 'GB', 3);
    advance(MINUTE);
    const tally = await throttle.tally(rule, { country: 'GB' });
    const now = T0 + 2 * HOUR + MINUTE;
    expect(tally).toEqual({
      ok: true,
      windows: [
        { per: '1h', windowMs: HOUR, count: 3, oldestAgeMs: MINUTE },
        { per: '1d', windowMs: DAY, count: 7, oldestAgeMs: ageOf(rule, DAY, T0, now) },
      ],
    });
    advance(DAY + HOUR);
    const later = await throttle.tally(rule, { country: 'GB' });
    expect(later.ok && later.windows.map((window) => window.count)).toEqual([0, 0]);
  });

  it('does not write: a tally leaves every shard as it was', async () => {
    const { throttle, admit, perShard } = setup();
    await admit('exact', 'GB', 5);
    const before = await perShard('exact', 'GB');
    await throttle.tally('exact', { country: 'GB' });
    await throttle.tally('exact', { country: 'DE' });
    expect(await perShard('exact', 'GB')).toEqual(before);
    expect(await perShard('exact', 'DE')).toEqual([0, 0, 0, 0]);
  });

  it('answers store_error when the store cannot read, without rejecting', async () => {
    const inner = createMemoryStore({ now: () => T0 });
    const failing: Store = {
      name: 'failing',
      get: () => Promise.reject(new StoreError('unavailable', 'injected outage')),
      create: (key, data, ttl) => inner.create(key, data, ttl),
      update: (key, data, ttl, revision) => inner.update(key, data, ttl, revision),
    };
    const { throttle } = setup(failing);
    await expect(throttle.tally('exact', { country: 'GB' })).resolves.toEqual({ ok: false, reason: 'store_error' });
    await expect(throttle.tally('counted', { country: 'GB' })).resolves.toEqual({ ok: false, reason: 'store_error' });
  });

  it('answers store_error when only one shard of several fails', async () => {
    const inner = createMemoryStore({ now: () => T0 });
    const oneShardDown: Store = {
      name: 'one-shard-down',
      get: (key) => (key.endsWith('~2') ? Promise.reject(new StoreError('timeout', 'injected timeout')) : inner.get(key)),
      create: (key, data, ttl) => inner.create(key, data, ttl),
      update: (key, data, ttl, revision) => inner.update(key, data, ttl, revision),
    };
    const { throttle } = setup(oneShardDown);
    await expect(throttle.tally('exact', { country: 'GB' })).resolves.toEqual({ ok: false, reason: 'store_error' });
  });

  it('answers no_rule for a rule set the throttle does not have', async () => {
    const { throttle } = setup();
    await expect(throttle.tally('no-such-rule', { country: 'GB' })).resolves.toEqual({ ok: false, reason: 'no_rule' });
  });

  it('answers subject_missing when the subject lacks the country, and invalid_subject for a malformed one', async () => {
    const { throttle } = setup();
    await expect(throttle.tally('exact', {})).resolves.toEqual({ ok: false, reason: 'subject_missing' });
    await expect(throttle.tally('counted', { number: '+447700900123' })).resolves.toEqual({ ok: false, reason: 'subject_missing' });
    await expect(throttle.tally('exact', { country: 'not a country' })).resolves.toEqual({ ok: false, reason: 'invalid_subject' });
  });
});

describe('windowLogTally', () => {
  const HOUR_WINDOW: ThrottleWindow = { limit: 100, per: '1h', windowMs: HOUR };

  it('counts exact events with now - t below the window, and ages the oldest of them', () => {
    const events = [T0 - HOUR, T0 - HOUR + 1, T0 - 10, T0].map((t, index) => ({ t, id: `e${index}` }));
    expect(windowLogTally({ kind: 'exact', events }, HOUR_WINDOW, T0)).toEqual({ count: 3, oldestAgeMs: HOUR - 1 });
  });

  it('answers count 0 and age 0 for an exact log with nothing inside the window', () => {
    expect(windowLogTally({ kind: 'exact', events: [{ t: T0 - 2 * HOUR, id: 'old' }] }, HOUR_WINDOW, T0)).toEqual({ count: 0, oldestAgeMs: 0 });
    expect(windowLogTally({ kind: 'exact', events: [] }, HOUR_WINDOW, T0)).toEqual({ count: 0, oldestAgeMs: 0 });
  });

  it('hands a counted log to tallyCounterWindow', () => {
    const log = countEvent({ windows: [], recent: [] }, [HOUR_WINDOW], { t: T0 + 5, id: 'a' });
    expect(windowLogTally({ kind: 'counted', log }, HOUR_WINDOW, T0 + MINUTE)).toEqual(tallyCounterWindow(log, HOUR_WINDOW, T0 + MINUTE));
  });
});

describe('tallyCounterWindow', () => {
  const HOUR_WINDOW: ThrottleWindow = { limit: 100_000, per: '1h', windowMs: HOUR };
  const logOf = (times: readonly number[]): CounterLog => times.reduce<CounterLog>((log, t, index) => countEvent(log, [HOUR_WINDOW], { t, id: `e${index}` }), { windows: [], recent: [] });

  it('sums the buckets still touching the window and ages the oldest from its start', () => {
    // Buckets of a minute: T0 + 30 s sits in the bucket that began at T0.
    const log = logOf([T0 + 30_000, T0 + 30_000, T0 + 5 * MINUTE, T0 + 20 * MINUTE]);
    expect(tallyCounterWindow(log, HOUR_WINDOW, T0 + 30 * MINUTE)).toEqual({ count: 4, oldestAgeMs: 30 * MINUTE });
  });

  it('drops a bucket once it no longer touches the window', () => {
    const log = logOf([T0 + 30_000, T0 + 5 * MINUTE]);
    // At T0 + 1 h + 2 min the bucket of T0 is two buckets behind the window's start.
    expect(tallyCounterWindow(log, HOUR_WINDOW, T0 + HOUR + 2 * MINUTE)).toEqual({ count: 1, oldestAgeMs: HOUR - 3 * MINUTE });
  });

  it('answers count 0 and age 0 for a log with no buckets for the window', () => {
    expect(tallyCounterWindow({ windows: [], recent: [] }, HOUR_WINDOW, T0)).toEqual({ count: 0, oldestAgeMs: 0 });
    expect(tallyCounterWindow(logOf([T0]), HOUR_WINDOW, T0 + 3 * HOUR)).toEqual({ count: 0, oldestAgeMs: 0 });
  });
});
