import type { CountryCode } from 'libphonenumber-js/max';
import { buildDetectionCopy } from './detection-copy';
import { findDisguisedLinks } from './find-disguised-links';
import { findLinks } from './find-links';
import { findPhoneNumbers } from './find-phone-numbers';
import { findSchemeLinks } from './find-scheme-links';
import { mergeSpans, type FoundSpan } from './spans';
import { findVanityNumbers } from './vanity-numbers';

const ANY_DIGIT = /\d/;

/**
 * Runs every detector over the detection copy of `text` and returns what they found as sorted,
 * non-overlapping spans of `text` itself (source offsets, UTF-16 code units, end exclusive).
 *
 * @example
 * findRemovableSpans('Pay at ｂｉｔ.ｌｙ/x or call +44 20 7946 0958')
 * // [{ kind: 'url', start: 7, end: 15 }, { kind: 'phone', start: 24, end: 40 }]
 */
export function findRemovableSpans(text: string, defaultCountry?: CountryCode): FoundSpan[] {
  const copy = buildDetectionCopy(text);
  const detection = copy.text;
  if (detection.length === 0) return [];
  const found = [...findLinks(detection), ...findSchemeLinks(detection), ...findDisguisedLinks(detection)];
  if (ANY_DIGIT.test(detection)) found.push(...findPhoneNumbers(detection, defaultCountry), ...findVanityNumbers(detection));
  return mergeSpans(found.map((span) => ({ kind: span.kind, start: copy.starts[span.start], end: copy.ends[span.end - 1] })));
}
