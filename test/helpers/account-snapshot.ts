import { readable, type AccountSnapshot } from '../../src/core/audit';

/**
 * An account snapshot with every part readable and empty (no countries, triggers, numbers...),
 * for unit tests of the account guard's pure checks and plans; `overrides` sets what a test needs.
 */
export function emptySnapshot(sid: string, role: AccountSnapshot['role'], overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    sid,
    friendlyName: sid,
    role,
    status: 'active',
    voice: readable({ inherits: false, countries: [], parentCountries: null }),
    sms: readable([]),
    triggers: readable([]),
    dailySpend: readable([]),
    numbers: readable([]),
    trunks: readable([]),
    domains: readable([]),
    aclEntries: readable({}),
    keys: readable([]),
    alerts: readable([]),
    ...overrides,
  };
}
