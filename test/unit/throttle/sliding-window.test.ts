import fc from 'fast-check';
import {
  appendEvent,
  checkWindows,
  decodeWindowLog,
  encodeWindowLog,
  EXACT_LOG_MAX_LIMIT,
  MAX_WINDOW_MS,
  type ThrottleWindow,
} from '../../../src/core/throttle';

const W10S: ThrottleWindow = { limit: 3, per: '10s', windowMs: 10_000 };
const W1M: ThrottleWindow = { limit: 5, per: '1m', windowMs: 60_000 };
const T0 = 1_700_000_000_000;

describe('checkWindows at the window edge', () => {
  const full = [T0, T0 + 1000, T0 + 2000];

  it('still counts an event one ms before it leaves the window', () => {
    const check = checkWindows(full, [W10S], T0 + 10_000 - 1);
    expect(check.allowed).toBe(false);
    expect(check.retryAfterMs).toBe(1);
  });

  it('no longer counts an event exactly one window after it', () => {
    const check = checkWindows(full, [W10S], T0 + 10_000);
    expect(check.allowed).toBe(true);
    expect(check.windows[0].count).toBe(2);
    expect(check.binding.remaining).toBe(0);
  });

  it('no longer counts an event one ms after it left', () => {
    const check = checkWindows(full, [W10S], T0 + 10_000 + 1);
    expect(check.allowed).toBe(true);
    expect(check.windows[0].count).toBe(2);
  });

  it('admits a denied request exactly at its retry time and not a ms earlier', () => {
    const now = T0 + 5000;
    const denied = checkWindows(full, [W10S], now);
    expect(denied.allowed).toBe(false);
    expect(checkWindows(full, [W10S], now + denied.retryAfterMs - 1).allowed).toBe(false);
    expect(checkWindows(full, [W10S], now + denied.retryAfterMs).allowed).toBe(true);
  });
});

describe('checkWindows', () => {
  it('allows into an empty log with limit - 1 left and a reset one window away', () => {
    const check = checkWindows([], [W10S, W1M], T0);
    expect(check.allowed).toBe(true);
    expect(check.windows.map((state) => [state.remaining, state.resetMs])).toEqual([
      [2, 10_000],
      [4, 60_000],
    ]);
    expect(check.binding.per).toBe('10s');
  });

  it('denies when any window is full, naming that window', () => {
    const log = [T0, T0 + 1, T0 + 2, T0 + 30_000, T0 + 30_001];
    const check = checkWindows(log, [W10S, W1M], T0 + 35_000);
    expect(check.allowed).toBe(false);
    expect(check.binding.per).toBe('1m');
    expect(check.retryAfterMs).toBe(T0 + 60_000 - (T0 + 35_000));
  });

  it('reports the window that frees last when several deny', () => {
    const log = [T0, T0 + 50_000, T0 + 50_001, T0 + 50_002, T0 + 50_003];
    const check = checkWindows(log, [W10S, W1M], T0 + 55_000);
    expect(check.windows.every((state) => state.retryAfterMs > 0)).toBe(true);
    expect(check.binding.per).toBe('10s');
    expect(check.retryAfterMs).toBe(T0 + 50_001 + 10_000 - (T0 + 55_000));
  });

  it('waits for enough events to leave when a log is over the limit (a lowered limit)', () => {
    const log = [T0, T0 + 1000, T0 + 2000, T0 + 3000, T0 + 4000];
    const check = checkWindows(log, [W10S], T0 + 5000);
    expect(check.retryAfterMs).toBe(T0 + 2000 + 10_000 - (T0 + 5000));
  });

  it('counts events stamped in the future by a clock that runs ahead', () => {
    const check = checkWindows([T0 + 500, T0 + 600, T0 + 700], [W10S], T0);
    expect(check.allowed).toBe(false);
  });

  it('never admits more than the limit in any window, whatever the arrival times', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 200_000 }), { maxLength: 80 }), (offsets) => {
        let log: number[] = [];
        const admitted: number[] = [];
        for (const now of [...offsets].sort((a, b) => a - b).map((offset) => T0 + offset)) {
          if (checkWindows(log, [W10S, W1M], now).allowed) {
            log = appendEvent(log.map((t) => ({ t, id: '' })), { t: now, id: '' }, W1M.windowMs, W1M.limit).map((event) => event.t);
            admitted.push(now);
          }
        }
        for (const end of admitted) {
          expect(admitted.filter((t) => t > end - W10S.windowMs && t <= end).length).toBeLessThanOrEqual(W10S.limit);
          expect(admitted.filter((t) => t > end - W1M.windowMs && t <= end).length).toBeLessThanOrEqual(W1M.limit);
        }
      }),
    );
  });
});

describe('window log encoding', () => {
  it('round-trips sorted timestamps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { maxLength: 200 }), (values) => {
        const sorted = [...values].sort((a, b) => a - b);
        expect(decodeWindowLog(JSON.parse(JSON.stringify(encodeWindowLog(sorted))))).toEqual(sorted);
      }),
    );
  });

  it('stores the oldest time and the gaps after it', () => {
    expect(encodeWindowLog([T0, T0 + 1500, T0 + 1600])).toEqual({ v: 1, t: [T0, 1500, 100] });
  });

  it('fits a full log of the largest limit over the longest window in Sync’s 16 KiB item', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX_WINDOW_MS - 1 }), { minLength: EXACT_LOG_MAX_LIMIT, maxLength: EXACT_LOG_MAX_LIMIT }), (offsets) => {
        const log = offsets.map((offset) => 4_102_444_800_000 + offset).sort((a, b) => a - b);
        expect(Buffer.byteLength(JSON.stringify(encodeWindowLog(log)))).toBeLessThan(16 * 1024);
      }),
      { numRuns: 50 },
    );
  });

  it.each([null, 'text', { v: 3, t: [] }, { v: 2, t: [1] }, { v: 1 }, { v: 1, t: [1, -1] }, { v: 1, t: [1.5] }, { v: 1, t: ['1'] }])('reads %j as unreadable', (data) => {
    expect(decodeWindowLog(data)).toBeUndefined();
  });
});
