import { InvisibleStripper } from './invisible-characters';
import type { FoundSpan, RemovedKind } from './spans';

/** Text with spans replaced, and where each of its code units came from in the source. */
export interface RedactedText {
  text: string;
  /** Per code unit of `text`: start of the source range it stands for (the removed span, for replacement text). */
  starts: Int32Array;
  /** Per code unit of `text`: end of that source range (exclusive). */
  ends: Int32Array;
  /** True when the text was cut to `maxLength`. */
  truncated: boolean;
}

const ZERO_WIDTH_NON_JOINER = 0x200c;
const ZERO_WIDTH_JOINER = 0x200d;

/**
 * Replaces each span of `source` with the replacement for its kind, strips leftover invisible and
 * direction-control characters from the kept text (emoji sequences stay whole, see
 * `InvisibleStripper`), and cuts the result to `maxLength` code units without splitting a
 * surrogate pair or leaving a dangling joiner. `spans` must be sorted and non-overlapping.
 *
 * @example
 * redact('go to x.ru\u200B now', [{ kind: 'url', start: 6, end: 10 }], { url: '(link removed)', phone: '(number removed)' }, 1600).text
 * // 'go to (link removed) now'
 */
export function redact(source: string, spans: readonly FoundSpan[], replacements: Readonly<Record<RemovedKind, string>>, maxLength: number): RedactedText {
  const pieces: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const stripper = new InvisibleStripper();

  const keepSource = (from: number, to: number, nextAfter: number | undefined) => {
    let i = from;
    while (i < to) {
      const codePoint = source.codePointAt(i)!;
      const width = codePoint > 0xffff ? 2 : 1;
      const next = i + width < to ? source.codePointAt(i + width) : nextAfter;
      if (stripper.keep(codePoint, next)) {
        pieces.push(source.slice(i, i + width));
        for (let k = 0; k < width; k++) {
          starts.push(i);
          ends.push(i + width);
        }
      }
      i += width;
    }
  };

  let cursor = 0;
  for (const span of spans) {
    const replacement = replacements[span.kind];
    keepSource(cursor, span.start, replacement.length > 0 ? replacement.codePointAt(0) : source.codePointAt(span.end));
    const chars = [...replacement];
    chars.forEach((char, index) => {
      stripper.keep(char.codePointAt(0)!, index + 1 < chars.length ? chars[index + 1].codePointAt(0) : source.codePointAt(span.end));
      pieces.push(char);
      for (let k = 0; k < char.length; k++) {
        starts.push(span.start);
        ends.push(span.end);
      }
    });
    cursor = span.end;
  }
  keepSource(cursor, source.length, undefined);

  let text = pieces.join('');
  let truncated = false;
  if (text.length > maxLength) {
    truncated = true;
    let cut = maxLength;
    const last = text.charCodeAt(cut - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
    // a joiner with nothing after it would be stripped by the next pass
    while (cut > 0 && (text.charCodeAt(cut - 1) === ZERO_WIDTH_JOINER || text.charCodeAt(cut - 1) === ZERO_WIDTH_NON_JOINER)) cut -= 1;
    text = text.slice(0, cut);
  }
  return { text, starts: Int32Array.from(starts.slice(0, text.length)), ends: Int32Array.from(ends.slice(0, text.length)), truncated };
}
