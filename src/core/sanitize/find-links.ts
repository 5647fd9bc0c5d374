import { find } from 'linkifyjs';
import type { FoundSpan } from './spans';
import { REAL_TLDS, WORDLIKE_TLDS } from './tlds';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const TITLE_CASE = /^[A-Z][a-z]+$/;

/**
 * linkify reports `there.How` in "Hi there.How are you" because `.how` is a real TLD. A bare
 * two-label host (no scheme, `www.`, port, path or query) whose TLD is written like the first
 * word of a sentence (capital, then lower case) and is a word rather than an obvious TLD is a
 * missing space after a full stop. `paypal.Com`, `ASP.NET` and `bit.ly/x` stay links.
 */
function isSentenceBreak(value: string): boolean {
  if (SCHEME.test(value) || /^www\./i.test(value) || /[/?#:@]/.test(value)) return false;
  const labels = value.split('.');
  if (labels.length === 1) return true; // `localhost` on its own is not a destination
  if (labels.length !== 2) return false;
  const tld = labels[1];
  if (!TITLE_CASE.test(tld)) return false;
  const lower = tld.toLowerCase();
  return !REAL_TLDS.has(lower) || WORDLIKE_TLDS.has(lower);
}

/**
 * Finds links with linkifyjs: URLs with a scheme, bare domains and shorteners (`bit.ly/x`),
 * e-mail addresses and `mailto:` links, hosts given as IP addresses after a scheme. Run it on the
 * detection copy, so fullwidth, look-alike and invisible characters cannot hide a host.
 *
 * @example
 * findLinks('pay at bit.ly/3xYz now') // [{ kind: 'url', start: 7, end: 18 }]
 */
export function findLinks(text: string): FoundSpan[] {
  const spans: FoundSpan[] = [];
  for (const match of find(text)) {
    if (match.type !== 'url' && match.type !== 'email') continue;
    if (match.type === 'url' && isSentenceBreak(match.value)) continue;
    spans.push({ kind: 'url', start: match.start, end: match.end });
  }
  return spans;
}
