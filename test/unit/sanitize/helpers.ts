import type { FoundSpan } from '../../../src/core/sanitize';

/** The substrings a detector reported, for readable table tests. */
export function values(text: string, spans: readonly FoundSpan[]): string[] {
  return spans.map((span) => text.slice(span.start, span.end));
}
