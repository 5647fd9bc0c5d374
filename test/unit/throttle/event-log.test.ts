import fc from 'fast-check';
import { appendEvent, decodeEventLog, encodeEventLog, EVENT_ID_TAIL, EXACT_LOG_MAX_LIMIT, MAX_WINDOW_MS, newEventId, withoutEvent, type LogEvent } from '../../../src/core/throttle';

const T0 = 1_700_000_000_000;
const event = (t: number, id = 'a') => ({ t, id });

describe('appendEvent', () => {
  it('drops events older than the longest window and keeps order', () => {
    expect(appendEvent([event(T0), event(T0 + 5000), event(T0 + 9000)], event(T0 + 10_000, 'b'), 10_000, 10).map((e) => e.t)).toEqual([T0 + 5000, T0 + 9000, T0 + 10_000]);
  });

  it('inserts an event from a clock that runs behind in order', () => {
    expect(appendEvent([event(T0), event(T0 + 2000)], event(T0 + 1000, 'b'), 10_000, 10).map((e) => e.t)).toEqual([T0, T0 + 1000, T0 + 2000]);
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    expect(appendEvent([event(T0), event(T0 + 1), event(T0 + 2)], event(T0 + 3), 10_000, 3).map((e) => e.t)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
  });
});

describe('withoutEvent', () => {
  it('removes exactly the event with that time and id', () => {
    expect(withoutEvent([event(T0, 'a'), event(T0, 'b'), event(T0 + 1, 'a')], event(T0, 'b'))).toEqual([event(T0, 'a'), event(T0 + 1, 'a')]);
  });

  it('reports an event that is not there, or has no id to find it by', () => {
    expect(withoutEvent([event(T0, 'a')], event(T0, 'b'))).toBeUndefined();
    expect(withoutEvent([event(T0, '')], event(T0, ''))).toBeUndefined();
  });
});

describe('event log encoding', () => {
  it('round-trips events, keeping the ids of the newest ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { maxLength: 200 }), (values) => {
        const events = [...values].sort((a, b) => a - b).map((t, index) => ({ t, id: newEventId(() => ((index * 7) % 36) / 36) }));
        const decoded = decodeEventLog(JSON.parse(JSON.stringify(encodeEventLog(events)))) as LogEvent[];
        expect(decoded.map((e) => e.t)).toEqual(events.map((e) => e.t));
        const tagged = Math.max(0, events.length - EVENT_ID_TAIL);
        expect(decoded.slice(tagged)).toEqual(events.slice(tagged));
        expect(decoded.slice(0, tagged).every((e) => e.id === '')).toBe(true);
      }),
    );
  });

  it('reads a version 1 log (timestamps only) as events without ids', () => {
    expect(decodeEventLog({ v: 1, t: [T0, 5] })).toEqual([event(T0, ''), event(T0 + 5, '')]);
  });

  it('fits a full log of the largest limit over the longest window in Sync’s 16 KiB item', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: MAX_WINDOW_MS - 1 }), { minLength: EXACT_LOG_MAX_LIMIT, maxLength: EXACT_LOG_MAX_LIMIT }), (offsets) => {
        const events = offsets.map((offset) => 4_102_444_800_000 + offset).sort((a, b) => a - b).map((t) => ({ t, id: newEventId(Math.random) }));
        expect(Buffer.byteLength(JSON.stringify(encodeEventLog(events)))).toBeLessThan(16 * 1024);
      }),
      { numRuns: 50 },
    );
  });

  it.each([{ v: 2, t: [1], i: ['A'] }, { v: 2, t: [1], i: ['a', 'b'] }, { v: 2, t: [1] }])('reads %j as unreadable', (data) => {
    expect(decodeEventLog(data)).toBeUndefined();
  });
});
