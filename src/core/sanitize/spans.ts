/** What a removed span was: a link (URL, e-mail, app scheme, bare host) or a phone number. */
export type RemovedKind = 'url' | 'phone';

/** The detectors of `findRemovableSpans`, named in `--explain` output and `removed[].detector`. */
export type Detector = 'links' | 'scheme-links' | 'disguised-links' | 'phone-numbers' | 'vanity-numbers' | 'short-codes' | 'spelled-numbers';

/** A half-open range `[start, end)` of UTF-16 code units that a detector wants removed. */
export interface FoundSpan {
  kind: RemovedKind;
  start: number;
  end: number;
  /** Which detector found it; `a+b` when overlapping finds of several were merged. */
  detector?: string;
}

function joinDetectors(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || !b) return a ?? b;
  return a.split('+').includes(b) ? a : `${a}+${b}`;
}

/**
 * Sorts spans and merges every overlapping pair into one, so the result is sorted and
 * non-overlapping. Touching spans stay separate (each keeps its own replacement). When a link
 * and a number overlap (`tel:+1…`, a number inside a URL) the merged span is a link: the link is
 * what a reader would tap.
 *
 * @example
 * mergeSpans([{ kind: 'phone', start: 4, end: 16 }, { kind: 'url', start: 0, end: 16 }])
 * // [{ kind: 'url', start: 0, end: 16 }]
 */
export function mergeSpans(spans: readonly FoundSpan[]): FoundSpan[] {
  const sorted = spans.filter((span) => span.end > span.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: FoundSpan[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      if (span.kind === 'url') last.kind = 'url';
      const detector = joinDetectors(last.detector, span.detector);
      if (detector) last.detector = detector;
    } else {
      merged.push(span.detector ? { kind: span.kind, start: span.start, end: span.end, detector: span.detector } : { kind: span.kind, start: span.start, end: span.end });
    }
  }
  return merged;
}

/**
 * True when both lists hold the same spans in the same order.
 *
 * @example
 * sameSpans([{ kind: 'url', start: 0, end: 4 }], [{ kind: 'url', start: 0, end: 4 }]) // true
 */
export function sameSpans(a: readonly FoundSpan[], b: readonly FoundSpan[]): boolean {
  return a.length === b.length && a.every((span, i) => span.start === b[i].start && span.end === b[i].end && span.kind === b[i].kind);
}
