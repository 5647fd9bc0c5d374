import type { CountryCode } from 'libphonenumber-js/max';
import { parsePhone } from '../phone/parse-phone';

/**
 * What Twilio puts in `From` when the caller withheld or has no caller id: the words spelt on a
 * keypad (ANONYMOUS, RESTRICTED, BLOCKED, UNKNOWN, UNAVAILABLE) as numbers.
 */
export const WITHHELD_CALLER_NUMBERS: readonly string[] = ['+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253'];

/** Words some carriers and SIP peers send instead of a number. */
const WITHHELD_CALLER_WORDS = new Set(['anonymous', 'restricted', 'blocked', 'unknown', 'unavailable', 'private', 'withheld']);

/**
 * A caller as the inbound gates see it: a number that can be throttled and listed, or anonymous
 * (`withheld` by the caller, or `unparseable`: not a valid number, a `client:`/`sip:` address,
 * junk from a spoofing dialer). Anonymous callers cannot be told apart, so they are decided as
 * one group.
 */
export type CallerIdentity =
  | { kind: 'number'; e164: string; country: CountryCode | undefined }
  | { kind: 'anonymous'; reason: 'withheld' | 'unparseable' };

/**
 * Classifies a webhook's `From`. Only a valid E.164 number counts as a number: Twilio sends PSTN
 * callers in E.164, so anything else is refused rather than normalised (two spellings of one
 * number must not get two throttle budgets).
 *
 * @example
 * classifyCaller('+447911123456') // { kind: 'number', e164: '+447911123456', country: 'GB' }
 * classifyCaller('+266696687')    // { kind: 'anonymous', reason: 'withheld' }
 */
export function classifyCaller(from: string | undefined): CallerIdentity {
  if (from === undefined || from.trim() === '') return { kind: 'anonymous', reason: 'withheld' };
  const value = from.trim();
  if (WITHHELD_CALLER_NUMBERS.includes(value) || WITHHELD_CALLER_WORDS.has(value.toLowerCase())) return { kind: 'anonymous', reason: 'withheld' };
  if (!/^\+[1-9]\d{1,14}$/.test(value)) return { kind: 'anonymous', reason: 'unparseable' };
  const parsed = parsePhone(value);
  if (!parsed.ok || parsed.e164 !== value) return { kind: 'anonymous', reason: 'unparseable' };
  return { kind: 'number', e164: parsed.e164, country: parsed.country };
}
