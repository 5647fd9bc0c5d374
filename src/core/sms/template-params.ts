/** The types a template parameter may declare; each is a narrow shape, never free text. */
export const TEMPLATE_PARAM_TYPES = ['text', 'name', 'date', 'time', 'integer', 'amount'] as const;
export type TemplateParamType = (typeof TEMPLATE_PARAM_TYPES)[number];

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
};

/** A problem with a parameter value, for the 400 message; `undefined` when the value fits its type. */
export function checkParamValue(type: TemplateParamType, value: unknown): string | undefined {
  const rule = PARAM_RULES[type];
  if (typeof value !== 'string' && typeof value !== 'number') return `must be ${rule.expected}`;
  const text = String(value);
  if (!rule.pattern.test(text) || (rule.check && !rule.check(text))) return `must be ${rule.expected}`;
  return undefined;
}
