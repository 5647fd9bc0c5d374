import { didYouMean } from '../config/did-you-mean';
import { PolicyError } from '../policy/policy-error';
import { TEMPLATE_PARAM_TYPES, type TemplateParamType } from './template-params';

/** A named message template from the policy file, compiled once. */
export interface SmsTemplate {
  name: string;
  /** Static text and placeholders, in order. */
  parts: ReadonlyArray<{ text: string } | { param: string }>;
  params: Readonly<Record<string, TemplateParamType>>;
}

export type SmsTemplates = ReadonlyMap<string, SmsTemplate>;

const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]{0,31})\}/g;
const MAX_TEMPLATE_LENGTH = 1000;

function compile(name: string, value: unknown): SmsTemplate {
  const path = `templates.${name}`;
  const spec = typeof value === 'string' ? { text: value, params: {} } : value;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new PolicyError(path, 'must be a text, or an object { "text": "...", "params": { "name": "type" } }');
  }
  for (const key of Object.keys(spec)) {
    if (key !== 'text' && key !== 'params') {
      const hint = didYouMean(key, ['text', 'params']);
      throw new PolicyError(`${path}.${key}`, `unknown key${hint ? `; did you mean '${hint}'?` : ''}`);
    }
  }
  const { text, params = {} } = spec as { text?: unknown; params?: unknown };
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_TEMPLATE_LENGTH) {
    throw new PolicyError(`${path}.text`, `must be a text of 1 to ${MAX_TEMPLATE_LENGTH} characters`);
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new PolicyError(`${path}.params`, 'must be an object of parameter names to types');
  const declared: Record<string, TemplateParamType> = {};
  for (const [param, type] of Object.entries(params)) {
    if (!(TEMPLATE_PARAM_TYPES as readonly string[]).includes(type as string)) {
      throw new PolicyError(`${path}.params.${param}`, `'${String(type)}' is not a parameter type; use one of ${TEMPLATE_PARAM_TYPES.join(', ')}`);
    }
    declared[param] = type as TemplateParamType;
  }
  const parts: Array<{ text: string } | { param: string }> = [];
  const used = new Set<string>();
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const param = match[1];
    if (!(param in declared)) {
      const hint = didYouMean(param, Object.keys(declared));
      throw new PolicyError(`${path}.text`, `placeholder {${param}} is not declared in params${hint ? `; did you mean {${hint}}?` : ''}`);
    }
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ param });
    used.add(param);
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  const unused = Object.keys(declared).filter((param) => !used.has(param));
  if (unused.length > 0) throw new PolicyError(`${path}.params.${unused[0]}`, `is declared but the text has no {${unused[0]}}`);
  return { name, parts, params: declared };
}

/**
 * Validates the policy file's `templates` section: names of lower-case letters, digits and
 * hyphens; texts with `{placeholders}`, each declared with a type in `params` and each declared
 * one used. Outbound SMS can only send these, never free text.
 *
 * @example
 * parseTemplates({ 'appointment-reminder': { text: 'See you on {date} at {time}.', params: { date: 'date', time: 'time' } } })
 */
export function parseTemplates(json: unknown): SmsTemplates {
  if (json === undefined) return new Map();
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PolicyError('templates', 'must be an object of template names to templates');
  const templates = new Map<string, SmsTemplate>();
  for (const [name, value] of Object.entries(json)) {
    if (!NAME.test(name)) throw new PolicyError(`templates.${name}`, 'template names are 1 to 64 lower-case letters, digits and hyphens');
    templates.set(name, compile(name, value));
  }
  return templates;
}
