import { invalidParameter } from '../core/errors';
import { MAX_LOOKUP_OVERRIDES } from '../core/limits';
import { LINE_TYPES, parseNumber, type LineType } from '../core/phone';
import type { RouteDefinition } from '../core/router';

const LOOKUP_BASE = 'https://lookups.twilio.com/v2';

/** Data packages Lookup v2 knows; the emulator fills the two the bundle uses, the rest stay null. */
const KNOWN_FIELDS = new Set([
  'validation',
  'caller_name',
  'sim_swap',
  'call_forwarding',
  'line_status',
  'line_type_intelligence',
  'identity_match',
  'reassigned_number',
  'sms_pumping_risk',
  'phone_number_quality_score',
  'pre_fill',
]);

/** Default `sms_pumping_risk_score` of a number without an override: low risk. */
export const DEFAULT_SMS_PUMPING_RISK_SCORE = 10;

/** Per-number answers set through `POST /__emulator/lookup/overrides`. */
export interface LookupOverride {
  /** E.164 number the override applies to. */
  phoneNumber: string;
  /** Forces `valid`; a number forced valid keeps what libphonenumber could parse. */
  valid?: boolean;
  lineType?: LineType;
  carrierName?: string | null;
  mobileCountryCode?: string | null;
  mobileNetworkCode?: string | null;
  /** 0..100. */
  smsPumpingRiskScore?: number;
  carrierRiskCategory?: 'low' | 'mild' | 'moderate' | 'high';
  numberBlocked?: boolean;
}

const RISK_CATEGORIES = ['low', 'mild', 'moderate', 'high'] as const;

function optionalString(name: string, value: unknown, pattern?: RegExp): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || value.length > 100 || (pattern && !pattern.test(value))) {
    throw new Error(`${name} must be ${pattern ? `a string matching ${pattern}` : 'a string of at most 100 characters'} or null`);
  }
}

/**
 * Validates control API input for an override; throws an Error with a readable message.
 * Unknown keys are refused so a typo does not silently do nothing.
 */
export function parseLookupOverride(input: Record<string, unknown>): LookupOverride {
  const allowed = new Set(['phoneNumber', 'valid', 'lineType', 'carrierName', 'mobileCountryCode', 'mobileNetworkCode', 'smsPumpingRiskScore', 'carrierRiskCategory', 'numberBlocked']);
  for (const key of Object.keys(input)) {
    if (!allowed.has(key)) throw new Error(`unknown key '${key}'; allowed: ${[...allowed].join(', ')}`);
  }
  const { phoneNumber, valid, lineType, smsPumpingRiskScore, carrierRiskCategory, numberBlocked } = input;
  if (typeof phoneNumber !== 'string' || !/^\+[0-9]{1,20}$/.test(phoneNumber)) throw new Error("phoneNumber must be an E.164 string such as '+447911123456'");
  if (valid !== undefined && typeof valid !== 'boolean') throw new Error('valid must be a boolean');
  if (lineType !== undefined && !LINE_TYPES.includes(lineType as LineType)) throw new Error(`lineType must be one of ${LINE_TYPES.join(', ')}`);
  optionalString('carrierName', input.carrierName);
  optionalString('mobileCountryCode', input.mobileCountryCode, /^[0-9]{3}$/);
  optionalString('mobileNetworkCode', input.mobileNetworkCode, /^[0-9]{2,3}$/);
  if (smsPumpingRiskScore !== undefined && (typeof smsPumpingRiskScore !== 'number' || !Number.isInteger(smsPumpingRiskScore) || smsPumpingRiskScore < 0 || smsPumpingRiskScore > 100)) {
    throw new Error('smsPumpingRiskScore must be a whole number from 0 to 100');
  }
  if (carrierRiskCategory !== undefined && !RISK_CATEGORIES.includes(carrierRiskCategory as (typeof RISK_CATEGORIES)[number])) {
    throw new Error(`carrierRiskCategory must be one of ${RISK_CATEGORIES.join(', ')}`);
  }
  if (numberBlocked !== undefined && typeof numberBlocked !== 'boolean') throw new Error('numberBlocked must be a boolean');
  return input as unknown as LookupOverride;
}

/** Per-number overrides; setting one again merges into it. */
export class LookupOverrides {
  private overrides = new Map<string, LookupOverride>();

  set(override: LookupOverride): LookupOverride {
    const existing = this.overrides.get(override.phoneNumber);
    if (!existing && this.overrides.size >= MAX_LOOKUP_OVERRIDES) {
      throw new Error(`at most ${MAX_LOOKUP_OVERRIDES} overrides; POST /__emulator/reset first`);
    }
    const merged = { ...existing, ...override };
    this.overrides.set(override.phoneNumber, merged);
    return merged;
  }

  get(phoneNumber: string): LookupOverride | undefined {
    return this.overrides.get(phoneNumber);
  }

  clear(): void {
    this.overrides = new Map();
  }
}

/** Emulator heuristic for `carrier_risk_category` from the score (Twilio derives it from carrier data). */
function riskCategory(score: number): 'low' | 'mild' | 'moderate' | 'high' {
  if (score < 60) return 'low';
  if (score < 75) return 'mild';
  if (score < 90) return 'moderate';
  return 'high';
}

function parseFields(raw: string[]): Set<string> {
  const fields = new Set<string>();
  for (const value of raw) {
    for (const field of value.split(',')) {
      const name = field.trim();
      if (name.length === 0) continue;
      if (!KNOWN_FIELDS.has(name)) {
        throw invalidParameter(`Invalid Fields value '${name.slice(0, 40)}': expected a comma-separated list of ${[...KNOWN_FIELDS].join(', ')}`);
      }
      fields.add(name);
    }
  }
  return fields;
}

/**
 * Lookup v2 `GET /v2/PhoneNumbers/{PhoneNumber}`: basic validation and formatting from
 * libphonenumber (`max` metadata), `line_type_intelligence` and `sms_pumping_risk` when requested
 * through `Fields`, overridable per number. An invalid number is a 200 with `valid: false` and
 * null details, as Lookup v2 answers.
 */
export function lookupRoutes(overrides: LookupOverrides): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: '/lookups/v2/PhoneNumbers/:number',
      product: 'lookups',
      handler: (ctx) => {
        const input = ctx.params.number;
        const fields = parseFields(ctx.query.getAll('Fields'));
        const countryCode = ctx.query.get('CountryCode');
        if (countryCode !== null && !/^[A-Za-z]{2}$/.test(countryCode)) {
          throw invalidParameter(`Invalid CountryCode '${countryCode.slice(0, 40)}': expected an ISO 3166-1 alpha-2 code such as 'GB'`);
        }
        const parsed = parseNumber(input, countryCode?.toUpperCase());
        const e164 = parsed.valid ? parsed.e164 : parsed.possible?.e164;
        const override = e164 === undefined ? overrides.get(input) : overrides.get(e164) ?? overrides.get(input);
        const details = parsed.valid ? parsed : parsed.possible;
        const valid = override?.valid ?? parsed.valid;
        if (!valid || !details) {
          return { status: 200, body: lookupBody({ input, valid: false, validationErrors: parsed.valid ? ['INVALID_BUT_POSSIBLE'] : [parsed.error] }) };
        }
        const lineType = override?.lineType ?? (parsed.valid ? parsed.lineType : 'unknown');
        const score = override?.smsPumpingRiskScore ?? DEFAULT_SMS_PUMPING_RISK_SCORE;
        return {
          status: 200,
          body: lookupBody({
            input: details.e164,
            valid: true,
            validationErrors: [],
            country: details.country,
            callingCode: details.callingCode,
            national: details.national,
            lineTypeIntelligence: fields.has('line_type_intelligence')
              ? {
                  type: lineType,
                  carrier_name: override?.carrierName ?? null,
                  mobile_country_code: override?.mobileCountryCode ?? null,
                  mobile_network_code: override?.mobileNetworkCode ?? null,
                  error_code: null,
                }
              : null,
            smsPumpingRisk: fields.has('sms_pumping_risk')
              ? {
                  carrier_risk_category: override?.carrierRiskCategory ?? riskCategory(score),
                  number_blocked: override?.numberBlocked ?? false,
                  number_blocked_date: null,
                  number_blocked_last_3_months: override?.numberBlocked ?? false,
                  sms_pumping_risk_score: score,
                  error_code: null,
                }
              : null,
          }),
        };
      },
    },
  ];
}

interface LookupBodyInput {
  input: string;
  valid: boolean;
  validationErrors: string[];
  country?: string | null;
  callingCode?: string;
  national?: string;
  lineTypeIntelligence?: Record<string, unknown> | null;
  smsPumpingRisk?: Record<string, unknown> | null;
}

/** `LookupResponse` with every property the spec lists. */
function lookupBody(body: LookupBodyInput): Record<string, unknown> {
  return {
    calling_country_code: body.callingCode ?? null,
    country_code: body.country ?? null,
    phone_number: body.input,
    national_format: body.national ?? null,
    valid: body.valid,
    validation_errors: body.validationErrors,
    caller_name: null,
    sim_swap: null,
    call_forwarding: null,
    line_type_intelligence: body.lineTypeIntelligence ?? null,
    line_status: null,
    identity_match: null,
    reassigned_number: null,
    sms_pumping_risk: body.smsPumpingRisk ?? null,
    phone_number_quality_score: null,
    pre_fill: null,
    url: `${LOOKUP_BASE}/PhoneNumbers/${encodeURIComponent(body.input).replace(/%2B/g, '+')}`,
  };
}
