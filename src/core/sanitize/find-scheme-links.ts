import { linkEnd } from './link-end';
import type { FoundSpan } from './spans';

// Web schemes, including the defanged forms analysts and phishers write: hxxp, hXXps, h**p,
// fxp, and `[:]` for the colon. linkify skips these or cuts them at the bracket.
// A scheme with its slashes missing or cut (`http:/`, `http:` then a space) is removed too: it
// is left over from a link split to dodge detection.
const WEB_SCHEME = /(?<![\p{L}\p{N}])(?:h(?:tt|xx|\*\*|tx|xt)ps?|fxps?|s?ftps?)(?:\[:\]|\(:\)|\{:\}|:)(?:\/\/|\\\\|\/)?/giu;

// `www.` starts a link whatever follows, even a host glued to the next word
// (`www.Ldew.com1win150ppm`), which linkify then refuses for its unknown top-level domain.
const WWW_PREFIX = /(?<![\p{L}\p{N}.-])www\d{0,3} ?(?:\.|\[\.\]|\(\.\)) ?(?=[\p{L}\p{N}])/giu;

// App and pseudo schemes that open a dialler, a chat, an app store or run code.
const APP_SCHEME =
  /(?<![\p{L}\p{N}+.-])(facetime-audio|facetime|callto|tel|smsto|sms|mmsto|mms|skype|whatsapp|viber|tg|intent|market|itms-services|itms-apps|data|javascript|vbscript|file):/giu;

const APP_SCHEME_TARGET: Record<string, RegExp> = {
  tel: /^(?:\/\/)?[+\d(]/,
  callto: /^(?:\/\/)?[+\d(\w]/,
  facetime: /^(?:\/\/)?[+\d(\w]/,
  'facetime-audio': /^(?:\/\/)?[+\d(\w]/,
  sms: /^(?:\/\/)?[+\d(?&]/,
  smsto: /^(?:\/\/)?[+\d(?&]/,
  mms: /^(?:\/\/)?[+\d(?&]/,
  mmsto: /^(?:\/\/)?[+\d(?&]/,
  skype: /^\S/,
  whatsapp: /^\/\/\S/,
  viber: /^\/\/\S/,
  tg: /^\/\/\S/,
  intent: /^(?:\/\/\S|#)/,
  market: /^\/\/\S/,
  'itms-services': /^\/\/\S/,
  'itms-apps': /^\/\/\S/,
  data: /^(?:[a-z]+\/[a-z0-9.+-]+)?[;,]/i,
  javascript: /^\S/,
  vbscript: /^\S/,
  file: /^\/\/\S/,
};

/**
 * Finds links that start with a scheme linkify does not know or cannot parse: defanged web
 * schemes (`hxxps[:]//evil[.]com/x`), web schemes left without a host (`http:// `), anything
 * that starts with `www.`, and app schemes (`tel:`, `sms:`, `whatsapp://`,
 * `intent://`, `data:`, `javascript:`, …). A scheme counts only when what follows it has the
 * right shape (`tel:` then a digit or `+`; `data:` then a media type), so "Data: 5GB" survives.
 * Each link runs to the next whitespace.
 *
 * @example
 * findSchemeLinks('open hxxps[:]//evil[.]com/a now') // [{ kind: 'url', start: 5, end: 27 }]
 */
export function findSchemeLinks(text: string): FoundSpan[] {
  const spans: FoundSpan[] = [];
  WEB_SCHEME.lastIndex = 0;
  for (let match = WEB_SCHEME.exec(text); match; match = WEB_SCHEME.exec(text)) {
    const schemeEnd = match.index + match[0].length;
    const end = linkEnd(text, match.index, schemeEnd);
    spans.push({ kind: 'url', start: match.index, end });
    WEB_SCHEME.lastIndex = Math.max(end, schemeEnd);
  }
  WWW_PREFIX.lastIndex = 0;
  for (let match = WWW_PREFIX.exec(text); match; match = WWW_PREFIX.exec(text)) {
    const end = linkEnd(text, match.index, match.index + match[0].length + 1);
    spans.push({ kind: 'url', start: match.index, end });
    WWW_PREFIX.lastIndex = end;
  }
  APP_SCHEME.lastIndex = 0;
  for (let match = APP_SCHEME.exec(text); match; match = APP_SCHEME.exec(text)) {
    const schemeEnd = match.index + match[0].length;
    const target = APP_SCHEME_TARGET[match[1].toLowerCase()];
    if (target.test(text.slice(schemeEnd, schemeEnd + 64))) {
      const end = linkEnd(text, match.index, schemeEnd + 1);
      spans.push({ kind: 'url', start: match.index, end });
      APP_SCHEME.lastIndex = end;
    }
  }
  return spans;
}
