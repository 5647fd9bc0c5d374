/** The types a template parameter may declare; each is a narrow shape, never free text. */
export const TEMPLATE_PARAM_TYPES = ['text', 'name', 'date', 'time', 'integer', 'amount', 'code'] as const;
export type TemplateParamType = (typeof TEMPLATE_PARAM_TYPES)[number];

/**
 * Types whose values have a fixed shape: a value that matches one may look like part of a
 * number to the sanitizer (an 8-character code, a date) and is still sent, as long as what the
 * sanitizer found lies inside that value alone. Free `text` and `name` values never may.
 */
export const SHAPED_PARAM_TYPES: ReadonlySet<TemplateParamType> = new Set(['date', 'time', 'integer', 'amount', 'code']);

/** Longest value of a `text` or `name` parameter. */
export const MAX_TEXT_PARAM_LENGTH = 40;

interface ParamRule {
  pattern: RegExp;
  expected: string;
  check?: (value: string) => boolean;
}

function isRealDate(value: string): boolean {
  const [year, month, day] = value.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

// Letters of any script, combining marks and spaces; `text` also allows digits and light
// punctuation. No `/`, `:`, `@` or `_`, the building blocks of links and handles.
const PARAM_RULES: Readonly<Record<TemplateParamType, ParamRule>> = {
  text: { pattern: /^[\p{L}\p{M}\p{Nd} .,'&!?()-]{1,40}$/u, expected: `1 to ${MAX_TEXT_PARAM_LENGTH} letters, digits, spaces and . , ' & ! ? ( ) -` },
  name: { pattern: /^[\p{L}\p{M} .'-]{1,40}$/u, expected: `1 to ${MAX_TEXT_PARAM_LENGTH} letters, spaces and . ' -` },
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, expected: 'a date such as 2026-12-24', check: isRealDate },
  time: { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, expected: 'a 24-hour time such as 14:30' },
  integer: { pattern: /^\d{1,6}$/, expected: 'a whole number of up to 6 digits' },
  amount: { pattern: /^\d{1,7}(\.\d{2})?$/, expected: 'an amount such as 12 or 12.50' },
  // One-time codes and short references; 8 characters at most, shorter than a phone number.
  code: { pattern: /^[A-Za-z0-9]{4,8}$/, expected: 'a code of 4 to 8 letters and digits' },
};

/** A problem with a parameter value, for the 400 message; `undefined` when the value fits its type. */
export function checkParamValue(type: TemplateParamType, value: unknown): string | undefined {
  const rule = PARAM_RULES[type];
  if (typeof value !== 'string' && typeof value !== 'number') return `must be ${rule.expected}`;
  const text = String(value);
  if (!rule.pattern.test(text) || (rule.check && !rule.check(text))) return `must be ${rule.expected}`;
  return undefined;
}
