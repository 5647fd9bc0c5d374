import { COUNTRIES, countryByIso } from '../core/countries';
import { invalidParameter } from '../core/errors';
import { MAX_PERMISSION_UPDATES } from '../core/limits';

/** The three Voice Dialing Permission flags of one country. */
export interface DialingFlags {
  lowRisk: boolean;
  /** Premium, special services, shared cost and similar ranges (`HighRiskSpecialPrefixes`). */
  highRiskSpecial: boolean;
  /** Narrow ranges with a high risk of revenue-share fraud (not published by Twilio). */
  highRiskTollfraud: boolean;
}

/** A country's flags as an update names them; a missing flag stays as it is. */
export interface DialingUpdate {
  isoCode: string;
  flags: Partial<DialingFlags>;
}

/**
 * The emulator's default for a country nobody changed: low-risk on, both high-risk flags off.
 * Twilio's new accounts start narrower (about the home country); the emulator starts with every
 * low-risk country on so that calls the gate admits are not refused here unless a test or the
 * messy-account fixture narrows them.
 */
export const DEFAULT_DIALING_FLAGS: Readonly<DialingFlags> = { lowRisk: true, highRiskSpecial: false, highRiskTollfraud: false };

function isDefault(flags: DialingFlags): boolean {
  return flags.lowRisk === DEFAULT_DIALING_FLAGS.lowRisk && flags.highRiskSpecial === DEFAULT_DIALING_FLAGS.highRiskSpecial && flags.highRiskTollfraud === DEFAULT_DIALING_FLAGS.highRiskTollfraud;
}

/**
 * High-risk special prefixes per country (premium rate, shared cost, special services), a small
 * fixture in the shape `ListDialingPermissionsHrsPrefixes` returns. Twilio publishes its own list
 * per country; these are the national premium and shared-cost ranges of a few countries.
 */
export const HIGH_RISK_SPECIAL_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  GB: ['+4470', '+4487', '+4490', '+4491', '+4498'],
  US: ['+1900', '+1976'],
  DE: ['+49137', '+49900'],
  FR: ['+3381', '+3389'],
  LV: ['+37190'],
};

/** The high-risk special prefix `e164` starts with, or null. */
export function highRiskSpecialPrefixOf(iso: string, e164: string): string | null {
  return (HIGH_RISK_SPECIAL_PREFIXES[iso] ?? []).find((prefix) => e164.startsWith(prefix)) ?? null;
}

function parseFlag(item: Record<string, unknown>, name: string, index: number): boolean | undefined {
  const value = item[name];
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalidParameter(`UpdateRequest[${index}].${name} must be true or false`);
}

/**
 * Parses BulkCountryUpdates' `UpdateRequest`: a JSON array of `{iso_code, low_risk_numbers_enabled,
 * high_risk_special_numbers_enabled, high_risk_tollfraud_numbers_enabled}` with booleans or the
 * strings "true" / "false" (Twilio's example uses strings). Throws 400 on anything else.
 */
export function parseBulkUpdate(raw: string | null): DialingUpdate[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw ?? '');
  } catch {
    throw invalidParameter('UpdateRequest must be a URL-encoded JSON array of country updates');
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > MAX_PERMISSION_UPDATES) {
    throw invalidParameter(`UpdateRequest must be a JSON array of 1 to ${MAX_PERMISSION_UPDATES} country updates`);
  }
  return parsed.map((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) throw invalidParameter(`UpdateRequest[${index}] must be an object`);
    const record = item as Record<string, unknown>;
    const iso = typeof record.iso_code === 'string' ? record.iso_code.toUpperCase() : '';
    if (!countryByIso(iso)) throw invalidParameter(`UpdateRequest[${index}].iso_code '${String(record.iso_code).slice(0, 8)}' is not a supported ISO country code`);
    const flags: Partial<DialingFlags> = {};
    const lowRisk = parseFlag(record, 'low_risk_numbers_enabled', index);
    const special = parseFlag(record, 'high_risk_special_numbers_enabled', index);
    const tollfraud = parseFlag(record, 'high_risk_tollfraud_numbers_enabled', index);
    if (lowRisk !== undefined) flags.lowRisk = lowRisk;
    if (special !== undefined) flags.highRiskSpecial = special;
    if (tollfraud !== undefined) flags.highRiskTollfraud = tollfraud;
    return { isoCode: iso, flags };
  });
}

/**
 * Voice Dialing Permissions per account: each account's changed countries (the rest have the
 * defaults) and its inheritance setting. A subaccount that inherits uses its parent's table
 * ("true if the sub-account will inherit voice dialing permissions from the Master Project");
 * its own table is kept and applies again when inheritance is switched off.
 */
export class DialingPermissionStore {
  private readonly tables = new Map<string, Map<string, DialingFlags>>();
  private readonly inheritance = new Map<string, boolean>();

  /** The flags the account itself holds for a country (its own table, not the inherited one). */
  ownFlags(accountSid: string, iso: string): DialingFlags {
    return { ...(this.tables.get(accountSid)?.get(iso) ?? DEFAULT_DIALING_FLAGS) };
  }

  /** Subaccounts inherit by default (Twilio's documented default); main accounts have nothing to inherit. */
  inherits(accountSid: string, parentSid: string | null): boolean {
    return parentSid !== null && (this.inheritance.get(accountSid) ?? true);
  }

  setInheritance(accountSid: string, inherit: boolean): void {
    this.inheritance.set(accountSid, inherit);
  }

  /** The account whose table applies: the parent's while a subaccount inherits. */
  effectiveAccount(accountSid: string, parentSid: string | null): string {
    return parentSid !== null && this.inherits(accountSid, parentSid) ? parentSid : accountSid;
  }

  /** Applies updates to the account's own table; returns how many countries were named. */
  apply(accountSid: string, updates: readonly DialingUpdate[]): number {
    let table = this.tables.get(accountSid);
    if (!table) {
      table = new Map();
      this.tables.set(accountSid, table);
    }
    for (const update of updates) table.set(update.isoCode, { ...this.ownFlags(accountSid, update.isoCode), ...update.flags });
    return updates.length;
  }

  /** Every country with the account's own flags, in ISO order. */
  list(accountSid: string): { isoCode: string; flags: DialingFlags }[] {
    return COUNTRIES.map((c) => ({ isoCode: c.isoCode, flags: this.ownFlags(accountSid, c.isoCode) }));
  }

  /** The countries and settings that differ from the defaults, for state snapshots. */
  snapshot(): Record<string, unknown> {
    return {
      // Countries set back to the defaults are left out: the table means the same either way.
      tables: Object.fromEntries(
        [...this.tables]
          .map(([sid, table]) => [sid, Object.fromEntries([...table].filter(([, f]) => !isDefault(f)).sort(([a], [b]) => a.localeCompare(b)))] as const)
          .filter(([, table]) => Object.keys(table).length > 0),
      ),
      inheritance: Object.fromEntries(this.inheritance),
    };
  }

  reset(): void {
    this.tables.clear();
    this.inheritance.clear();
  }
}
