import { createHmac } from 'node:crypto';

/**
 * Masks a phone number for logs: the country code and first digits stay (useful to spot a
 * pumped range), the subscriber part does not. `+447912345656` becomes `+4479******56`.
 * Inputs with few digits are masked whole, so nothing identifying survives.
 *
 * @example
 * maskPhoneNumber('+447912345656') // '+4479******56'
 */
export function maskPhoneNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(Math.max(digits.length, 1));
  const plus = value.trimStart().startsWith('+') ? '+' : '';
  return `${plus}${digits.slice(0, 4)}${'*'.repeat(digits.length - 6)}${digits.slice(-2)}`;
}

/** Hex digits of the tag beside a masked number: 32 bits, enough to tell a log's callers apart. */
const TAG_LENGTH = 8;

/**
 * A short keyed hash of a number, so that one caller can be followed across log lines while the
 * masked form hides who it is. Keyed with the deployment's hash secret (under its own label, so
 * it never equals a Sync key); without the key no one can test a guessed number against it.
 *
 * @example
 * numberTag('+447912345656', secret) // 'a3f09c1e'
 */
export function numberTag(value: string, key: string): string {
  const canonical = `${value.trimStart().startsWith('+') ? '+' : ''}${value.replace(/\D/g, '')}`;
  return createHmac('sha256', key).update(`log-number:${canonical}`).digest('hex').slice(0, TAG_LENGTH);
}

/** The masked form of a number, with its tag when a key is known: `+4479******56~a3f09c1e`. */
export function maskAndTag(value: string, key: string | undefined): string {
  return key ? `${maskPhoneNumber(value)}~${numberTag(value, key)}` : maskPhoneNumber(value);
}

/**
 * A phone number handed to the logger, which writes it masked and tagged (see `maskAndTag`).
 * Anywhere else (`JSON.stringify`, a string template) it is only ever the masked form.
 *
 * @example
 * logger.info('verify.start', { to: loggedNumber(e164) }); // "to":"+4474******56~3b9e01aa"
 */
export class LoggedNumber {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The masked form, tagged with `key` when one is given. */
  render(key: string | undefined): string {
    return maskAndTag(this.#value, key);
  }

  toJSON(): string {
    return maskPhoneNumber(this.#value);
  }

  toString(): string {
    return maskPhoneNumber(this.#value);
  }
}

/** Wraps a number for a log field: see `LoggedNumber`. */
export function loggedNumber(value: string): LoggedNumber {
  return new LoggedNumber(value);
}

// A Twilio SID (two capitals and 32 hex digits) is an identifier, kept whole so that a callSid
// the API returned can be found in the logs; its digits are not a phone number.
const SID = /(?<![A-Za-z0-9])[A-Z]{2}[0-9a-f]{32}(?![A-Za-z0-9])/;
// Seven or more digits, possibly with the separators people and libraries put in numbers. Hostile
// input glues numbers to anything, so no boundary is required around them.
const NUMBER_LIKE = /\+?\d(?:[\d\s().\-\u00a0]{5,28})\d/;
const SID_OR_NUMBER = new RegExp(`(${SID.source})|${NUMBER_LIKE.source}`, 'g');
/** An ISO date (2026-12-31) has eight digits but is no number. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Numbers reserved for fiction, which reach no one: Ofcom's drama mobiles (07700 900000-900999)
 * and North American 555-0100..0199. Configuration hints use them as examples, so they stay
 * readable in the logs.
 */
const FICTIONAL = [/^\+?447700900\d{3}$/, /^07700900\d{3}$/, /^\+?1?\d{3}55501\d{2}$/];

/** Whether a number (digits, optionally after `+`) is in a range reserved for fiction. */
export function isFictionalNumber(digitsWithPlus: string): boolean {
  return FICTIONAL.some((pattern) => pattern.test(digitsWithPlus));
}

/**
 * Masks everything in free text that could be a phone number (7+ digits, with or without
 * separators), tagged when `key` is given: a safety net for log lines built from library error
 * messages, which sometimes quote the number they refused. Twilio SIDs, ISO dates, short counts
 * and fictional example numbers are left alone.
 *
 * @example
 * redactPhoneNumbers("The 'To' number +447912345656 is not valid") // "The 'To' number +4479******56 is not valid"
 */
export function redactPhoneNumbers(text: string, key?: string): string {
  return text.replace(SID_OR_NUMBER, (candidate, sid: string | undefined) => {
    if (sid !== undefined) return candidate;
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 7 || ISO_DATE.test(candidate)) return candidate;
    if (isFictionalNumber(`${candidate.startsWith('+') ? '+' : ''}${digits}`)) return candidate;
    return maskAndTag(candidate, key);
  });
}
