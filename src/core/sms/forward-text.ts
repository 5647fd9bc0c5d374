import { maskPhoneNumber } from '../log/mask';
import type { CountryCode } from 'libphonenumber-js/max';
import { DEFAULT_LINK_REPLACEMENT, DEFAULT_NUMBER_REPLACEMENT, findRemovableSpans, sanitizeSms, type SanitizeResult } from '../sanitize';

/** Longest SMS body Twilio sends. */
export const MAX_SMS_BODY = 1600;

export interface ForwardText {
  /** What is forwarded: label, sanitized text, and a note of removed attachments. */
  text: string;
  /** The sanitized message alone (empty when nothing is left). */
  sanitized: string;
  removed: SanitizeResult['removed'];
  mediaRemoved: number;
  /**
   * False when there is nothing worth forwarding: no attachments, and no letter or digit left
   * besides the replacement notes (a message that was only a link would otherwise forward as
   * "(link removed)", and a flood of them as many).
   */
  worthForwarding: boolean;
}

export interface ForwardTextOptions {
  /** Country for national-format numbers in the text. */
  defaultCountry?: string;
  /** More countries whose national numbers are removed too (`GATE_SMS_EXTRA_COUNTRIES`). */
  extraCountries?: readonly CountryCode[];
  replacement?: { url?: string; phone?: string };
}

// Control characters (C0 but tab, newline and carriage return; DEL; C1), U+FFFE, U+FFFF and lone
// surrogates: no SMS needs them, TwiML (XML 1.0) cannot carry most of them (the builder throws,
// which dropped the whole message and logged its text), and a phone shows them as nothing, so they
// could glue a link or number together past the sanitizer (`+44\u00017400…`). Each becomes a
// space before sanitizing: one code unit for one, so offsets into the message stay exact.
const UNSENDABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function hasContent(text: string, replacement: ForwardTextOptions['replacement'] = {}): boolean {
  let rest = text;
  for (const note of [replacement.url ?? DEFAULT_LINK_REPLACEMENT, replacement.phone ?? DEFAULT_NUMBER_REPLACEMENT]) {
    if (note) rest = rest.split(note).join(' ');
  }
  return /[\p{L}\p{N}]/u.test(rest);
}

/**
 * The sanitized text cut to `room`, never between the halves of a surrogate pair. Cutting it
 * short, or the attachments note after it, can join what is left into a number or a link the
 * sanitizer never saw (`+44 7400 65432` and ` (1 attachment removed)`): such a tail is dropped.
 */
function fitBeforeNote(sanitized: string, room: number, media: string, countries: readonly CountryCode[]): string {
  let text = sanitized.slice(0, Math.max(0, room)).replace(/[\ud800-\udbff]$/, '');
  if (text.length === sanitized.length && media === '') return text;
  for (;;) {
    const [span] = findRemovableSpans(`${text}${media}`, countries);
    if (!span || span.start >= text.length) return text;
    text = text.slice(0, span.start).trimEnd();
  }
}

/**
 * Builds the forwarded text of an inbound message: links and phone numbers cut by the
 * sanitizer, attachments never forwarded (only counted), and a label with the masked sender so
 * the reader knows where it came from without the forward becoming a way to leak numbers.
 *
 * @example
 * buildForwardText('+447400123456', 'Win! go to bit.ly/x', 0).text
 * // 'From +4474******56: Win! go to (link removed)'
 */
export function buildForwardText(from: string, body: string, numMedia: number, options: ForwardTextOptions = {}): ForwardText {
  const result = sanitizeSms(body.replace(UNSENDABLE, ' '), { defaultCountry: options.defaultCountry, extraCountries: options.extraCountries, replacement: options.replacement });
  // sanitizeSms has validated the country codes by now
  const countries = [options.defaultCountry?.toUpperCase(), ...(options.extraCountries ?? [])].filter((code): code is CountryCode => code !== undefined);
  const sanitized = result.text.trim();
  const media = numMedia > 0 ? ` (${numMedia} attachment${numMedia === 1 ? '' : 's'} removed)` : '';
  const label = `From ${from ? maskPhoneNumber(from) : 'unknown sender'}: `;
  const room = MAX_SMS_BODY - label.length - media.length;
  return {
    text: `${label}${fitBeforeNote(sanitized, room, media, countries)}${media}`,
    sanitized,
    removed: result.removed,
    mediaRemoved: numMedia,
    worthForwarding: numMedia > 0 || hasContent(sanitized, options.replacement),
  };
}
