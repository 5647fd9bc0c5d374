import type { FoundSpan } from './spans';

const SENDING_VERB = '(?<![\\p{L}\\p{N}])(?:text(?:ing)?|txt|sms|send|reply|msg|message)(?![\\p{L}])';
const NUMBER_WORD = '(?:(?:no|number|short ?code)\\.?\\s{0,2}:?\\s{0,2})?';
const CODE = '(\\d{4,6})(?!\\d)';

// "to" then an optional "No:", "number" or "short code", then 4-6 digits: `to 87077`, `to No: 86888`.
const TO_CODE = new RegExp(`(?<![\\p{L}])to\\s{0,2}:?\\s{0,2}${NUMBER_WORD}${CODE}`, 'giu');
// A sending verb earlier in the same clause: same line, no sentence end, at most 48 characters back.
const VERB_IN_CLAUSE = new RegExp(`${SENDING_VERB}[^\\n.!?]{0,48}$`, 'iu');
// The verb right before the code: `text 82277`, `SMS: 54999`.
const VERB_CODE = new RegExp(`${SENDING_VERB}\\s{0,2}:?\\s{0,2}${NUMBER_WORD}${CODE}`, 'giu');
const LOOK_BACK = 64;

function codeSpans(pattern: RegExp, text: string, accept: (start: number) => boolean, spans: FoundSpan[]): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const end = match.index + match[0].length;
    if (accept(match.index)) spans.push({ kind: 'phone', start: end - match[1].length, end });
  }
}

/**
 * Finds short codes after a sending verb (`Txt WIN to 80082`, `text STOP to 61610`, `Txt ur
 * club name to 87077 eg VILLA to 87077`, `SMS 54999`): premium and subscription traps reach
 * people through these 4-6 digit numbers as much as through long numbers. Only the digits are
 * removed; a code without a sending verb before it in the same clause (a PIN, a door number, an
 * amount) stays.
 *
 * @example
 * findShortCodes('Txt ansr to 82277 now') // [{ kind: 'phone', start: 12, end: 17 }]
 */
export function findShortCodes(text: string): FoundSpan[] {
  const spans: FoundSpan[] = [];
  codeSpans(TO_CODE, text, (start) => VERB_IN_CLAUSE.test(text.slice(Math.max(0, start - LOOK_BACK), start)), spans);
  codeSpans(VERB_CODE, text, () => true, spans);
  return spans;
}
