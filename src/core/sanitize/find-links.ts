import { find } from 'linkifyjs';
import type { FoundSpan } from './spans';
import { REAL_TLDS } from './tlds';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const ASCII_LABEL = /^[a-z0-9-]+$/;
const ONLY_LETTERS_OR_ONLY_DIGITS = /^(?:\p{L}+|\d+)$/u;

/**
 * Top-level domains that are also the commonest short words of English chat (`so.so`,
 * `joined.so`, `2.IM`, `drink.pa`, `sign.in`): a bare two-label match ending in one of these is
 * a missing space after a full stop unless its first label looks like a host name (hyphens,
 * letters mixed with digits). `me` is not here: `wa.me`, `t.me` and `paypal.me` are real
 * destinations that phishers use.
 */
const CHAT_WORD_TLDS: ReadonlySet<string> = new Set('so to in is it at be by do no us my am as im pa ma la he'.split(' '));

/**
 * linkify reports `there.How` in "Hi there.How are you" and `Wife.how` because `.how` is one of
 * the 1,500 delegated TLDs. A bare host (no scheme, `www.`, port, path, query or user) counts as
 * a link only when its top-level domain is on this module's list (`REAL_TLDS`: every country
 * code, the common and the most abused generic TLDs), in any case: `Secure.Help`,
 * `Paypal.Support` and `Wa.Me` are links, `ok.Now`, `there.How` and `Mr.Smith` are not. Two
 * labels ending in a chat word (`so.so`, `2.IM`) need a host-like first label.
 */
function isSentenceBreak(value: string): boolean {
  if (SCHEME.test(value) || /^www\./i.test(value) || /[/?#:@]/.test(value)) return false;
  const labels = value.split('.');
  if (labels.length === 1) return true; // `localhost` on its own is not a destination
  const tld = labels[labels.length - 1].toLowerCase();
  // Internationalized TLDs (`рф`) are written in their own script; linkify knows them all.
  if (!REAL_TLDS.has(tld) && ASCII_LABEL.test(tld)) return true;
  return labels.length === 2 && CHAT_WORD_TLDS.has(tld) && ONLY_LETTERS_OR_ONLY_DIGITS.test(labels[0]);
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
