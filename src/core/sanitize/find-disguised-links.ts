import { linkEnd } from './link-end';
import type { FoundSpan } from './spans';
import { REAL_TLDS, WEAK_DISGUISE_TLDS } from './tlds';

/** Labels a host may have, counting back from its top-level domain. */
const MAX_HOST_LABELS = 12;
const MAX_LABEL_LENGTH = 63;
const MAX_SPACES = 3;

/**
 * How two labels are joined:
 * - `plain`: `.`
 * - `bracketed`: `[.]`, `(.)`, `{.}`, `<.>`, `[dot]`, `(dot)` … (spaces allowed around and inside)
 * - `spelled`: ` dot `
 * - `spaced`: ` . ` or ` .`
 * - `sentence`: `. ` (what ends every sentence, so it is trusted least)
 */
type SeparatorKind = 'plain' | 'bracketed' | 'spelled' | 'spaced' | 'sentence';

interface Separator {
  kind: SeparatorKind;
  end: number;
}

interface Label {
  start: number;
  end: number;
}

const NON_ASCII_LABEL_CHAR = /[\p{L}\p{M}\p{N}]/u;
const ASCII_LABEL = /^[a-z0-9-]+$/i;
const DIGITS = /^\d{1,3}$/;
const LOWER_CASE = /^[a-z0-9-]+$/;
const VERSION_BEFORE = /(?:\bv|\bver|\bversion|\bbuild|\brelease|\bfirmware|\bios|\bandroid|\bwindows)[.:]?\s?$/i;
const CLOSING_BRACKET: Record<string, string> = { '[': ']', '(': ')', '{': '}', '<': '>' };

// Words that end a sentence or precede "dot" in ordinary prose ("the dot com bubble",
// "a polka dot dress"): never the last label before a weak disguise.
const PROSE_WORDS = new Set(
  'the a an and or of to in on at by for with from is was be it this that these those my your our his her their its no not polka big small red blue black white'.split(' '),
);

function isLabelChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2d;
  }
  if (Number.isNaN(code)) return false;
  return NON_ASCII_LABEL_CHAR.test(String.fromCodePoint(text.codePointAt(index)!));
}

function labelEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isLabelChar(text, end)) end += text.codePointAt(end)! > 0xffff ? 2 : 1;
  return end;
}

function skipSpaces(text: string, index: number): number {
  let end = index;
  while (end < text.length && end - index < MAX_SPACES && text[end] === ' ') end++;
  return end;
}

function isDotWord(text: string, index: number): boolean {
  return text.slice(index, index + 3).toLowerCase() === 'dot';
}

/** The separator that starts right after a label at `index`, if any. */
function separatorAt(text: string, index: number): Separator | null {
  const afterSpaces = skipSpaces(text, index);
  const spacedBefore = afterSpaces > index;
  const char = text[afterSpaces];
  if (char === '.') {
    const end = skipSpaces(text, afterSpaces + 1);
    const kind: SeparatorKind = spacedBefore ? 'spaced' : end > afterSpaces + 1 ? 'sentence' : 'plain';
    return { kind, end };
  }
  const closer = CLOSING_BRACKET[char];
  if (closer !== undefined) {
    let inner = skipSpaces(text, afterSpaces + 1);
    if (text[inner] === '.') inner += 1;
    else if (isDotWord(text, inner)) inner += 3;
    else return null;
    inner = skipSpaces(text, inner);
    if (text[inner] !== closer) return null;
    return { kind: 'bracketed', end: skipSpaces(text, inner + 1) };
  }
  if (spacedBefore && isDotWord(text, afterSpaces)) {
    const end = skipSpaces(text, afterSpaces + 3);
    return end > afterSpaces + 3 ? { kind: 'spelled', end } : null;
  }
  return null;
}

function isOctet(label: string): boolean {
  return DIGITS.test(label) && Number(label) <= 255 && (label === '0' || label[0] !== '0');
}

class Chain {
  readonly labels: Label[] = [];
  readonly separators: Separator[] = [];

  constructor(private readonly text: string) {}

  label(index: number): string {
    const { start, end } = this.labels[index];
    return this.text.slice(start, end);
  }

  /** The span of a dotted-quad host whose last octet is label `k`, if it is one. */
  ipv4At(k: number): [number, number] | null {
    if (k < 3) return null;
    for (let i = k - 3; i <= k; i++) if (!isOctet(this.label(i))) return null;
    let disguised = false;
    for (let i = k - 3; i < k; i++) {
      const kind = this.separators[i].kind;
      if (kind === 'bracketed') disguised = true;
      else if (kind !== 'plain') return null;
    }
    // 1.2.3.4.5 is not an address
    if (k >= 4 && this.separators[k - 4].kind === 'plain' && /^\d+$/.test(this.label(k - 4))) return null;
    if (k + 1 < this.labels.length && this.separators[k].kind === 'plain' && /^\d+$/.test(this.label(k + 1))) return null;
    const start = this.labels[k - 3].start;
    const end = this.labels[k].end;
    if (VERSION_BEFORE.test(this.text.slice(Math.max(0, start - 12), start))) return null;
    const next = this.text[end];
    const addressLike = next === '/' || (next === ':' && /\d/.test(this.text[end + 1] ?? ''));
    // 1.2.3.4 alone reads as a version or section number; 45.67.89.12 does not.
    let wideOctets = 0;
    for (let i = k - 3; i <= k; i++) if (this.label(i).length >= 2) wideOctets++;
    return disguised || addressLike || wideOctets >= 2 ? [start, end] : null;
  }

  /** The span of a disguised or punycode host whose top-level domain is label `k`, if it is one. */
  hostAt(k: number): [number, number] | null {
    const tld = this.label(k);
    const lowerTld = tld.toLowerCase();
    if (!REAL_TLDS.has(lowerTld) || /^\d+$/.test(tld)) return null;
    let h = k;
    let disguised = false;
    let punycode = lowerTld.startsWith('xn--');
    while (h > 0 && k - h < MAX_HOST_LABELS - 1) {
      const separator = this.separators[h - 1];
      const previous = this.label(h - 1);
      if (previous.length > MAX_LABEL_LENGTH) break;
      if (separator.kind === 'bracketed') {
        disguised = true;
      } else if (separator.kind !== 'plain') {
        const weakAllowed =
          WEAK_DISGUISE_TLDS.has(lowerTld) &&
          ASCII_LABEL.test(previous) &&
          ASCII_LABEL.test(this.label(h)) &&
          !PROSE_WORDS.has(previous.toLowerCase()) &&
          (separator.kind !== 'sentence' || LOWER_CASE.test(tld));
        if (!weakAllowed) break;
        disguised = true;
      }
      h -= 1;
      if (previous.toLowerCase().startsWith('xn--')) punycode = true;
    }
    if (h === k || !(disguised || punycode)) return null;
    return [this.labels[h].start, this.labels[k].end];
  }
}

function extend(text: string, start: number, end: number): [number, number] {
  let from = start;
  if (text[from - 1] === '@') {
    // the local part of a defanged e-mail address: user@bank[.]com
    let local = from - 1;
    while (local > 0 && from - local < 64 && /[A-Za-z0-9._%+-]/.test(text[local - 1])) local--;
    if (local < from - 1) from = local;
  }
  let to = end;
  if (text[to] === ':' && /\d/.test(text[to + 1] ?? '')) {
    to += 1;
    while (to < text.length && to - end < 6 && /\d/.test(text[to])) to++;
  }
  if (text[to] === '/' || text[to] === '?' || text[to] === '#') to = linkEnd(text, from, to + 1);
  return [from, to];
}

/**
 * Finds hosts that linkify misses because they are written to dodge link detection:
 * - dots in brackets or spelled out: `paypal[.]com`, `paypal(.)com`, `paypal{dot}com`,
 *   `paypal dot com`, and spaced dots `paypal . com`, `paypal .com`, `paypal. com`;
 * - punycode hosts: `xn--pypal-4ve.com`, `xn--80ak6aa92e.xn--p1ai`;
 * - bare IPv4 hosts: `45.67.89.12/login`, `192[.]168[.]1[.]1`.
 *
 * A disguised host counts only when its top-level domain is real (`REAL_TLDS`), so `e.g.`,
 * `file[.]txt` and `i.e.` survive. The weak disguises (spelled or spaced dots, which ordinary
 * sentences contain) need an unambiguous TLD (`WEAK_DISGUISE_TLDS`: `com`, `net`, `ru` … never
 * `in`, `me`, `to`) and no prose word before it ("the dot com bubble"). A bare dotted quad needs
 * a port or path, a disguise, or at least two multi-digit octets, and no "version" before it.
 * Ports, paths and the local part of a defanged e-mail address are included.
 *
 * Linear time: every character is read a bounded number of times.
 *
 * @example
 * findDisguisedLinks('log in at paypal[.]com/verify') // [{ kind: 'url', start: 10, end: 29 }]
 */
export function findDisguisedLinks(text: string): FoundSpan[] {
  const spans: FoundSpan[] = [];
  let i = 0;
  while (i < text.length) {
    if (!isLabelChar(text, i) || (i > 0 && isLabelChar(text, i - 1))) {
      i += 1;
      continue;
    }
    const chain = new Chain(text);
    let end = labelEnd(text, i);
    chain.labels.push({ start: i, end });
    for (;;) {
      const separator = separatorAt(text, end);
      if (!separator || !isLabelChar(text, separator.end)) break;
      const next = labelEnd(text, separator.end);
      chain.separators.push(separator);
      chain.labels.push({ start: separator.end, end: next });
      end = next;
    }
    for (let k = chain.labels.length - 1; k >= 1; k--) {
      const host = chain.ipv4At(k) ?? chain.hostAt(k);
      if (host) {
        const [start, stop] = extend(text, host[0], host[1]);
        spans.push({ kind: 'url', start, end: stop });
        break;
      }
    }
    i = end;
  }
  return spans;
}
