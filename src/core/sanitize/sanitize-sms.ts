import { findRemovableSpans } from './find-removable-spans';
import { redact } from './redact';
import { resolveSanitizeOptions, SMS_MAX_LENGTH, type ResolvedSanitizeOptions, type SanitizeOptions } from './sanitize-options';
import { mergeSpans, sameSpans, type FoundSpan, type RemovedKind } from './spans';

/** One removed link or number: offsets into the original text (UTF-16 code units, end exclusive). */
export interface RemovedSpan {
  kind: RemovedKind;
  start: number;
  end: number;
  /** The original text of the span: `input.slice(start, end)`. */
  value: string;
  /** The detector that found it (`phone-numbers`, `links`, `short-codes` …; `a+b` when several did). */
  detector: string;
}

export interface SanitizeResult {
  /** The message with links and numbers replaced, at most `SMS_MAX_LENGTH` characters. */
  text: string;
  /** What was removed, sorted and non-overlapping. */
  removed: RemovedSpan[];
}

/** A function that sanitizes one message with options resolved up front. */
export type SmsSanitizer = (text: string) => SanitizeResult;

/**
 * Rounds of "redact, then look again". Removing a span joins the text around it, and cutting the
 * result to 1600 characters can leave a shorter token at the end; when the second look finds
 * something, the span grows and the text is redacted again. One round is the norm.
 */
const MAX_ROUNDS = 4;

function cutInput(text: string): string {
  if (text.length <= SMS_MAX_LENGTH) return text;
  const last = text.charCodeAt(SMS_MAX_LENGTH - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? SMS_MAX_LENGTH - 1 : SMS_MAX_LENGTH);
}

function run(text: string, config: ResolvedSanitizeOptions): SanitizeResult {
  if (typeof text !== 'string') throw new TypeError(`sanitize: the message must be a string, not ${text === null ? 'null' : typeof text}`);
  const input = cutInput(text);
  let spans: FoundSpan[] = findRemovableSpans(input, config.countries);
  const removed = () => spans.map(({ kind, start, end, detector }) => ({ kind, start, end, value: input.slice(start, end), detector: detector ?? 'rescan' }));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const redacted = redact(input, spans, config.replacements, SMS_MAX_LENGTH);
    // Nothing replaced and nothing cut: the output reads exactly like the input did.
    if (spans.length === 0 && !redacted.truncated) return { text: redacted.text, removed: [] };
    const again = findRemovableSpans(redacted.text, config.countries);
    if (again.length === 0) return { text: redacted.text, removed: removed() };
    const grown = mergeSpans([
      ...spans,
      ...again.map((span) => ({ kind: span.kind, start: redacted.starts[span.start], end: redacted.ends[span.end - 1], detector: `${span.detector}(after redaction)` })),
    ]);
    if (sameSpans(grown, spans)) break;
    spans = grown;
  }
  // Fail closed: a text that still holds a link or number after every round is not sent on.
  return { text: '', removed: removed() };
}

/**
 * Creates a sanitizer with options resolved and validated once (see `sanitizeSms`).
 *
 * @example
 * const sanitize = createSmsSanitizer({ defaultCountry: 'US' });
 * sanitize('Call (415) 555-2671').text // 'Call (number removed)'
 */
export function createSmsSanitizer(options: SanitizeOptions = {}): SmsSanitizer {
  const config = resolveSanitizeOptions(options);
  return (text: string) => run(text, config);
}

/**
 * Removes links and phone numbers from an SMS body, however they are disguised, and says what
 * it removed. Pure and idempotent: sanitizing the result again removes nothing. Input longer
 * than `SMS_MAX_LENGTH` is cut first; the result never exceeds it. `removed` offsets refer to
 * the original `text`. Leftover invisible and direction-control characters are stripped; emoji
 * stay whole.
 *
 * Throws `TypeError` only for bad options or a non-string message.
 *
 * @example
 * sanitizeSms('USPS: parcel held, pay at usps-redelivery[.]top or call +1 415 555 2671')
 * // { text: 'USPS: parcel held, pay at (link removed) or call (number removed)',
 * //   removed: [{ kind: 'url', start: 26, end: 47, value: 'usps-redelivery[.]top' }, …] }
 */
export function sanitizeSms(text: string, options: SanitizeOptions = {}): SanitizeResult {
  return run(text, resolveSanitizeOptions(options));
}
