import { createCountryTallies, MAX_TALLIED_COUNTRIES, type CountryCounts } from '../../../src/core/adaptive';

const T0 = 1_700_000_000_000;
const REFRESH_MS = 10_000;

function counts(starts: number, approvals = 0, baselineApprovals = 0): CountryCounts {
  return { starts, approvals, baselineApprovals, observedMs: 60_000 };
}

/** A read that answers `answers` in turn (the last one again after), counting its calls. */
function readOf(...answers: Array<CountryCounts | undefined | Error>) {
  const read = jest.fn(async (): Promise<CountryCounts | undefined> => {
    const answer = answers[Math.min(read.mock.calls.length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  });
  return read;
}

/** A read held open until the test settles it (every call so far, should there be several). */
function heldRead() {
  const pending: Array<{ resolve: (counts: CountryCounts | undefined) => void; reject: (error: Error) => void }> = [];
  const read = jest.fn(() => new Promise<CountryCounts | undefined>((resolve, reject) => pending.push({ resolve, reject })));
  return {
    read,
    resolve: (value: CountryCounts | undefined) => pending.splice(0).forEach((call) => call.resolve(value)),
    reject: (error: Error) => pending.splice(0).forEach((call) => call.reject(error)),
  };
}

describe('createCountryTallies', () => {
  it('reads a country once per refresh time and answers from memory in between', async () => {
    const tallies = createCountryTallies();
    const read = readOf(counts(5, 2), counts(9, 3));
    expect(await tallies.counts('GB', T0, REFRESH_MS, read)).toEqual(counts(5, 2));
    expect(await tallies.counts('GB', T0 + 1, REFRESH_MS, read)).toEqual(counts(5, 2));
    expect(await tallies.counts('GB', T0 + REFRESH_MS - 1, REFRESH_MS, read)).toEqual(counts(5, 2));
    expect(read).toHaveBeenCalledTimes(1);
    expect(await tallies.counts('GB', T0 + REFRESH_MS, REFRESH_MS, read)).toEqual(counts(9, 3));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads each country apart', async () => {
    const tallies = createCountryTallies();
    const gb = readOf(counts(5));
    const de = readOf(counts(8));
    expect(await tallies.counts('GB', T0, REFRESH_MS, gb)).toEqual(counts(5));
    expect(await tallies.counts('DE', T0, REFRESH_MS, de)).toEqual(counts(8));
    expect(await tallies.counts('GB', T0 + 1, REFRESH_MS, gb)).toEqual(counts(5));
    expect(gb).toHaveBeenCalledTimes(1);
    expect(de).toHaveBeenCalledTimes(1);
  });

  it('lets concurrent callers share one read in flight', async () => {
    const tallies = createCountryTallies();
    const held = heldRead();
    const waiting = [0, 1, 2, 3, 4].map((offset) => tallies.counts('GB', T0 + offset, REFRESH_MS, held.read));
    expect(held.read).toHaveBeenCalledTimes(1);
    held.resolve(counts(12, 4));
    await expect(Promise.all(waiting)).resolves.toEqual(Array.from({ length: 5 }, () => counts(12, 4)));
    expect(held.read).toHaveBeenCalledTimes(1);
  });

  it('lets a caller past the refresh time wait for the read still in flight rather than start another', async () => {
    const tallies = createCountryTallies();
    const held = heldRead();
    const first = tallies.counts('GB', T0, REFRESH_MS, held.read);
    const late = tallies.counts('GB', T0 + 5 * REFRESH_MS, REFRESH_MS, held.read);
    held.resolve(counts(3));
    expect(await first).toEqual(counts(3));
    expect(await late).toEqual(counts(3));
    expect(held.read).toHaveBeenCalledTimes(1);
  });

  it("adds the starts this instance noted to the read's until the next read", async () => {
    const tallies = createCountryTallies();
    const read = readOf(counts(5, 1), counts(20, 1));
    await tallies.counts('GB', T0, REFRESH_MS, read);
    tallies.noteStart('GB');
    tallies.noteStart('GB');
    expect(await tallies.counts('GB', T0 + 1, REFRESH_MS, read)).toEqual(counts(7, 1));
    // Asking again does not add them twice.
    expect(await tallies.counts('GB', T0 + 2, REFRESH_MS, read)).toEqual(counts(7, 1));
    // The next read shows them (and others'): the noted starts are dropped.
    expect(await tallies.counts('GB', T0 + REFRESH_MS, REFRESH_MS, read)).toEqual(counts(20, 1));
  });

  it('keeps starts noted while a read is in flight until the read after it', async () => {
    const tallies = createCountryTallies();
    const held = heldRead();
    const waiting = tallies.counts('GB', T0, REFRESH_MS, held.read);
    tallies.noteStart('GB');
    held.resolve(counts(5));
    expect(await waiting).toEqual(counts(6));
    expect(await tallies.counts('GB', T0 + 1, REFRESH_MS, held.read)).toEqual(counts(6));
  });

  it('notes no start for a country it has not read', async () => {
    const tallies = createCountryTallies();
    tallies.noteStart('GB');
    expect(await tallies.counts('GB', T0, REFRESH_MS, readOf(counts(5)))).toEqual(counts(5));
  });

  it('answers undefined for a failed read and remembers it for the refresh time, then reads again', async () => {
    const tallies = createCountryTallies();
    const read = readOf(new Error('store down'), counts(4));
    expect(await tallies.counts('GB', T0, REFRESH_MS, read)).toBeUndefined();
    for (let offset = 1; offset < REFRESH_MS; offset += 1000) {
      expect(await tallies.counts('GB', T0 + offset, REFRESH_MS, read)).toBeUndefined();
    }
    // No read storm during the outage: one read per refresh time.
    expect(read).toHaveBeenCalledTimes(1);
    expect(await tallies.counts('GB', T0 + REFRESH_MS, REFRESH_MS, read)).toEqual(counts(4));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('gives every concurrent caller undefined when the shared read rejects', async () => {
    const tallies = createCountryTallies();
    const held = heldRead();
    const waiting = [0, 1, 2].map((offset) => tallies.counts('GB', T0 + offset, REFRESH_MS, held.read));
    held.reject(new Error('timeout'));
    await expect(Promise.all(waiting)).resolves.toEqual([undefined, undefined, undefined]);
    expect(held.read).toHaveBeenCalledTimes(1);
  });

  it('treats a read that answers undefined like a failed one: remembered for the refresh time', async () => {
    const tallies = createCountryTallies();
    const read = readOf(undefined, counts(2));
    expect(await tallies.counts('GB', T0, REFRESH_MS, read)).toBeUndefined();
    tallies.noteStart('GB');
    expect(await tallies.counts('GB', T0 + 1, REFRESH_MS, read)).toBeUndefined();
    expect(read).toHaveBeenCalledTimes(1);
    expect(await tallies.counts('GB', T0 + REFRESH_MS, REFRESH_MS, read)).toEqual(counts(2));
  });

  it('reads again when the clock runs behind the last read', async () => {
    const tallies = createCountryTallies();
    const read = readOf(counts(1), counts(2));
    await tallies.counts('GB', T0, REFRESH_MS, read);
    expect(await tallies.counts('GB', T0 - 1, REFRESH_MS, read)).toEqual(counts(2));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('knows the effective approvals of every country it has read, and none of a failed or pending read', async () => {
    const tallies = createCountryTallies();
    expect(tallies.knownApprovals()).toBe(0);
    await tallies.counts('GB', T0, REFRESH_MS, readOf(counts(50, 30, 10)));
    // DE's day is quiet: its weekly daily average counts.
    await tallies.counts('DE', T0, REFRESH_MS, readOf(counts(9, 2, 8)));
    await tallies.counts('FR', T0, REFRESH_MS, readOf(new Error('store down')));
    const held = heldRead();
    const pending = tallies.counts('ES', T0, REFRESH_MS, held.read);
    expect(tallies.knownApprovals()).toBe(30 + 8);
    held.resolve(counts(4, 4));
    await pending;
    expect(tallies.knownApprovals()).toBe(30 + 8 + 4);
  });

  it('keeps knowing the approvals of a country read long ago', async () => {
    const tallies = createCountryTallies();
    await tallies.counts('GB', T0, REFRESH_MS, readOf(counts(50, 30)));
    await tallies.counts('DE', T0 + 100 * REFRESH_MS, REFRESH_MS, readOf(counts(5, 5)));
    expect(tallies.knownApprovals()).toBe(35);
  });

  it('counts a country once in the known approvals after it is read again', async () => {
    const tallies = createCountryTallies();
    const read = readOf(counts(50, 30), counts(60, 40));
    await tallies.counts('GB', T0, REFRESH_MS, read);
    await tallies.counts('GB', T0 + REFRESH_MS, REFRESH_MS, read);
    expect(tallies.knownApprovals()).toBe(40);
  });

  it('forgets the least recently read country past maxEntries', async () => {
    const tallies = createCountryTallies(2);
    const gb = readOf(counts(1, 10));
    const de = readOf(counts(2, 20));
    const fr = readOf(counts(3, 30));
    await tallies.counts('GB', T0, REFRESH_MS, gb);
    await tallies.counts('DE', T0, REFRESH_MS, de);
    await tallies.counts('FR', T0, REFRESH_MS, fr);
    expect(tallies.knownApprovals()).toBe(50);
    // DE and FR are still in memory; GB has to be read again (and then DE is the oldest).
    await tallies.counts('DE', T0 + 1, REFRESH_MS, de);
    await tallies.counts('FR', T0 + 1, REFRESH_MS, fr);
    expect(de).toHaveBeenCalledTimes(1);
    expect(fr).toHaveBeenCalledTimes(1);
    await tallies.counts('GB', T0 + 1, REFRESH_MS, gb);
    expect(gb).toHaveBeenCalledTimes(2);
    expect(tallies.knownApprovals()).toBe(40);
    await tallies.counts('DE', T0 + 2, REFRESH_MS, de);
    expect(de).toHaveBeenCalledTimes(2);
  });

  it('moves a country read again to the newest place, so the eviction takes an older one', async () => {
    const tallies = createCountryTallies(3);
    const gb = readOf(counts(1, 10));
    const de = readOf(counts(2, 20));
    const fr = readOf(counts(3, 30));
    const es = readOf(counts(4, 40));
    await tallies.counts('GB', T0, REFRESH_MS, gb);
    await tallies.counts('DE', T0 + 1, REFRESH_MS, de);
    // GB's refresh is due: read again, it becomes the newest entry, DE the oldest.
    await tallies.counts('GB', T0 + REFRESH_MS, REFRESH_MS, gb);
    await tallies.counts('FR', T0 + REFRESH_MS, REFRESH_MS, fr);
    await tallies.counts('ES', T0 + REFRESH_MS, REFRESH_MS, es);
    expect(tallies.knownApprovals()).toBe(10 + 30 + 40);
    await tallies.counts('GB', T0 + REFRESH_MS + 1, REFRESH_MS, gb);
    expect(gb).toHaveBeenCalledTimes(2);
  });

  it('keeps MAX_TALLIED_COUNTRIES countries by default', async () => {
    const tallies = createCountryTallies();
    const read = readOf(counts(1, 1));
    for (let index = 0; index < MAX_TALLIED_COUNTRIES + 5; index += 1) await tallies.counts(`C${index}`, T0, REFRESH_MS, read);
    expect(tallies.knownApprovals()).toBe(MAX_TALLIED_COUNTRIES);
  });
});
