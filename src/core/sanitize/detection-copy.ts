import { digitValue } from './digits';
import { foldHomoglyphs } from './homoglyphs';
import { isControlCharacter, isIgnoredForDetection } from './invisible-characters';

/**
 * The text the detectors read, with a map back to the source. Each code unit of `text` came
 * from the source range `[starts[i], ends[i])`: one character, or a base character with its
 * combining marks when NFKC composed them.
 */
export interface DetectionCopy {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

const MARK = /\p{M}/u;
const SPACE_SEPARATOR = /\p{Zs}/u;
const IDEOGRAPHIC_FULL_STOP = 0x3002;
const BRAILLE_BLANK = 0x2800;
const LINE_SEPARATOR = 0x2028;
const PARAGRAPH_SEPARATOR = 0x2029;

function detectionForm(codePoint: number): string {
  if (isIgnoredForDetection(codePoint)) return '';
  if (codePoint === IDEOGRAPHIC_FULL_STOP) return '.';
  if (codePoint === LINE_SEPARATOR || codePoint === PARAGRAPH_SEPARATOR) return '\n';
  if (codePoint === BRAILLE_BLANK) return ' ';
  const digit = digitValue(codePoint);
  if (digit >= 0) return String(digit);
  const char = String.fromCodePoint(codePoint);
  return SPACE_SEPARATOR.test(char) ? ' ' : char;
}

function withoutIgnored(cluster: string): string {
  let kept = '';
  for (const char of cluster) if (!isIgnoredForDetection(char.codePointAt(0)!)) kept += char;
  return kept;
}

/**
 * Builds the detection copy of a text: NFKC-normalized (fullwidth and mathematical letters and
 * digits become ASCII, `．` and `｡` become dots), invisible and direction-control characters
 * dropped, ideographic full stops `。` turned into dots, every script's digits turned into 0-9,
 * every kind of space into a plain space, and look-alike letters folded to Latin.
 *
 * @example
 * const copy = buildDetectionCopy('ｐａｙ\u200Bpal。com ٠٧٧٠٠');
 * copy.text // 'paypal.com 07700'
 * toSourceSpan(copy, 0, 10) // [0, 11]
 */
export function buildDetectionCopy(source: string): DetectionCopy {
  const pieces: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (piece: string, start: number, end: number) => {
    pieces.push(piece);
    for (let k = 0; k < piece.length; k++) {
      starts.push(start);
      ends.push(end);
    }
  };

  const length = source.length;
  let i = 0;
  while (i < length) {
    const code = source.charCodeAt(i);
    if (code < 0x80 && !isControlCharacter(code) && (i + 1 >= length || source.charCodeAt(i + 1) < 0x300)) {
      pieces.push(source[i]);
      starts.push(i);
      ends.push(i + 1);
      i += 1;
      continue;
    }
    const codePoint = source.codePointAt(i)!;
    const width = codePoint > 0xffff ? 2 : 1;
    if (isIgnoredForDetection(codePoint)) {
      i += width;
      continue;
    }
    // A base character and its combining marks form one cluster, so NFKC can compose them
    // (e + ◌́ = é). Ignored characters between them are skipped, not allowed to split it.
    let clusterEnd = i + width;
    let skippedInside = false;
    let j = clusterEnd;
    while (j < length) {
      const next = source.codePointAt(j)!;
      const nextWidth = next > 0xffff ? 2 : 1;
      if (next < 0x300) break;
      if (isIgnoredForDetection(next)) {
        j += nextWidth;
        // variation selectors and the keycap mark belong to the character before them
        if (MARK.test(String.fromCodePoint(next))) {
          clusterEnd = j;
          skippedInside = true;
        }
        continue;
      }
      if (!MARK.test(String.fromCodePoint(next))) break;
      if (j > clusterEnd) skippedInside = true;
      j += nextWidth;
      clusterEnd = j;
    }
    const cluster = source.slice(i, clusterEnd);
    const normalized = (skippedInside ? withoutIgnored(cluster) : cluster).normalize('NFKC');
    for (const char of normalized) {
      const form = detectionForm(char.codePointAt(0)!);
      if (form) emit(form, i, clusterEnd);
    }
    i = clusterEnd;
  }

  const joined = pieces.join('');
  const folded = foldHomoglyphs(joined);
  return { text: folded, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

/**
 * Maps a span `[start, end)` of the detection copy back to the source text. The result covers
 * every source character the span was built from.
 *
 * @example
 * toSourceSpan(buildDetectionCopy('a\u200Bb'), 0, 2) // [0, 3]
 */
export function toSourceSpan(copy: DetectionCopy, start: number, end: number): [number, number] {
  return [copy.starts[start], copy.ends[end - 1]];
}
