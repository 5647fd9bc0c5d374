import { buildPriceTable, type MessagingCountryPrices, type PriceTable, type VoiceCountryPrices } from '../../core/report';
import { jsonBody } from './client-fetch';
import type { LogsFetch } from './serverless-log-source';

async function countryPrices<T>(fetch: LogsFetch, product: 'Messaging' | 'Voice', country: string): Promise<T | undefined> {
  const answer = await fetch(`https://pricing.twilio.com/v1/${product}/Countries/${encodeURIComponent(country)}`);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`the Pricing API answered HTTP ${answer.status} for ${product} prices of ${country}`);
  return jsonBody<T>(answer.body);
}

/**
 * Fetches the prices the report needs from the Pricing API (Messaging v1 per country for SMS and
 * codes, Voice v1 per country for calls), one country at a time; a country the API does not
 * price is left out (its sends are counted as unpriced).
 *
 * @example
 * const prices = await fetchPriceTable(get, countriesToPrice(state));
 */
export async function fetchPriceTable(fetch: LogsFetch, countries: { sms: readonly string[]; voice: readonly string[] }): Promise<PriceTable> {
  const messaging: MessagingCountryPrices[] = [];
  const voice: VoiceCountryPrices[] = [];
  for (const country of countries.sms) {
    const prices = await countryPrices<MessagingCountryPrices>(fetch, 'Messaging', country);
    if (prices) messaging.push(prices);
  }
  for (const country of countries.voice) {
    const prices = await countryPrices<VoiceCountryPrices>(fetch, 'Voice', country);
    if (prices) voice.push(prices);
  }
  return buildPriceTable(messaging, voice);
}
