import type { AccountRegistry } from '../api/account-registry';
import { countryByIso } from '../core/countries';
import { invalidParameter, notFound } from '../core/errors';
import { parsePageRequest, v1Page } from '../core/paging';
import type { RouteContext, RouteDefinition } from '../core/router';
import { HIGH_RISK_SPECIAL_PREFIXES, parseBulkUpdate, type DialingFlags, type DialingPermissionStore } from './dialing-permission-store';

const VOICE_BASE = 'https://voice.twilio.com/v1';
const PREFIX = '/voice/v1';

/** The `*Enabled` list filters and the flag each one reads. */
const FLAG_FILTERS: readonly [string, keyof DialingFlags][] = [
  ['LowRiskNumbersEnabled', 'lowRisk'],
  ['HighRiskSpecialNumbersEnabled', 'highRiskSpecial'],
  ['HighRiskTollfraudNumbersEnabled', 'highRiskTollfraud'],
];

/** `voice.v1.dialing_permissions.dialing_permissions_country`; `continent` is not modelled (null). */
function serializeCountry(isoCode: string, flags: DialingFlags): Record<string, unknown> {
  const country = countryByIso(isoCode);
  return {
    iso_code: isoCode,
    name: country?.name ?? isoCode,
    continent: null,
    country_codes: country ? [country.callingCode] : [],
    low_risk_numbers_enabled: flags.lowRisk,
    high_risk_special_numbers_enabled: flags.highRiskSpecial,
    high_risk_tollfraud_numbers_enabled: flags.highRiskTollfraud,
    url: `${VOICE_BASE}/DialingPermissions/Countries/${isoCode}`,
    links: { highrisk_special_prefixes: `${VOICE_BASE}/DialingPermissions/Countries/${isoCode}/HighRiskSpecialPrefixes` },
  };
}

function parseBooleanFilter(name: string, value: string | null): boolean | null {
  if (value === null) return null;
  if (value === 'true' || value === 'false') return value === 'true';
  throw invalidParameter(`${name} must be true or false`);
}

/** The query's filters, applied in the order the spec lists them, echoed into the page URLs. */
function countryFilters(query: URLSearchParams): { echo: [string, string][]; keep: (iso: string, callingCode: string, flags: DialingFlags) => boolean } {
  const echo: [string, string][] = [];
  const iso = query.get('IsoCode');
  const callingCode = query.get('CountryCode');
  if (iso !== null) echo.push(['IsoCode', iso]);
  if (query.get('Continent') !== null) echo.push(['Continent', query.get('Continent') as string]);
  if (callingCode !== null) echo.push(['CountryCode', callingCode]);
  const flagFilters = FLAG_FILTERS.map(([name, flag]) => {
    const value = parseBooleanFilter(name, query.get(name));
    if (value !== null) echo.push([name, String(value)]);
    return [flag, value] as const;
  });
  const continent = query.get('Continent');
  return {
    echo,
    keep: (countryIso, code, flags) =>
      (iso === null || iso.toUpperCase() === countryIso) &&
      // Continents are not modelled: a Continent filter matches nothing rather than everything.
      continent === null &&
      (callingCode === null || callingCode === code) &&
      flagFilters.every(([flag, value]) => value === null || flags[flag] === value),
  };
}

/**
 * Voice Dialing Geographic Permissions (`voice.twilio.com/v1`) of the credentials' own account:
 * list countries with the three flags and the spec's filters (`content` key), fetch one, list a
 * country's high-risk special prefixes (a fixture), apply a BulkCountryUpdates request (applied
 * at once; Twilio answers `"accepted"` and may apply later), and read or set the subaccount
 * inheritance setting (POST answers 202). A subaccount that inherits reads its parent's table.
 */
export function dialingPermissionRoutes(store: DialingPermissionStore, registry: AccountRegistry): RouteDefinition[] {
  // Subdomain products act for the credentials' own account; a subaccount that inherits reads its parent's table.
  const table = (ctx: RouteContext) => store.effectiveAccount(ctx.principal.accountSid, registry.parentOf(ctx.principal.accountSid));
  return [
    {
      method: 'GET',
      pattern: `${PREFIX}/DialingPermissions/Countries`,
      product: 'voice',
      handler: (ctx) => {
        const { echo, keep } = countryFilters(ctx.query);
        const rows = store
          .list(table(ctx))
          .filter((row) => keep(row.isoCode, countryByIso(row.isoCode)?.callingCode ?? '', row.flags))
          .map((row) => serializeCountry(row.isoCode, row.flags));
        return { status: 200, body: v1Page(rows, 'content', `${VOICE_BASE}/DialingPermissions/Countries`, echo, parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/DialingPermissions/Countries/:iso`,
      product: 'voice',
      handler: (ctx) => {
        const iso = ctx.params.iso.toUpperCase();
        if (!countryByIso(iso)) throw notFound(ctx.twilioPath);
        return { status: 200, body: serializeCountry(iso, store.ownFlags(table(ctx), iso)) };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/DialingPermissions/Countries/:iso/HighRiskSpecialPrefixes`,
      product: 'voice',
      handler: (ctx) => {
        const iso = ctx.params.iso.toUpperCase();
        if (!countryByIso(iso)) throw notFound(ctx.twilioPath);
        const prefixes = (HIGH_RISK_SPECIAL_PREFIXES[iso] ?? []).map((prefix) => ({ prefix }));
        return { status: 200, body: v1Page(prefixes, 'content', `${VOICE_BASE}/DialingPermissions/Countries/${iso}/HighRiskSpecialPrefixes`, [], parsePageRequest(ctx.query)) };
      },
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/DialingPermissions/BulkCountryUpdates`,
      product: 'voice',
      handler: (ctx) => {
        const updates = parseBulkUpdate(ctx.form.get('UpdateRequest'));
        const count = store.apply(ctx.principal.accountSid, updates);
        return { status: 201, body: { update_count: count, update_request: 'accepted' } };
      },
    },
    {
      method: 'GET',
      pattern: `${PREFIX}/Settings`,
      product: 'voice',
      handler: (ctx) => ({ status: 200, body: { dialing_permissions_inheritance: store.inherits(ctx.principal.accountSid, registry.parentOf(ctx.principal.accountSid)), url: `${VOICE_BASE}/Settings` } }),
    },
    {
      method: 'POST',
      pattern: `${PREFIX}/Settings`,
      product: 'voice',
      handler: (ctx) => {
        const value = parseBooleanFilter('DialingPermissionsInheritance', ctx.form.get('DialingPermissionsInheritance'));
        if (value !== null) store.setInheritance(ctx.principal.accountSid, value);
        const inherits = store.inherits(ctx.principal.accountSid, registry.parentOf(ctx.principal.accountSid));
        return { status: 202, body: { dialing_permissions_inheritance: inherits, url: `${VOICE_BASE}/Settings` } };
      },
    },
  ];
}
