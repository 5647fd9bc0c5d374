/**
 * What a rule set counts requests by.
 * - `number`: the destination (outbound) or caller (inbound), E.164.
 * - `prefix`: the first `digits` digits of the E.164 number (no `+`), to catch pumping that
 *   walks through a range of numbers.
 * - `country`: the ISO 3166-1 alpha-2 region of the number, as the phone module decided it.
 * - `identity`: an id the application passes (user or session id, ideally signed).
 * - `global`: every request of the action together.
 */
export type SubjectKind =
  | { type: 'number' }
  | { type: 'prefix'; digits: number }
  | { type: 'country' }
  | { type: 'identity' }
  | { type: 'global' };

/** What the caller knows about a request; each rule set picks the part its subject needs. */
export interface ThrottleSubject {
  /** E.164 number (`+` and 2 to 15 digits). Anything else is refused with `invalid_subject`. */
  number?: string;
  /** ISO 3166-1 alpha-2 code (`GB`); case-insensitive. */
  country?: string;
  /** Application-provided id, 1 to 256 characters. */
  identity?: string;
}

export type SubjectResolution =
  | { ok: true; value: string }
  | { ok: false; reason: 'subject_missing' | 'invalid_subject' };

/** Longest prefix a `prefix:N` subject may take: E.164 numbers have at most 15 digits. */
export const MAX_PREFIX_DIGITS = 15;
/** Longest identity accepted; longer ids are refused rather than truncated (truncation would merge subjects). */
export const MAX_IDENTITY_LENGTH = 256;

/** The spellings `parseSubjectKind` accepts, for error messages and hints. */
export const SUBJECT_KIND_NAMES = ['number', 'prefix:N', 'country', 'identity', 'global'] as const;

const E164 = /^\+[1-9]\d{1,14}$/;
const COUNTRY = /^[A-Za-z]{2}$/;
const PREFIX = /^prefix:(\d{1,2})$/;
const GLOBAL_SUBJECT = 'global';

/**
 * Parses a subject as written in a rule (`number`, `prefix:6`, `country`, `identity`,
 * `global`). Returns `undefined` when it is none of them, including `prefix:0` and `prefix:16`.
 *
 * @example
 * parseSubjectKind('prefix:6') // { type: 'prefix', digits: 6 }
 */
export function parseSubjectKind(text: unknown): SubjectKind | undefined {
  if (text === 'number' || text === 'country' || text === 'identity' || text === 'global') return { type: text };
  if (typeof text !== 'string') return undefined;
  const match = PREFIX.exec(text);
  if (!match) return undefined;
  const digits = Number(match[1]);
  return digits >= 1 && digits <= MAX_PREFIX_DIGITS ? { type: 'prefix', digits } : undefined;
}

/** Writes a subject kind the way rules spell it (`prefix:6`). */
export function formatSubjectKind(kind: SubjectKind): string {
  return kind.type === 'prefix' ? `prefix:${kind.digits}` : kind.type;
}

/**
 * Picks the value a rule set counts by out of the request's subject. The value is only ever
 * hashed (see `subjectKey`); it is never stored or logged. A malformed number is refused rather
 * than hashed as written: hashing `+44 7700 900123` and `+447700900123` separately would let a
 * caller reset its limit by reformatting.
 *
 * @example
 * resolveSubject({ type: 'prefix', digits: 6 }, { number: '+447700900123' }) // { ok: true, value: '447700' }
 */
export function resolveSubject(kind: SubjectKind, subject: ThrottleSubject): SubjectResolution {
  switch (kind.type) {
    case 'global':
      return { ok: true, value: GLOBAL_SUBJECT };
    case 'number':
    case 'prefix': {
      const number = subject.number;
      if (number === undefined || number === '') return { ok: false, reason: 'subject_missing' };
      if (typeof number !== 'string' || !E164.test(number)) return { ok: false, reason: 'invalid_subject' };
      return { ok: true, value: kind.type === 'number' ? number : number.slice(1, 1 + kind.digits) };
    }
    case 'country': {
      const country = subject.country;
      if (country === undefined || country === '') return { ok: false, reason: 'subject_missing' };
      if (typeof country !== 'string' || !COUNTRY.test(country)) return { ok: false, reason: 'invalid_subject' };
      return { ok: true, value: country.toUpperCase() };
    }
    case 'identity': {
      const identity = subject.identity;
      if (identity === undefined || identity === '') return { ok: false, reason: 'subject_missing' };
      if (typeof identity !== 'string' || identity.length > MAX_IDENTITY_LENGTH) return { ok: false, reason: 'invalid_subject' };
      return { ok: true, value: identity };
    }
  }
}
