import { GateError } from '../http/gate-error';
import type { RequestParams } from '../http/params';
import { sanitizeSms } from '../sanitize';
import { checkParamValue } from './template-params';
import type { SmsTemplate } from './templates';

/** Longest message an outbound template may produce (Twilio's body limit). */
const MAX_BODY = 1600;
/** Parameter names an error message may repeat back to the client. */
const SHOWN_PARAM_NAME = /^[A-Za-z][A-Za-z_-]{0,31}$/;

function invalid(message: string): GateError {
  return new GateError('ERR_GATE_INVALID_PARAMETER', message);
}

/**
 * Fills a template with request parameters, refusing with a 400: a missing, extra or mistyped
 * parameter; and any link or phone number the sanitizer finds that overlaps a parameter's text,
 * alone or combined with its neighbours (`{a}.{b}` with `evil` and `com`). Links and numbers in
 * the template's own text are the operator's and stay.
 *
 * @example
 * renderTemplate(template, { date: '2026-12-24', time: '14:30' }) // 'See you on 2026-12-24 at 14:30.'
 */
export function renderTemplate(template: SmsTemplate, values: unknown, defaultCountry?: string): string {
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
  let text = '';
  const ranges: Array<{ start: number; end: number }> = [];
  for (const part of template.parts) {
    if ('text' in part) {
      text += part.text;
      continue;
    }
    const value = given[part.param];
    if (value === undefined || value === null || value === '') throw invalid(`Template parameter '${part.param}' is required.`);
    const problem = checkParamValue(template.params[part.param], value);
    if (problem) throw invalid(`Template parameter '${part.param}' ${problem}.`);
    ranges.push({ start: text.length, end: text.length + String(value).length });
    text += String(value);
  }
  if (text.length > MAX_BODY) throw invalid(`The message would be longer than ${MAX_BODY} characters.`);
  const smuggled = sanitizeSms(text, { defaultCountry }).removed.some((span) => ranges.some((range) => span.start < range.end && range.start < span.end));
  if (smuggled) throw invalid('Template parameters must not contain links or phone numbers.');
  return text;
}
