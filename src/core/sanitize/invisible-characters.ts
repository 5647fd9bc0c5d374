/**
 * Characters that render as nothing (zero-width spaces, joiners, fillers, variation selectors,
 * tags) or that reorder text (bidi controls). Phishers put them inside hosts and numbers
 * (`pay\u200Bpal.com`, `+44\u2060 20…`) to defeat matchers; the detection copy drops them and
 * the sanitized text does not carry them on.
 */

const FORMAT_CHARACTER = /\p{Cf}/u;
const EMOJI = /\p{Emoji}/u;
const EXTENDED_PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
const IDEOGRAPHIC = /\p{Ideographic}/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
// Scripts whose look-alikes matter for links; joiners between their letters are never needed.
const NON_JOINING_SCRIPT = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Common}\p{Script=Inherited}]/u;

const ZERO_WIDTH_NON_JOINER = 0x200c;
const ZERO_WIDTH_JOINER = 0x200d;
const WAVING_BLACK_FLAG = 0x1f3f4;
const COMBINING_ENCLOSING_KEYCAP = 0x20e3;
const CANCEL_TAG = 0xe007f;

// [first, last] code point ranges, sorted.
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors and vowel separator
  [0x200b, 0x200f], // zero-width space, non-joiner, joiner, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2066, 0x206f], // bidi isolates, deprecated format characters
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // zero-width no-break space (BOM)
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff9, 0xfffb], // interlinear annotation controls
  [0x1bca0, 0x1bca3], // shorthand format controls
  [0x1d173, 0x1d17a], // musical symbol formatting
  [0xe0001, 0xe0001], // language tag
  [0xe0020, 0xe007f], // tag characters
  [0xe0100, 0xe01ef], // variation selectors supplement
];

/**
 * True for the invisible and direction-control characters this module strips.
 *
 * @example
 * isInvisible(0x200b) // true: zero-width space
 * isInvisible(0x61) // false
 */
export function isInvisible(codePoint: number): boolean {
  if (codePoint < 0xad) return false;
  for (const [first, last] of INVISIBLE_RANGES) {
    if (codePoint < first) return false;
    if (codePoint <= last) return true;
  }
  return false;
}

/**
 * True for characters the detection copy drops: every invisible character, every other format
 * character (`\p{Cf}`), and the keycap mark, so `0️⃣2️⃣0️⃣` reads as `020`.
 *
 * @example
 * isIgnoredForDetection(0x20e3) // true
 */
export function isIgnoredForDetection(codePoint: number): boolean {
  if (isControlCharacter(codePoint)) return true;
  if (codePoint < 0xad) return false;
  return codePoint === COMBINING_ENCLOSING_KEYCAP || isInvisible(codePoint) || FORMAT_CHARACTER.test(String.fromCodePoint(codePoint));
}

/**
 * C0 and C1 control characters other than tab, line feed and carriage return. Invisible on a
 * phone screen, they would otherwise split a number or a host in the detection copy
 * (`+44\u00017400…`).
 *
 * @example
 * isControlCharacter(0x01) // true
 * isControlCharacter(0x0a) // false: line feed is a separator the number scanner understands
 */
export function isControlCharacter(codePoint: number): boolean {
  return (codePoint < 0x20 && codePoint !== 0x09 && codePoint !== 0x0a && codePoint !== 0x0d) || (codePoint >= 0x7f && codePoint <= 0x9f);
}

function isVariationSelector(codePoint: number): boolean {
  return (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef);
}

function isTag(codePoint: number): boolean {
  return codePoint >= 0xe0020 && codePoint <= 0xe007f;
}

function isJoiningScriptLetter(codePoint: number | undefined): boolean {
  if (codePoint === undefined || isInvisible(codePoint)) return false;
  const char = String.fromCodePoint(codePoint);
  return LETTER_OR_MARK.test(char) && !NON_JOINING_SCRIPT.test(char);
}

function is(pattern: RegExp, codePoint: number | undefined): boolean {
  return codePoint !== undefined && pattern.test(String.fromCodePoint(codePoint));
}

/**
 * Strips invisible and direction-control characters from text while keeping the ones that are
 * part of what the reader sees:
 * - emoji sequences: a zero-width joiner between emoji (👨‍👩‍👧, 🏳️‍🌈), a variation selector
 *   after an emoji or ideograph (❤️, keycaps 1️⃣), the tag characters of a flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿);
 * - joiners between letters of scripts that need them for shaping (Persian می‌خواهم, Indic
 *   conjuncts), never between Latin, Greek, Cyrillic or Armenian letters, where they only hide
 *   things.
 *
 * Feed it every code point of the output in order (`keep` returns false for the ones to drop),
 * with the code point that will follow in the output. Decisions depend only on kept neighbours,
 * so stripping the stripped text again changes nothing.
 *
 * @example
 * const stripper = new InvisibleStripper();
 * [...'a\u200Bb'].filter((c, i, all) => stripper.keep(c.codePointAt(0)!, all[i + 1]?.codePointAt(0))).join('') // 'ab'
 */
export class InvisibleStripper {
  private previous: number | undefined;
  private previousBase: number | undefined;
  private inTagSequence = false;

  /**
   * Whether `codePoint` stays in the output; `next` is the code point that follows it in the
   * output (undefined at the end). Kept code points become the context for the next decision.
   */
  keep(codePoint: number, next: number | undefined): boolean {
    if (isInvisible(codePoint) && !this.keepsInvisible(codePoint, next)) return false;
    if (!isTag(codePoint)) this.inTagSequence = codePoint === WAVING_BLACK_FLAG;
    else if (codePoint === CANCEL_TAG) this.inTagSequence = false;
    this.previous = codePoint;
    const modifier = codePoint >= 0x1f3fb && codePoint <= 0x1f3ff;
    if (!isVariationSelector(codePoint) && !isTag(codePoint) && !modifier && codePoint !== ZERO_WIDTH_JOINER) {
      this.previousBase = codePoint;
    }
    return true;
  }

  private keepsInvisible(codePoint: number, next: number | undefined): boolean {
    if (isVariationSelector(codePoint)) {
      const previous = this.previous;
      return previous !== undefined && !isVariationSelector(previous) && (is(EMOJI, previous) || is(IDEOGRAPHIC, previous));
    }
    if (isTag(codePoint)) return this.inTagSequence;
    if (codePoint === ZERO_WIDTH_JOINER || codePoint === ZERO_WIDTH_NON_JOINER) {
      const joinsScript = isJoiningScriptLetter(this.previous) && isJoiningScriptLetter(next);
      const joinsEmoji =
        codePoint === ZERO_WIDTH_JOINER &&
        this.previous !== ZERO_WIDTH_JOINER &&
        is(EMOJI, this.previousBase) &&
        is(EXTENDED_PICTOGRAPHIC, next);
      return joinsScript || joinsEmoji;
    }
    return false;
  }
}
