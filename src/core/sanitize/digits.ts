const DECIMAL_DIGIT = /\p{Nd}/u;

// Digit values of the non-ASCII decimal digits seen so far. The set of \p{Nd} code points is
// fixed (a few hundred), so this memo stays small; it only saves the walk below.
const knownDigitValues = new Map<number, number>();

/**
 * The value 0-9 of a decimal digit in any script (`\p{Nd}`: Arabic-Indic ٣, Devanagari ३,
 * Thai ๓, fullwidth ３, mathematical 𝟑 …), or -1 for anything else.
 *
 * Unicode allocates every script's decimal digits as contiguous runs of ten, zero first, and
 * where runs touch (the five mathematical digit sets) they still come in whole tens. So the
 * value is the distance from the start of the contiguous \p{Nd} run, modulo 10; no table of
 * blocks has to be kept in step with new Unicode versions.
 *
 * @example
 * digitValue('٣'.codePointAt(0)!) // 3
 * digitValue('x'.codePointAt(0)!) // -1
 */
export function digitValue(codePoint: number): number {
  if (codePoint >= 0x30 && codePoint <= 0x39) return codePoint - 0x30;
  if (codePoint < 0x660) return -1;
  const known = knownDigitValues.get(codePoint);
  if (known !== undefined) return known;
  if (!DECIMAL_DIGIT.test(String.fromCodePoint(codePoint))) return -1;
  let runStart = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(runStart - 1))) runStart -= 1;
  const value = (codePoint - runStart) % 10;
  knownDigitValues.set(codePoint, value);
  return value;
}
