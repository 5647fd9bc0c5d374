/**
 * Numbers in messages that are not phone numbers but can look like one once their digits are
 * joined: dates, times, prices, percentages, versions, card and bank numbers, and order,
 * reference, tracking and booking numbers that follow a keyword. The number finder masks them
 * first, so a date next to a time or a reference next to a price never becomes a "valid"
 * national number (German and Italian numbers can be almost any length).
 *
 * Every pattern is linear: no nested quantifiers over overlapping classes.
 */

const CURRENCY_SYMBOL = '[$€£¥₹₽₩₺₦₱฿¢]';
const CURRENCY_CODE =
  'usd|eur|gbp|inr|aud|cad|chf|jpy|cny|rmb|rub|brl|mxn|zar|sgd|hkd|nzd|sek|nok|dkk|pln|czk|huf|ron|try|aed|sar|ngn|kes|php|idr|myr|thb|vnd|rs';
const CURRENCY_WORD = `${CURRENCY_CODE}|kr|zł|zl|руб|грн|lei|kč|ft|euros?|dollars?|bucks|pounds?|rupees?|pesos?|yen|reais|naira|rand`;
const REFERENCE_KEYWORD = [
  // English
  'order|ref|reference|invoice|inv|tracking|track|account|acct|a/c|booking|confirmation|conf|ticket|case|id|serial|sku|item|policy',
  'member|membership|customer|cust|client|transaction|txn|trx|receipt|claim|parcel|package|shipment|consignment|awb|pnr|flight',
  'seat|room|code|otp|pin|passcode|voucher|coupon|reservation|contract|application|card|iban|imei|vin',
  // German, French, Spanish, Portuguese, Italian, Dutch, Polish, Turkish, Russian
  'bestellung|bestellnummer|auftrag|auftragsnummer|rechnung|rechnungsnummer|kundennummer|sendung|sendungsnummer|vorgang|aktenzeichen',
  'commande|facture|référence|réf|dossier|colis|suivi|pedido|factura|referencia|localizador|encomenda|fatura|ordine|fattura|riferimento',
  'codice|pratica|spedizione|código|codigo|bestelling|factuur|referentie|zamówienie|zamowienie|faktura|przesyłka|sipariş|siparis|kod|kodu',
  'заказ|счёт|счет|код|посылка|трек|договор|квитанция',
  // "No. 123", "Nr. 123", "#123"
  '(?:no|nr|num)\\.|n°|nº|#|№',
].join('|');

interface Mask {
  pattern: RegExp;
  /** Returns the range to mask for a match, or null to leave it. Default: the whole match. */
  range?: (match: RegExpExecArray) => [number, number] | null;
}

function isDayMonth(first: string, second: string): boolean {
  const a = Number(first);
  const b = Number(second);
  return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

const MASKS: readonly Mask[] = [
  {
    // 12.05.2024, 05/12/24, 1-2-2025
    pattern: /(?<![\d.\/-])(\d{1,2})([.\/-])(\d{1,2})\2(?:\d{4}|\d{2})(?!\d|[.\/-]\d)/g,
    range: (m) => (isDayMonth(m[1], m[3]) ? [m.index, m.index + m[0].length] : null),
  },
  {
    // 2024-05-12, 2024.5.1
    pattern: /(?<![\d.\/-])(?:19|20)\d{2}([.\/-])(\d{1,2})\1(\d{1,2})(?!\d|[.\/-]\d)/g,
    range: (m) => (isDayMonth(m[3], m[2]) ? [m.index, m.index + m[0].length] : null),
  },
  // 1990-2024, 2023/24
  { pattern: /(?<![\d.\/-])(?:19|20)\d{2} ?[-–—\/] ?(?:(?:19|20)\d{2}|\d{2})(?!\d|[.\/-]\d)/g },
  // 10.30, 9h30, 10.30-11.45, 18.00.00
  {
    pattern:
      /(?<![\d.:])(?:[01]?\d|2[0-4])[.:h][0-5]\d(?:[.:][0-5]\d)?(?: ?[-–] ?(?:[01]?\d|2[0-4])[.:h][0-5]\d(?:[.:][0-5]\d)?)?(?!\d|[.:\/-]\d)/gi,
  },
  // $1,299.99, € 12, USD 1.000, Rs. 500
  // (at most 7 digits before the first separator: a longer run is a number with a price glued on)
  { pattern: new RegExp(`(?:${CURRENCY_SYMBOL}|(?<![\\p{L}\\p{N}])(?:${CURRENCY_CODE})\\.?) ?\\d{1,7}(?!\\d)(?:[.,']\\d+)*`, 'giu') },
  // 1 234,56 €, 12.50 EUR, 500 руб, 20 dollars
  { pattern: new RegExp(`(?<![\\d.,])\\d{1,7}(?!\\d)(?:[.,' ]\\d{3})*(?:[.,]\\d{1,2})? ?(?:${CURRENCY_SYMBOL}|(?:${CURRENCY_WORD})(?![\\p{L}\\p{N}]))`, 'giu') },
  // 12.5%, 40 %
  { pattern: /\d+(?:[.,]\d+)? ?[%‰]/g },
  // 1,299 and 1.234.567 (thousands), 3.5 and 12.50 (decimals)
  { pattern: /(?<![\d.,])\d{1,3}([,.])\d{3}(?:\1\d{3})*(?:[.,]\d{1,2})?(?!\d|[.,]\d)/g },
  { pattern: /(?<![\d.,])\d{1,7}[.,]\d{1,2}(?!\d|[.,]\d)/g },
  // v10.0.19041.1, iOS 17.4.1, build 2.3
  { pattern: /(?<![\p{L}\p{N}])(?:v|ver|version|build|release|firmware|ios|android|windows|macos|update|patch)\.? ?\d+(?:\.\d+)+/giu },
  // IBAN: GB29 NWBK 6016 1331 9268 19
  { pattern: /(?<![\p{L}\p{N}])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![\p{L}\p{N}])/gu },
  // card numbers: 4111 1111 1111 1111
  { pattern: /(?<!\d)\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?!\d)/g },
];

// Order #12345678, Ref: 0207946, tracking number 9400111899223, code is 123456: the value after
// a keyword (capture group 1).
const REFERENCE = new RegExp(
  `(?:(?<![\\p{L}\\p{N}])(?:${REFERENCE_KEYWORD})(?![\\p{L}])\\.?|#|№) {0,3}(?:(?:no|nr|num|number|id|is|#)(?![\\p{L}])\\.? {0,3})?[:#]? {0,3}([A-Za-z0-9][A-Za-z0-9\\-\\/]*)`,
  'giu',
);

/**
 * Where the values after reference keywords are (`order #…`, `ref …`, `code is …`,
 * `Kundennummer …`): `[start, end)` ranges of the value alone, in order. The number finder masks
 * them like the other non-phone numbers, then looks at each again: a value that is a dialable
 * number is removed all the same (a keyword must never exempt `claim number 09066364311`).
 *
 * @example
 * findReferenceValues('Order #5551234, code is 1234') // [[7, 14], [24, 28]]
 */
export function findReferenceValues(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  REFERENCE.lastIndex = 0;
  for (let match = REFERENCE.exec(text); match; match = REFERENCE.exec(text)) {
    ranges.push([match.index + match[0].length - match[1].length, match.index + match[0].length]);
  }
  return ranges;
}

function maskDigits(masked: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) {
    const code = masked[i].charCodeAt(0);
    if (code >= 0x30 && code <= 0x39) masked[i] = 'x';
  }
}

/** Options of `maskNonPhoneNumbers`. */
export interface MaskOptions {
  /** Mask the values after reference keywords too (see `findReferenceValues`). Default true. */
  references?: boolean;
}

/**
 * Replaces the digits of dates, times, prices, percentages, versions, card and bank numbers and
 * (unless `references: false`) keyword-led references with `x`, keeping the length (offsets do
 * not move). Only the number finder reads the result.
 *
 * @example
 * maskNonPhoneNumbers('on 12.05.2024 at 10.30, ref 55512345') // 'on xx.xx.xxxx at xx.xx, ref xxxxxxxx'
 */
export function maskNonPhoneNumbers(text: string, options: MaskOptions = {}): string {
  let masked: string[] | undefined;
  if (options.references !== false) {
    for (const [start, end] of findReferenceValues(text)) maskDigits((masked ??= text.split('')), start, end);
  }
  for (const { pattern, range } of MASKS) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      if (match[0].length === 0) {
        pattern.lastIndex += 1;
        continue;
      }
      const span = range ? range(match) : [match.index, match.index + match[0].length];
      if (!span) continue;
      maskDigits((masked ??= text.split('')), span[0], span[1]);
    }
  }
  return masked ? masked.join('') : text;
}
