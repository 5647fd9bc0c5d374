import type { CountryCode } from 'libphonenumber-js/max';
import { buildDetectionCopy } from './detection-copy';
import { findDisguisedLinks } from './find-disguised-links';
import { findLinks } from './find-links';
import { findPhoneNumbers } from './find-phone-numbers';
import { findSchemeLinks } from './find-scheme-links';
import { findShortCodes } from './find-short-codes';
import { findSpelledNumbers } from './find-spelled-numbers';
import { mergeSpans, type Detector, type FoundSpan } from './spans';
import { findVanityNumbers } from './vanity-numbers';

const ANY_DIGIT = /\d/;
const DIGIT_WORD = /(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)[\s,.\-\/]/i;

function tagged(detector: Detector, spans: FoundSpan[]): FoundSpan[] {
  for (const span of spans) span.detector = detector;
  return spans;
}

/**
 * Runs every detector over the detection copy of `text` and returns what they found as sorted,
 * non-overlapping spans of `text` itself (source offsets, UTF-16 code units, end exclusive),
 * each naming the detector(s) that found it. `countries` are the countries whose national
 * numbers are looked for (the recipient's first); international numbers are always found.
 *
 * @example
 * findRemovableSpans('Pay at ｂｉｔ.ｌｙ/x or call +44 20 7946 0958')
 * // [{ kind: 'url', start: 7, end: 15, detector: 'links' }, { kind: 'phone', start: 24, end: 40, detector: 'phone-numbers' }]
 */
export function findRemovableSpans(text: string, countries?: CountryCode | readonly CountryCode[]): FoundSpan[] {
  const copy = buildDetectionCopy(text);
  const detection = copy.text;
  if (detection.length === 0) return [];
  const found = [
    ...tagged('links', findLinks(detection)),
    ...tagged('scheme-links', findSchemeLinks(detection)),
    ...tagged('disguised-links', findDisguisedLinks(detection)),
  ];
  if (ANY_DIGIT.test(detection)) {
    found.push(
      ...tagged('phone-numbers', findPhoneNumbers(detection, countries)),
      ...tagged('vanity-numbers', findVanityNumbers(detection)),
      ...tagged('short-codes', findShortCodes(detection)),
    );
  }
  if (DIGIT_WORD.test(detection)) found.push(...tagged('spelled-numbers', findSpelledNumbers(detection)));
  return mergeSpans(found.map((span) => ({ kind: span.kind, start: copy.starts[span.start], end: copy.ends[span.end - 1], detector: span.detector })));
}
