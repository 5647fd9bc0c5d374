import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Validates emulator responses against Twilio's OpenAPI 3.0 specs with ajv (JSON Schema draft 7).
 *
 * OpenAPI 3.0 schemas are not JSON Schema, so each response schema is translated:
 * - `$ref`s into `components.schemas` are inlined;
 * - `nullable: true` becomes `type: [T, 'null']` (and adds `null` to an `enum`); a nullable `$ref`
 *   becomes `anyOf: [<ref>, { type: 'null' }]`;
 * - `x-*` extensions and `example(s)` are dropped;
 * - by default every object must have every property its schema lists and no others (`strict`),
 *   which is how the emulator promises "every property the schema lists, null where unknown".
 *
 * Two places where Twilio's specs are stricter than Twilio's own examples are relaxed, each for a
 * documented reason: properties the spec's own response examples show as `null` are treated as
 * nullable (the hand-written Lookup spec omits `nullable` but its examples use null), and a
 * `format: uri` on a property named `uri` or `*_uri` accepts a relative reference (the 2010 API's
 * `*_uri` fields are relative paths in every example; its absolute ones are named `*_url`).
 */

/** The spec files used by the contract tests (`test/contract/specs/<name>.json`, see its README). */
export type SpecName =
  | 'twilio_sync_v1'
  | 'twilio_verify_v2'
  | 'twilio_lookups_v2'
  | 'twilio_api_v2010'
  | 'twilio_monitor_v1'
  | 'twilio_serverless_v1'
  | 'twilio_pricing_v1'
  | 'twilio_pricing_v2'
  | 'twilio_voice_v1'
  | 'twilio_accounts_v1'
  | 'twilio_trunking_v1';

type Schema = Record<string, unknown>;

export interface OpenApiSpec {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema; examples?: Record<string, { value?: unknown }> }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

export interface ValidatorOptions {
  /** Require every listed property and refuse unlisted ones (default true). */
  strict?: boolean;
  /**
   * Extra dotted paths (`line_type_intelligence.carrier_name`, `items[].date_expires`) to treat as
   * nullable, for values Twilio documents as possibly null that the spec's examples do not show.
   */
  nullable?: string[];
}

/**
 * Directory of the specs: the copies kept in the repository (a clone must test without anything
 * beside it). `TWILIO_OAI_DIR` points at another checkout of twilio/twilio-oai, to check the
 * emulator against a newer version before copying it in.
 */
export const SPEC_DIR = process.env.TWILIO_OAI_DIR ?? resolve(__dirname, 'specs');

const specCache = new Map<SpecName, OpenApiSpec>();

/** Loads (once) a spec by name. */
export function loadSpec(name: SpecName): OpenApiSpec {
  let spec = specCache.get(name);
  if (!spec) {
    const file = join(SPEC_DIR, `${name}.json`);
    try {
      spec = JSON.parse(readFileSync(file, 'utf8')) as OpenApiSpec;
    } catch (error) {
      throw new Error(`cannot load OpenAPI spec ${file} (the specs live in test/contract/specs; TWILIO_OAI_DIR overrides that): ${(error as Error).message}`);
    }
    specCache.set(name, spec);
  }
  return spec;
}

const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('date-time-rfc-2822', RFC_2822);
  ajv.addFormat('uri-map', true);
  ajv.addFormat('phone-number', true);
  // Usage Records send `usd` in lower case (the spec's own examples), Messages `USD`.
  ajv.addFormat('currency', /^[A-Za-z]{3}$/);
  ajv.addFormat('http-method', /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/);
  ajv.addFormat('iso-country-code', /^[A-Z]{2}$/);
  // Pricing names its price objects' shapes as formats; formats apply to strings only.
  for (const shape of ['outbound-sms-price', 'inbound-sms-price', 'outbound-prefix-price', 'outbound-prefix-price-with-origin', 'inbound-call-price', 'outbound-call-price', 'outbound-call-price-with-origin']) ajv.addFormat(shape, true);
  ajv.addFormat('phone-number-capabilities', true);
  return ajv;
}

const ajv = createAjv();

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-clones a schema with every `$ref` inlined. */
function inlineRefs(schema: unknown, spec: OpenApiSpec, depth = 0): unknown {
  if (depth > 32) throw new Error('schema $ref nesting deeper than 32: cyclic?');
  if (Array.isArray(schema)) return schema.map((item) => inlineRefs(item, spec, depth + 1));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    const name = /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : spec.components.schemas[name];
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    const { $ref: _ref, ...siblings } = schema;
    const resolved = inlineRefs(target, spec, depth + 1) as Schema;
    // Keep the nullable flag of the referring property: it decides whether null is allowed here.
    return siblings.nullable === true ? { ...resolved, nullable: true, __ref: true } : { ...resolved, __ref: true };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlineRefs(value, spec, depth + 1)]));
}

/** Collects dotted paths of nulls in an example value (`a.b`, `items[].c`). */
function nullPaths(value: unknown, prefix: string, into: Set<string>): void {
  if (value === null) {
    if (prefix) into.add(prefix);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) nullPaths(item, `${prefix}[]`, into);
    return;
  }
  if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) nullPaths(child, prefix ? `${prefix}.${key}` : key, into);
  }
}

/** Marks the schema node at a dotted path nullable (ignores paths the schema does not describe). */
function markNullable(schema: Schema, path: string): void {
  const steps = path.split('.').flatMap((step) => {
    const match = /^([^[]*)((\[\])*)$/.exec(step);
    const name = match?.[1] ?? step;
    const arrays = (match?.[2]?.length ?? 0) / 2;
    return [name, ...Array<string>(arrays).fill('[]')].filter((s) => s.length > 0);
  });
  let node: Schema | undefined = schema;
  for (const step of steps) {
    if (!node) return;
    node = step === '[]' ? (isObject(node.items) ? node.items : undefined) : isObject(node.properties) && isObject(node.properties[step]) ? (node.properties[step] as Schema) : undefined;
  }
  if (node) node.nullable = true;
}

const DROPPED = new Set(['example', 'examples', 'nullable', 'readOnly', 'writeOnly', 'deprecated', 'discriminator', 'xml', 'externalDocs', '__ref']);

/** OpenAPI 3.0 schema (refs inlined) -> JSON Schema for ajv. */
function toJsonSchema(schema: unknown, strict: boolean, propertyName?: string): unknown {
  if (Array.isArray(schema)) return schema.map((item) => toJsonSchema(item, strict));
  if (!isObject(schema)) return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || DROPPED.has(key)) continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, toJsonSchema(child, strict, name)]));
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      out[key] = toJsonSchema(value, strict);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = toJsonSchema(value, strict);
    } else {
      out[key] = value;
    }
  }
  if (out.format === 'uri' && propertyName !== undefined && (propertyName === 'uri' || propertyName.endsWith('_uri'))) {
    out.format = 'uri-reference';
  }
  if (strict && isObject(out.properties)) {
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  if (schema.nullable === true) {
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
    if (out.type === undefined && (out.properties !== undefined || out.enum !== undefined)) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function responseEntry(spec: OpenApiSpec, path: string, method: string, status: number) {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`no operation ${method.toUpperCase()} ${path} in the spec`);
  const response = operation.responses?.[String(status)];
  return response?.content?.['application/json'];
}

const validatorCache = new Map<string, ValidateFunction>();

/**
 * A compiled validator for the JSON body of `method path` answering `status`, e.g.
 * `responseValidator('twilio_sync_v1', '/v1/Services/{ServiceSid}/Maps/{MapSid}/Items', 'post', 201)`.
 * Throws when the spec has no such operation or no JSON schema for that status.
 */
export function responseValidator(specName: SpecName, path: string, method: string, status: number, options: ValidatorOptions = {}): ValidateFunction {
  const strict = options.strict ?? true;
  const cacheKey = JSON.stringify([specName, path, method.toLowerCase(), status, strict, options.nullable ?? []]);
  const cached = validatorCache.get(cacheKey);
  if (cached) return cached;
  const spec = loadSpec(specName);
  const entry = responseEntry(spec, path, method, status);
  if (!entry?.schema) throw new Error(`no JSON schema for ${method.toUpperCase()} ${path} ${status}`);
  const schema = inlineRefs(entry.schema, spec) as Schema;
  const nulls = new Set<string>(options.nullable ?? []);
  for (const example of Object.values(entry.examples ?? {})) nullPaths(example.value, '', nulls);
  for (const path of nulls) markNullable(schema, path);
  const validate = ajv.compile(toJsonSchema(schema, strict) as Schema);
  validatorCache.set(cacheKey, validate);
  return validate;
}

/** The spec's own example bodies for a response, by example name. */
export function responseExamples(specName: SpecName, path: string, method: string, status: number): Record<string, unknown> {
  const entry = responseEntry(loadSpec(specName), path, method, status);
  return Object.fromEntries(Object.entries(entry?.examples ?? {}).map(([name, example]) => [name, example.value]));
}

/**
 * Validator for a Twilio error body: the operation's own schema for that status when the spec
 * has one (Verify's 429, for example), otherwise the four fields every Twilio error carries.
 */
export function errorValidator(specName: SpecName, path: string, method: string, status: number): ValidateFunction {
  const entry = responseEntry(loadSpec(specName), path, method, status);
  if (entry?.schema) return responseValidator(specName, path, method, status);
  return genericErrorValidator;
}

const genericErrorValidator = ajv.compile({
  type: 'object',
  required: ['code', 'message', 'more_info', 'status'],
  additionalProperties: false,
  properties: {
    code: { type: 'integer' },
    message: { type: 'string', minLength: 1 },
    more_info: { type: 'string', pattern: '^https://www\\.twilio\\.com/docs/errors/\\d+$' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
  },
});

/** Readable ajv errors for test failure messages. */
export function describeErrors(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors, { separator: '\n' });
}

/**
 * Jest helper: asserts `body` is valid for the validator, failing with the ajv errors and the body.
 */
export function expectValid(validate: ValidateFunction, body: unknown): void {
  const valid = validate(body);
  if (!valid) {
    throw new Error(`response body does not match the OpenAPI schema:\n${describeErrors(validate)}\nbody: ${JSON.stringify(body, null, 2)}`);
  }
}
