import { parse as parseForm } from 'node:querystring';
import fc from 'fast-check';
import { ALLOWED_ORIGIN, SECRETS } from './gate-setup';

/**
 * Generators of hostile requests for the fuzzers: adversarial strings, wrong types, missing and
 * duplicated parameters, huge values, unicode, and the two encodings a Function receives (form
 * and JSON), decoded the way the Functions runtime decodes them.
 */

/** Strings that have broken parsers, validators, XML builders and loggers before. */
export const NASTY_STRINGS: readonly string[] = [
  '', ' ', '\t', '\n', '\r\n', '\u0000', '\u0001', '\u0008', '\u000b', '\u001b[31m', '\u007f', '\u0085', '\u00a0', '\u00ad',
  '\u200b', '\u200e', '\u202e', '\u2028', '\u2029', '\u2060', '\ufeff', '\ufffd', '\ufffe', '\uffff', '\ud800', '\udc00', '\ud83d',
  '😀', '👨‍👩‍👧', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '1️⃣', 'é', 'e\u0301', 'Ω', 'ß', 'İ', 'ＡＢＣ', '١٢٣', '０１２', 'Ⅻ', '𝟙𝟚𝟛',
  'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '-0', '1e309', '0x10', '1.5', '00', '[]', '{}', '[object Object]', 'true', 'false',
  '__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty',
  '<Response>', '</Response>', '<Say>hi</Say>', '<![CDATA[', ']]>', '&', '&amp;', '&#0;', '&#x1;', '<?xml version="1.0"?>', '"', "'", '<script>alert(1)</script>',
  '%', '%00', '%ZZ', '%E0%A4%A', '%uD800', '+', '=', '&&', '\\', '/', '../../etc/passwd', '${7*7}', '{{7*7}}', "' OR 1=1 --",
  'Bearer', 'Bearer ', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l', 'http://evil.example', 'https://bit.ly/3xYz', 'www.prize-now.xyz', 'hxxps://dhl-fee[.]top',
];

/** Phone numbers and things that look like them: valid, formatted, refused, withheld, disguised, broken. */
export const PHONE_LIKE: readonly string[] = [
  '+447400654321', '+44 7400 654321', '+44 (0) 7400 654321', '07400654321', '447400654321', '00447400654321', '+44-7400-654-321',
  '+447400654321 ext. 12', '+447400654321;ext=1', 'tel:+447400654321', ' +447400654321 ', '+447400654321\n', '+447400654321+447400654322',
  '+14155552671', '(415) 555-2671', '+1 415 555 2671', '+4915112345678', '+4930901820', '+33612345678', '+919876543210', '+8613812345678',
  '+37120123456', '+18765550123', '+881612345678', '+449061234567', '+447700900123', '+10000000000', '+999999999999999',
  '+266696687', '+7378742833', '+2562533', '+8656696', '+86282452253', 'anonymous', 'Anonymous', 'restricted', 'unknown', 'client:alice',
  'sip:bob@example.com', 'ACMEBANK', '+', '+0', '+00000000000', '+1234567890123456789012345', '＋４４７４００６５４３２１', '+44\u200b7400654321',
  '+٤٤٧٤٠٠٦٥٤٣٢١', '+44 7400 65432б', '+4474006543217890', '+44740065432', '+1 (800) FLOWERS', '911', '112', '*67+447400654321',
];

const DIGITS = fc.constantFrom(...'0123456789'.split(''));
const digits = (length: number) => fc.string({ unit: DIGITS, minLength: length, maxLength: length });
/**
 * Numbers spread over many ranges and countries, so throttles see many subjects: mostly the
 * right length for their range (UK, French, German, Indian and Chinese mobiles, US, London,
 * and refused ones: Latvia, Iridium), sometimes a few digits short or long.
 */
export const generatedNumber = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<[string, number]>(['+447400', 6], ['+447900', 6], ['+33612', 6], ['+4915112', 6], ['+919876', 6], ['+8613812', 6], ['+1415555', 4], ['+44207946', 4], ['+37120', 6], ['+881631', 6])
      .chain(([prefix, length]) => digits(length).map((rest) => `${prefix}${rest}`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('+44740', '+3361', '+1415', '+4915', '+3712', '+8816'), fc.string({ unit: DIGITS, minLength: 3, maxLength: 10 }))
      .map(([prefix, rest]) => `${prefix}${rest}`),
  },
);
export const phoneLike = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(...PHONE_LIKE) }, { weight: 2, arbitrary: generatedNumber });

/** A long run of one piece: a "huge body" without costing the generator much. */
export const hugeString = fc
  .tuple(fc.constantFrom('a', '9', '+4', '😀', '<', '%', '&', '\u200b', ' ', 'ab1.co ', '\ud800', 'Ω'), fc.integer({ min: 2_000, max: 60_000 }))
  .map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)));

const soup = fc.array(fc.constantFrom(...NASTY_STRINGS, ...PHONE_LIKE), { minLength: 2, maxLength: 8 }).map((pieces) => pieces.join(''));

/** Any string a hostile client might send. */
export const adversarialString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: soup },
  { weight: 3, arbitrary: phoneLike },
  { weight: 1, arbitrary: hugeString },
);

/** Parameter names, including ones that collide with object internals or the runtime's own keys. */
export const parameterName = fc.oneof(
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'request', 'headers', 'cookies', 'context', 'callback') },
  { weight: 2, arbitrary: fc.constantFrom('To', 'TO', 'to[]', 'to[0]', 'From', 'from', 'Body', 'body', 'code', 'Code', 'channel', 'identity', 'params', 'template', 'MediaUrl0', 'MediaUrl9', 'NumMedia', 'Digits', 'ForwardTo', 'checks') },
);

/** A value of any type a form, a query string or a JSON body can carry. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: adversarialString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(adversarialString, { minLength: 2, maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(parameterName, adversarialString, { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const MISSING = Symbol('missing');

/**
 * One parameter of a request: mostly a plausible value (so requests get deep into the gate),
 * sometimes any value of any type, missing, or given twice.
 */
export function parameter(plausible: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 12, arbitrary: plausible },
    { weight: 3, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.constant(MISSING) },
    { weight: 1, arbitrary: fc.tuple(plausible, fc.oneof(plausible, adversarialString)) },
  );
}

/** A parameter object from a shape of parameters, with unknown parameters added now and then. */
export function parameters(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const extra = fc.oneof(
    { weight: 24, arbitrary: fc.constant({}) },
    { weight: 12, arbitrary: fc.dictionary(parameterName, anyValue, { maxKeys: 4 }) },
    // A huge body made of many parameters.
    { weight: 1, arbitrary: fc.integer({ min: 200, max: 3_000 }).map((count) => Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, 'x']))) },
  );
  // Object.fromEntries defines keys as data properties: a `__proto__` parameter stays a parameter.
  return fc.tuple(fc.record(shape), extra).map(([known, more]) => Object.fromEntries(Object.entries({ ...more, ...known }).filter(([, value]) => value !== MISSING)));
}

function percentEncode(text: string, malformed: boolean): string {
  // Sent as UTF-8, as a client does: a lone surrogate cannot be encoded and becomes U+FFFD.
  const encoded = encodeURIComponent(Buffer.from(text, 'utf8').toString('utf8'));
  return malformed ? `${encoded}%E0%A4%ZZ%` : encoded;
}

function formValue(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(formValue);
  if (value === null || value === undefined) return [''];
  if (typeof value === 'object') return [JSON.stringify(value)];
  return [String(value)];
}

/**
 * Decodes parameters as the Functions runtime would receive them: `form` (urlencoded, repeated
 * keys for lists, decoded by Node's querystring as `body-parser` does with `extended: false`),
 * `json` (the JSON text parsed back), or `json-array` (a top-level JSON array, which the runtime
 * spreads into the event by index).
 */
export function encodeAs(encoding: 'form' | 'json' | 'json-array', params: Record<string, unknown>, malformed = false): Record<string, unknown> {
  switch (encoding) {
    case 'json':
      return JSON.parse(JSON.stringify(params)) as Record<string, unknown>;
    case 'json-array':
      return { ...(JSON.parse(JSON.stringify(Object.values(params))) as unknown[]) };
    case 'form': {
      const body = Object.entries(params)
        .flatMap(([key, value]) => formValue(value).map((item) => `${percentEncode(key, false)}=${percentEncode(item, malformed)}`))
        .join('&');
      return { ...parseForm(body) };
    }
  }
}

export const encoding = fc.oneof(
  { weight: 4, arbitrary: fc.constant<'form'>('form') },
  { weight: 4, arbitrary: fc.constant<'json'>('json') },
  { weight: 1, arbitrary: fc.constant<'json-array'>('json-array') },
);

/** A request header with what the gate must make of it. */
export interface GeneratedHeader {
  value: string | string[] | undefined;
  /** For `authorization`: it carries the right token. For `origin`: the origin is allowed. */
  accepted: boolean;
}

function header(value: GeneratedHeader['value'], accepted: boolean): fc.Arbitrary<GeneratedHeader> {
  return fc.constant({ value, accepted });
}

/** `Authorization` values, right and wrong. */
export const authorizationHeader: fc.Arbitrary<GeneratedHeader> = fc.oneof(
  { weight: 6, arbitrary: header(`Bearer ${SECRETS.apiToken}`, true) },
  { weight: 1, arbitrary: header(`bearer ${SECRETS.apiToken}`, true) },
  { weight: 1, arbitrary: header(`Bearer  ${SECRETS.apiToken} `, true) },
  { weight: 1, arbitrary: header([`Bearer ${SECRETS.apiToken}`, 'Bearer wrong'], true) },
  { weight: 2, arbitrary: header(undefined, false) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(
        'Bearer wrong',
        `Bearer ${SECRETS.apiToken}x`,
        `Bearer ${SECRETS.apiToken.slice(1)}`,
        `Bearer ${SECRETS.apiToken.toUpperCase()}`,
        `Token ${SECRETS.apiToken}`,
        SECRETS.apiToken,
        `Bearer ${SECRETS.apiToken} ${SECRETS.apiToken}`,
        `Bearer\t${SECRETS.apiToken}`,
        `Basic ${Buffer.from(`user:${SECRETS.apiToken}`).toString('base64')}`,
        '',
      )
      .map((value) => ({ value, accepted: false })),
  },
  { weight: 2, arbitrary: adversarialString.map((value) => ({ value, accepted: false })) },
);

/** `Origin` values: none (server to server), allowed, refused, junk. */
export const originHeader: fc.Arbitrary<GeneratedHeader> = fc.oneof(
  { weight: 8, arbitrary: header(undefined, true) },
  { weight: 2, arbitrary: header(ALLOWED_ORIGIN, true) },
  { weight: 1, arbitrary: header('HTTPS://APP.EXAMPLE.COM', true) },
  { weight: 1, arbitrary: header('https://localhost:3000', true) },
  { weight: 1, arbitrary: header([ALLOWED_ORIGIN, 'https://evil.example'], true) },
  { weight: 2, arbitrary: fc.constantFrom('https://evil.example', 'null', 'https://app.example.com.evil.example', 'http://app.example.com').map((value) => ({ value, accepted: false })) },
  // An empty Origin is no Origin; anything else random is not an allowed origin.
  { weight: 1, arbitrary: adversarialString.map((value) => ({ value, accepted: value === '' })) },
);

/** Canaries: distinctive text put into message bodies, which must never reach a log or a JSON answer. */
export const canary = fc.string({ unit: fc.constantFrom(...'bcdfghjklmnpqrstvwxz'.split('')), minLength: 10, maxLength: 10 }).map((letters) => `Quokka${letters}`);

/** Identifiers of Twilio's shape (`CA…`, `SM…`: the prefix and 32 hex digits). */
export function sidOf(prefix: string): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 32, maxLength: 32 }).map((hex) => `${prefix}${hex}`);
}
