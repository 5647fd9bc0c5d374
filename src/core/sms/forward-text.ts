import { maskPhoneNumber } from '../log/mask';
import { DEFAULT_LINK_REPLACEMENT, DEFAULT_NUMBER_REPLACEMENT, sanitizeSms, type SanitizeResult } from '../sanitize';

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
  replacement?: { url?: string; phone?: string };
}

function hasContent(text: string, replacement: ForwardTextOptions['replacement'] = {}): boolean {
  let rest = text;
  for (const note of [replacement.url ?? DEFAULT_LINK_REPLACEMENT, replacement.phone ?? DEFAULT_NUMBER_REPLACEMENT]) {
    if (note) rest = rest.split(note).join(' ');
  }
  return /[\p{L}\p{N}]/u.test(rest);
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
  const result = sanitizeSms(body, { defaultCountry: options.defaultCountry, replacement: options.replacement });
  const sanitized = result.text.trim();
  const media = numMedia > 0 ? ` (${numMedia} attachment${numMedia === 1 ? '' : 's'} removed)` : '';
  const label = `From ${from ? maskPhoneNumber(from) : 'unknown sender'}: `;
  const room = MAX_SMS_BODY - label.length - media.length;
  return {
    text: `${label}${sanitized.slice(0, Math.max(0, room))}${media}`,
    sanitized,
    removed: result.removed,
    mediaRemoved: numMedia,
    worthForwarding: numMedia > 0 || hasContent(sanitized, options.replacement),
  };
}
