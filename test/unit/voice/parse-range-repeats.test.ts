import { loadPolicy, policyFileOf } from '../../../src/core/policy';
import { parseRangeRepeats } from '../../../src/core/voice/parse-range-repeats';
import { DEFAULT_RANGE_REPEATS } from '../../../src/core/voice/range-repeats';

describe('parseRangeRepeats', () => {
  it('is on by default, and false switches it off', () => {
    expect(parseRangeRepeats(undefined)).toEqual(DEFAULT_RANGE_REPEATS);
    expect(loadPolicy('{}').policy.callRangeRepeats).toEqual(DEFAULT_RANGE_REPEATS);
    expect(parseRangeRepeats(false)).toBeNull();
  });

  it('fills what the file leaves out from the defaults', () => {
    expect(parseRangeRepeats({ floor: 3, perScattered: 0.25 })).toEqual({ ...DEFAULT_RANGE_REPEATS, floor: 3, perScattered: 0.25 });
  });

  it.each([
    [{ floor: -1 }, 'policy callRangeRepeats.floor: must be a whole number from 0 to 1000 (repeats a day every country may place), not -1'],
    [{ floor: 2.5 }, 'policy callRangeRepeats.floor: must be a whole number from 0 to 1000 (repeats a day every country may place), not 2.5'],
    [{ cap: 5000 }, 'policy callRangeRepeats.cap: must be a whole number from 0 to 1000 (the most repeats a day one country may place), not 5000'],
    [{ floor: 20, cap: 10 }, 'policy callRangeRepeats.cap: must be at least floor (20), not 10'],
    [{ freePerRange: 0 }, 'policy callRangeRepeats.freePerRange: must be a whole number from 1 to 100 (calls a number range takes in a day before the next is a repeat), not 0'],
    [{ perScattered: -0.1 }, 'policy callRangeRepeats.perScattered: must be a number from 0 to 10 (extra repeats a day per call to a range nobody else called, e.g. 0.1), not -0.1'],
    [{ perScattered: '0.1' }, 'policy callRangeRepeats.perScattered: must be a number from 0 to 10 (extra repeats a day per call to a range nobody else called, e.g. 0.1), not a string'],
    [{ flor: 3 }, "policy callRangeRepeats.flor: unknown key; did you mean 'floor'?"],
    [true, 'policy callRangeRepeats: must be an object, not a boolean'],
  ])('refuses %j at load with one clear error', (section, message) => {
    expect(() => loadPolicy(JSON.stringify({ callRangeRepeats: section }))).toThrow(message);
  });

  it('refuses a policy that switches off a log the rule reads, and accepts it with the rule off', () => {
    expect(() => loadPolicy(JSON.stringify({ throttles: { 'voice-outbound-repeats': false } }))).toThrow(
      /^policy callRangeRepeats: counts each country's repeats, but no rule set of action 'voice-outbound-repeats'.*or set callRangeRepeats to false$/,
    );
    expect(() => loadPolicy(JSON.stringify({ throttles: { 'voice-outbound-prefix': false } }))).toThrow(/^policy callRangeRepeats: reads each number range's calls of the day/);
    expect(() => loadPolicy(JSON.stringify({ throttles: { 'voice-outbound-country': false } }))).toThrow(/^policy callRangeRepeats: reads each country's calls of the day/);
    expect(loadPolicy(JSON.stringify({ throttles: { 'voice-outbound-repeats': false }, callRangeRepeats: false })).policy.callRangeRepeats).toBeNull();
  });

  it('survives `gatekeeper policy show`: the written policy loads back with the rule and its one-item repeats log', () => {
    for (const text of ['{}', JSON.stringify({ callRangeRepeats: { floor: 4 } }), JSON.stringify({ callRangeRepeats: false })]) {
      const loaded = loadPolicy(text);
      const again = loadPolicy(JSON.stringify(policyFileOf(loaded)));
      expect(again.policy.callRangeRepeats).toEqual(loaded.policy.callRangeRepeats);
      expect(again.ruleSets.get('voice-outbound-repeats')?.shards).toBe(1);
    }
  });
});
