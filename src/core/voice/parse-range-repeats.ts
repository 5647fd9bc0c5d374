import { PolicyError } from '../policy/policy-error';
import { jsonTypeOf, readSection } from '../policy/read-json';
import { DEFAULT_RANGE_REPEATS, type RangeRepeatRule } from './range-repeats';

/** The `callRangeRepeats` section as written in the policy file; `false` switches the rule off. */
export type RangeRepeatRuleInput = Partial<RangeRepeatRule> | false;

/**
 * The most repeats a country's log can show: the `voice-outbound-repeats` rule set keeps an exact
 * log of at most 1000 events a day, and a budget above what it can count would never be reached.
 */
export const MAX_REPEAT_CAP = 1000;

const KEYS = ['freePerRange', 'floor', 'perScattered', 'cap'] as const;

function wholeNumber(value: unknown, path: string, min: number, max: number, meaning: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new PolicyError(path, `must be a whole number from ${min} to ${max} (${meaning}), not ${typeof value === 'number' ? value : jsonTypeOf(value)}`);
  }
  return value;
}

/**
 * Validates the policy file's `callRangeRepeats` section and fills in the defaults
 * (`DEFAULT_RANGE_REPEATS`). Throws a `PolicyError` naming the key and the fix.
 *
 * @example
 * parseRangeRepeats(undefined)?.floor // 10
 * parseRangeRepeats({ perScattered: 0.2 })?.perScattered // 0.2
 * parseRangeRepeats(false) // null
 */
export function parseRangeRepeats(value: unknown): RangeRepeatRule | null {
  if (value === false) return null;
  const path = 'callRangeRepeats';
  const section = readSection(value, path, KEYS);
  const freePerRange = wholeNumber(section.freePerRange ?? DEFAULT_RANGE_REPEATS.freePerRange, `${path}.freePerRange`, 1, 100, 'calls a number range takes in a day before the next is a repeat');
  const floor = wholeNumber(section.floor ?? DEFAULT_RANGE_REPEATS.floor, `${path}.floor`, 0, MAX_REPEAT_CAP, 'repeats a day every country may place');
  const cap = wholeNumber(section.cap ?? DEFAULT_RANGE_REPEATS.cap, `${path}.cap`, 0, MAX_REPEAT_CAP, 'the most repeats a day one country may place');
  if (cap < floor) throw new PolicyError(`${path}.cap`, `must be at least floor (${floor}), not ${cap}`);
  const perScattered = section.perScattered ?? DEFAULT_RANGE_REPEATS.perScattered;
  if (typeof perScattered !== 'number' || !Number.isFinite(perScattered) || perScattered < 0 || perScattered > 10) {
    throw new PolicyError(`${path}.perScattered`, `must be a number from 0 to 10 (extra repeats a day per call to a range nobody else called, e.g. 0.1), not ${typeof perScattered === 'number' ? perScattered : jsonTypeOf(perScattered)}`);
  }
  return { freePerRange, floor, perScattered, cap };
}
