import type { BillableKind } from './decision-event';

/**
 * Prices the report estimates with, built from Twilio's Pricing API: Messaging v1 outbound SMS
 * prices per country, Voice v1 outbound prices per prefix. An estimate: Twilio bills by carrier
 * and number type, which the masked log numbers no longer tell, so the lowest listed price of the
 * country (SMS) or of the longest matching visible prefix (voice) is used: a floor, never more
 * than Twilio would have charged.
 */
export interface PriceTable {
  currency: string;
  /** Lowest outbound SMS price per ISO country. */
  sms: Readonly<Record<string, number>>;
  /** Outbound voice prices per minute, by country: prefix (digits with country code) -> lowest price. */
  voice: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** `pricing.v1.messaging.messaging_country-instance`, the fields read. */
export interface MessagingCountryPrices {
  iso_country?: string;
  price_unit?: string;
  outbound_sms_prices?: { prices?: { current_price?: string | number | null }[] }[] | null;
}

/** `pricing.v1.voice.voice_country-instance`, the fields read. */
export interface VoiceCountryPrices {
  iso_country?: string;
  price_unit?: string;
  outbound_prefix_prices?: { prefixes?: string[]; current_price?: string | number | null }[] | null;
}

function price(value: unknown): number | undefined {
  const amount = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(amount) && amount >= 0 ? amount : undefined;
}

/**
 * Builds the table from Pricing API country instances (lowest price wins where several apply).
 *
 * @example
 * buildPriceTable([{ iso_country: 'GB', price_unit: 'USD', outbound_sms_prices: [{ prices: [{ current_price: '0.04' }] }] }], [])
 */
export function buildPriceTable(messaging: readonly MessagingCountryPrices[], voice: readonly VoiceCountryPrices[]): PriceTable {
  const sms: Record<string, number> = {};
  const voicePrices: Record<string, Record<string, number>> = {};
  let currency: string | undefined;
  for (const country of messaging) {
    if (!country.iso_country) continue;
    currency ??= country.price_unit;
    for (const carrier of country.outbound_sms_prices ?? []) {
      for (const entry of carrier.prices ?? []) {
        const amount = price(entry.current_price);
        if (amount !== undefined && !(sms[country.iso_country] <= amount)) sms[country.iso_country] = amount;
      }
    }
  }
  for (const country of voice) {
    if (!country.iso_country) continue;
    currency ??= country.price_unit;
    const prefixes = (voicePrices[country.iso_country] ??= {});
    for (const entry of country.outbound_prefix_prices ?? []) {
      const amount = price(entry.current_price);
      if (amount === undefined) continue;
      for (const prefix of entry.prefixes ?? []) {
        const digits = prefix.replace(/\D/g, '');
        if (digits && !(prefixes[digits] <= amount)) prefixes[digits] = amount;
      }
    }
  }
  return { currency: (currency ?? 'USD').toUpperCase(), sms, voice: voicePrices };
}

/**
 * The estimated price of one send: an SMS by country; a call's first minute by the longest
 * listed prefix the visible digits (`+4474`) start with, else the country's lowest price.
 * `undefined` when the country (or the whole number) is unknown or unpriced, and for a WhatsApp
 * code (the Pricing API lists SMS and voice prices only).
 */
export function estimatePrice(table: PriceTable, kind: BillableKind, country: string | undefined, range: string | undefined): number | undefined {
  if (!country) return undefined;
  if (kind === 'sms') return table.sms[country];
  if (kind === 'whatsapp') return undefined;
  const prefixes = table.voice[country];
  if (!prefixes) return undefined;
  const digits = (range ?? '').replace(/\D/g, '');
  for (let length = digits.length; length > 0; length -= 1) {
    const match = prefixes[digits.slice(0, length)];
    if (match !== undefined) return match;
  }
  const all = Object.values(prefixes);
  return all.length > 0 ? Math.min(...all) : undefined;
}
