/**
 * What the emulator charges for the sends it records, and how usage categories roll up. These
 * are round figures of the order of Twilio's US list prices, for tests only: real prices depend
 * on the destination and change over time. Amounts are in USD.
 */

/** A billable kind of event the emulator's own routes record. */
export type BillableEvent = 'sms' | 'call' | 'verification';

/** The usage category an event lands in, its units and its unit price. */
export interface UsageTariff {
  category: string;
  /** Price per unit of `usage`, in USD. */
  unitPrice: number;
}

export const USAGE_TARIFFS: Readonly<Record<BillableEvent, UsageTariff>> = {
  /** Per outbound SMS segment: `count` and `usage` are segments. */
  sms: { category: 'sms-outbound', unitPrice: 0.0079 },
  /**
   * Per outbound call: `count` is calls, `usage` one billed minute at creation (emulated calls never
   * progress; real Twilio adds call usage when the call ends).
   */
  call: { category: 'calls-outbound', unitPrice: 0.014 },
  /**
   * Per Verify start: which category Verify v2 bills under is unverified (account-protection.md,
   * section 5); the emulator uses `authy-phone-verifications`, a category of the older enum.
   */
  verification: { category: 'authy-phone-verifications', unitPrice: 0.05 },
};

/** Parent categories a category's usage also counts in (`totalprice` gets every price). */
export const PARENT_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'sms-outbound': ['sms'],
  'sms-inbound': ['sms'],
  'calls-outbound': ['calls'],
  'calls-inbound': ['calls'],
};

/** The category that sums the price of everything; its `usage` is that price too. */
export const TOTAL_PRICE_CATEGORY = 'totalprice';

/** Units reported on Usage Records per category (`count_unit`, `usage_unit`). */
export function unitsOf(category: string): { countUnit: string; usageUnit: string } {
  if (category === TOTAL_PRICE_CATEGORY) return { countUnit: '', usageUnit: 'usd' };
  if (category.startsWith('sms')) return { countUnit: 'messages', usageUnit: 'messages' };
  if (category.startsWith('calls')) return { countUnit: 'calls', usageUnit: 'minutes' };
  if (category.includes('verification')) return { countUnit: 'verifications', usageUnit: 'verifications' };
  return { countUnit: 'units', usageUnit: 'units' };
}
