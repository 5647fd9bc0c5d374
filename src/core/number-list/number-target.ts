import { parsePhone } from '../phone/parse-phone';

/**
 * What a number-list entry names: one exact number (stored only as a keyed hash), a number range
 * by prefix (stored as written: a range is not a person's number), or an exact entry named by the
 * hash id `list` shows (for removing an entry whose number nobody remembers).
 */
export type NumberTarget = { kind: 'number'; e164: string } | { kind: 'prefix'; prefix: string } | { kind: 'id'; id: string };

export type NumberTargetResult = { ok: true; target: NumberTarget } | { ok: false; problem: string };

/** Longest prefix accepted: a prefix as long as a whole number would store that number in the clear. */
export const MAX_LIST_PREFIX_DIGITS = 14;

const PREFIX = /^\+[1-9]\d{0,13}$/;
const ID = /^[0-9a-f]{32}$/;

/**
 * Reads a number-list target as an operator types it: an E.164 number (`+447911123456`), or with
 * `asPrefix` a `+` and 1 to 14 digits (`+4479112`), or a 32-hex id from `gatekeeper deny list`
 * or `gatekeeper allow list`. A prefix that is itself a valid number is refused: it would be
 * stored unhashed.
 *
 * @example
 * parseNumberTarget('+447911123456') // { ok: true, target: { kind: 'number', e164: '+447911123456' } }
 * parseNumberTarget('+4479112', { asPrefix: true }) // { ok: true, target: { kind: 'prefix', prefix: '+4479112' } }
 */
export function parseNumberTarget(input: string, options: { asPrefix?: boolean } = {}): NumberTargetResult {
  const value = input.trim();
  if (options.asPrefix) {
    if (!PREFIX.test(value)) return { ok: false, problem: `a prefix is '+' and 1 to ${MAX_LIST_PREFIX_DIGITS} digits, e.g. +4479112` };
    if (parsePhone(value).ok) return { ok: false, problem: 'this prefix is a whole phone number; give it as a number (without --prefix) so it is stored hashed' };
    return { ok: true, target: { kind: 'prefix', prefix: value } };
  }
  if (ID.test(value)) return { ok: true, target: { kind: 'id', id: value } };
  const parsed = parsePhone(value);
  if (!parsed.ok || parsed.extension !== undefined || parsed.e164 !== value.replace(/[\s().-]/g, '')) {
    return { ok: false, problem: 'not a valid phone number in E.164 format (e.g. +447911123456); for a number range use --prefix' };
  }
  return { ok: true, target: { kind: 'number', e164: parsed.e164 } };
}
