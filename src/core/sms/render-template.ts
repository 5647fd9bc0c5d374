import type { CountryCode } from 'libphonenumber-js/max';
import { GateError } from '../http/gate-error';
import type { RequestParams } from '../http/params';
import { sanitizeSms, type RemovedSpan } from '../sanitize';
import { checkParamValue, SHAPED_PARAM_TYPES } from './template-params';
import type { SmsTemplate } from './templates';

/** Longest message an outbound template may produce (Twilio's body limit). */
const MAX_BODY = 1600;
/**
 * Most digits a free `text` value may hold. Anything with more reads as a number to a person,
 * valid in the recipient's plan or not (`(415) 555-2671` sent to a British phone, `O2O 7946
 * O958`), so it is refused without asking a numbering plan.
 */
export const MAX_DIGITS_IN_TEXT_PARAM = 6;
const DIGIT_OR_ZERO_LETTER = /\d|(?<![\p{L}])[Oo](?=[\dOo])|(?<=\d)[Oo](?![\p{L}])/gu;
/** Parameter names an error message may repeat back to the client. */
const SHOWN_PARAM_NAME = /^[A-Za-z][A-Za-z_-]{0,31}$/;

/** The countries whose numbers a parameter must not smuggle. */
export interface TemplateCountries {
  /** The recipient's country, for national-format numbers. */
  defaultCountry?: string;
  /** More countries to read national numbers of (`GATE_SMS_EXTRA_COUNTRIES`). */
  extraCountries?: readonly CountryCode[];
}

interface FilledParam {
  name: string;
  start: number;
  end: number;
  shaped: boolean;
}

function invalid(message: string): GateError {
  return new GateError('ERR_GATE_INVALID_PARAMETER', message);
}

/**
 * The parameter a removed span convicts, or undefined when the span is innocent: it touches no
 * parameter (the operator's own text), or it lies inside one parameter whose declared type has
 * a fixed shape that the value matched (a `code` the sanitizer reads as digits).
 */
function convicted(span: RemovedSpan, params: readonly FilledParam[]): FilledParam | undefined {
  const touched = params.filter((param) => span.start < param.end && param.start < span.end);
  if (touched.length === 0) return undefined;
  const [only] = touched;
  if (touched.length === 1 && only.shaped && only.start <= span.start && span.end <= only.end) return undefined;
  return touched[0];
}

function fill(template: SmsTemplate, given: RequestParams): { text: string; params: FilledParam[] } {
  let text = '';
  const params: FilledParam[] = [];
  for (const part of template.parts) {
    if ('text' in part) {
      text += part.text;
      continue;
    }
    const value = given[part.param];
    if (value === undefined || value === null || value === '') throw invalid(`Template parameter '${part.param}' is required.`);
    const type = template.params[part.param];
    const problem = checkParamValue(type, value);
    if (problem) throw invalid(`Template parameter '${part.param}' ${problem}.`);
    params.push({ name: part.param, start: text.length, end: text.length + String(value).length, shaped: SHAPED_PARAM_TYPES.has(type) });
    text += String(value);
  }
  return { text, params };
}

/**
 * Fills a template with request parameters, refusing with a 400 that names the parameter: a
 * missing, extra or mistyped parameter; and a parameter in which the sanitizer finds a link or
 * phone number, alone or combined with its neighbours (`{a}.{b}` with `evil` and `com`). The
 * value is refused, never edited. A value of a shaped type (`code`, `date`, `amount` …) that
 * matched its type passes even if it reads like part of a number, as long as what was found
 * lies inside it. Links and numbers in the template's own text are the operator's and stay.
 *
 * @example
 * renderTemplate(template, { date: '2026-12-24', time: '14:30' }) // 'See you on 2026-12-24 at 14:30.'
 */
export function renderTemplate(template: SmsTemplate, values: unknown, countries: TemplateCountries = {}): string {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    if (Object.keys(template.params).length === 0 && (values === undefined || values === null)) values = {};
    else throw invalid("Parameter 'params' must be an object of the template's parameters.");
  }
  const given = values as RequestParams;
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(template.params, name)) {
      // The name is the client's: echo it only when it reads as a name, never a number, a link or a novel.
      const shown = SHOWN_PARAM_NAME.test(name) ? ` '${name}'` : ' of that name';
      throw invalid(`Template '${template.name}' has no parameter${shown}.`);
    }
  }
  const { text, params } = fill(template, given);
  for (const param of params) {
    const digits = param.shaped ? 0 : (text.slice(param.start, param.end).match(DIGIT_OR_ZERO_LETTER) ?? []).length;
    if (digits > MAX_DIGITS_IN_TEXT_PARAM) throw invalid(`Template parameter '${param.name}' must not contain a phone number (more than ${MAX_DIGITS_IN_TEXT_PARAM} digits); it was refused, not edited.`);
  }
  if (text.length > MAX_BODY) throw invalid(`The message would be longer than ${MAX_BODY} characters.`);
  for (const span of sanitizeSms(text, { defaultCountry: countries.defaultCountry, extraCountries: countries.extraCountries }).removed) {
    const param = convicted(span, params);
    if (param) throw invalid(`Template parameter '${param.name}' must not contain a ${span.kind === 'url' ? 'link' : 'phone number'}; it was refused, not edited.`);
  }
  return text;
}
