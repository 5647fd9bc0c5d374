const TRAILING_PUNCTUATION = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*', '…']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{', '>': '<' };
const WHITESPACE = /\s/;

function count(text: string, start: number, end: number, char: string): number {
  let n = 0;
  for (let i = start; i < end; i++) if (text[i] === char) n++;
  return n;
}

/**
 * Where a link that starts at `start` and must reach at least `minEnd` ends: at the next
 * whitespace, without trailing sentence punctuation or a closing bracket that the link did not
 * open (`(see hxxp://x.ru/a).` ends before `).`). Looks at most `maxLength` characters ahead.
 *
 * @example
 * linkEnd('go hxxp://x.ru/a). Bye', 3, 10) // 16
 */
export function linkEnd(text: string, start: number, minEnd: number, maxLength = 2048): number {
  let end = minEnd;
  const limit = Math.min(text.length, start + maxLength);
  while (end < limit && !WHITESPACE.test(text[end])) end++;
  while (end > minEnd) {
    const last = text[end - 1];
    if (TRAILING_PUNCTUATION.has(last)) {
      end--;
      continue;
    }
    const opener = CLOSERS[last];
    if (opener !== undefined && count(text, start, end, opener) < count(text, start, end, last)) {
      end--;
      continue;
    }
    break;
  }
  return end;
}
