import { COUNTRIES, countryByIso } from '../core/countries';
import { invalidParameter } from '../core/errors';
import { MAX_PERMISSION_UPDATES } from '../core/limits';
import type { RouteDefinition } from '../core/router';

const PREFIX = '/accounts/v1/Messaging/GeoPermissions';

/** Twilio's code for an item of a Geo Permissions update it did not apply. */
export const GEO_PERMISSION_UPDATE_FAILED = 30649;

/**
 * The 11 countries whose messaging permission only the console can change (error 30649: "Any
 * attempts to update high risk country permissions via API will be ignored"): Bangladesh,
 * Israel, Nigeria, Pakistan, Palestinian Territories, Sri Lanka, Azerbaijan, Tajikistan, Oman,
 * Tunisia, Algeria.
 */
export const MESSAGING_HIGH_RISK_COUNTRIES: readonly string[] = ['BD', 'IL', 'NG', 'PK', 'PS', 'LK', 'AZ', 'TJ', 'OM', 'TN', 'DZ'];

/** Countries Twilio does not serve at all; updates naming them fail (30649). */
const UNSUPPORTED = new Set(['IR', 'SY', 'CU', 'KP']);

function defaultEnabled(iso: string): boolean {
  return !MESSAGING_HIGH_RISK_COUNTRIES.includes(iso) && !UNSUPPORTED.has(iso);
}

/** One item of a PATCH result. */
interface UpdateResult {
  country_code: string;
  type: 'country';
  enabled: boolean;
  error_code: number;
  error_messages: string[];
}

/**
 * Messaging Geo Permissions per account. The emulator's default: every country on except the 11
 * high-risk ones (off until someone turns them on in the console, which the control API stands in
 * for) and the unsupported ones.
 */
export class MessagingGeoPermissionStore {
  private readonly changed = new Map<string, Map<string, boolean>>();

  enabled(accountSid: string, iso: string): boolean {
    return this.changed.get(accountSid)?.get(iso) ?? defaultEnabled(iso);
  }

  /** Sets a country as the console would (high-risk countries included). */
  set(accountSid: string, iso: string, enabled: boolean): void {
    let table = this.changed.get(accountSid);
    if (!table) {
      table = new Map();
      this.changed.set(accountSid, table);
    }
    table.set(iso, enabled);
  }

  /** Applies one API update item with Twilio's per-item refusals. */
  update(accountSid: string, iso: string, enabled: boolean): UpdateResult {
    const refuse = (message: string): UpdateResult => ({ country_code: iso, type: 'country', enabled: this.enabled(accountSid, iso), error_code: GEO_PERMISSION_UPDATE_FAILED, error_messages: [message] });
    if (!countryByIso(iso) || UNSUPPORTED.has(iso)) return refuse('Country is not supported');
    if (MESSAGING_HIGH_RISK_COUNTRIES.includes(iso)) return refuse('High risk country permission cannot be updated');
    this.set(accountSid, iso, enabled);
    return { country_code: iso, type: 'country', enabled, error_code: 0, error_messages: [] };
  }

  /** The countries that differ from the defaults, per account (setting one back to its default leaves it out). */
  snapshot(): Record<string, unknown> {
    return Object.fromEntries(
      [...this.changed]
        .map(([sid, table]) => [sid, Object.fromEntries([...table].filter(([iso, enabled]) => enabled !== defaultEnabled(iso)).sort(([a], [b]) => a.localeCompare(b)))] as const)
        .filter(([, table]) => Object.keys(table).length > 0),
    );
  }

  reset(): void {
    this.changed.clear();
  }
}

interface PermissionItem {
  isoCode: string;
  enabled: boolean;
}

/** Parses the repeated `Permissions` form field: each value a JSON object `{country_code, type, enabled}`. */
function parsePermissions(values: string[]): PermissionItem[] {
  if (values.length === 0) throw invalidParameter('Permissions is required: one JSON object {"country_code","type":"country","enabled"} per country');
  if (values.length > MAX_PERMISSION_UPDATES) throw invalidParameter(`Permissions accepts at most ${MAX_PERMISSION_UPDATES} items`);
  return values.map((raw, index) => {
    let item: unknown;
    try {
      item = JSON.parse(raw);
    } catch {
      throw invalidParameter(`Permissions[${index}] is not a JSON object`);
    }
    const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const enabled = record.enabled === true || record.enabled === 'true' ? true : record.enabled === false || record.enabled === 'false' ? false : null;
    if (typeof record.country_code !== 'string' || enabled === null || (record.type !== undefined && record.type !== 'country')) {
      throw invalidParameter(`Permissions[${index}] must be {"country_code": "IN", "type": "country", "enabled": false}`);
    }
    return { isoCode: record.country_code.toUpperCase(), enabled };
  });
}

/**
 * Messaging Geo Permissions (`accounts.twilio.com/v1/Messaging/GeoPermissions`) of the
 * credentials' own account: GET lists every country (`CountryCode` takes a comma list), with
 * `message: "High Risk Country"` on the 11 console-only ones; PATCH applies `Permissions` items
 * and answers 200 with a per-item `error_code` (30649 for high-risk or unsupported countries),
 * not an HTTP error.
 */
export function messagingGeoPermissionRoutes(store: MessagingGeoPermissionStore): RouteDefinition[] {
  return [
    {
      method: 'GET',
      pattern: PREFIX,
      product: 'accounts',
      handler: (ctx) => {
        const wanted = ctx.query.get('CountryCode');
        const filter = wanted === null ? null : new Set(wanted.split(',').map((c) => c.trim().toUpperCase()));
        const permissions = COUNTRIES.filter((c) => filter === null || filter.has(c.isoCode)).map((c) => ({
          country_code: c.isoCode,
          type: 'country',
          enabled: store.enabled(ctx.principal.accountSid, c.isoCode),
          prefix: c.callingCode,
          message: MESSAGING_HIGH_RISK_COUNTRIES.includes(c.isoCode) ? 'High Risk Country' : '',
        }));
        return { status: 200, body: { permissions } };
      },
    },
    {
      method: 'PATCH',
      pattern: PREFIX,
      product: 'accounts',
      handler: (ctx) => {
        const items = parsePermissions(ctx.form.getAll('Permissions'));
        return { status: 200, body: { permissions: items.map((item) => store.update(ctx.principal.accountSid, item.isoCode, item.enabled)) } };
      },
    },
  ];
}
