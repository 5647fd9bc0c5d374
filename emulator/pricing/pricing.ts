import { notFound } from '../core/errors';
import type { RouteContext, RouteDefinition } from '../core/router';
import { PRICING_FIXTURE, type CountryPrices } from './pricing-fixture';

const PRICING_BASE = 'https://pricing.twilio.com';

function countryOf(ctx: RouteContext): [string, CountryPrices] {
  const iso = ctx.params.iso.toUpperCase();
  const prices = Object.hasOwn(PRICING_FIXTURE, iso) ? PRICING_FIXTURE[iso] : undefined;
  if (!prices) throw notFound(ctx.twilioPath);
  return [iso, prices];
}

/** `pricing.v1.messaging.messaging_country-instance`. */
function messagingCountry(iso: string, prices: CountryPrices): Record<string, unknown> {
  return {
    country: prices.country,
    iso_country: iso,
    outbound_sms_prices: prices.sms.map((carrier) => ({
      carrier: carrier.carrier,
      mcc: carrier.mcc,
      mnc: carrier.mnc,
      prices: [{ number_type: 'mobile', base_price: carrier.mobile, current_price: carrier.mobile }],
    })),
    inbound_sms_prices: [{ number_type: 'local', base_price: prices.inboundSms, current_price: prices.inboundSms }],
    price_unit: 'USD',
    url: `${PRICING_BASE}/v1/Messaging/Countries/${iso}`,
  };
}

const inboundCallPrices = (prices: CountryPrices) => [{ number_type: 'local', base_price: prices.inboundCall, current_price: prices.inboundCall }];

/** `pricing.v1.voice.voice_country-instance`. */
function voiceCountryV1(iso: string, prices: CountryPrices): Record<string, unknown> {
  return {
    country: prices.country,
    iso_country: iso,
    outbound_prefix_prices: prices.voice.map((entry) => ({ prefixes: entry.prefixes, friendly_name: entry.friendlyName, base_price: entry.perMinute, current_price: entry.perMinute })),
    inbound_call_prices: inboundCallPrices(prices),
    price_unit: 'USD',
    url: `${PRICING_BASE}/v1/Voice/Countries/${iso}`,
  };
}

/** `pricing.v2.voice.voice_country-instance`: destination prefixes, from any origin. */
function voiceCountryV2(iso: string, prices: CountryPrices): Record<string, unknown> {
  return {
    country: prices.country,
    iso_country: iso,
    outbound_prefix_prices: prices.voice.map((entry) => ({
      origination_prefixes: ['ALL'],
      destination_prefixes: entry.prefixes,
      friendly_name: entry.friendlyName,
      base_price: entry.perMinute,
      current_price: entry.perMinute,
    })),
    inbound_call_prices: inboundCallPrices(prices),
    price_unit: 'USD',
    url: `${PRICING_BASE}/v2/Voice/Countries/${iso}`,
  };
}

/**
 * Pricing API: Messaging v1 and Voice v1 / v2 prices of one country, from the emulator's fixture
 * (pricing-fixture.ts); a country outside it is 404.
 */
export function pricingRoutes(): RouteDefinition[] {
  return [
    { method: 'GET', pattern: '/pricing/v1/Messaging/Countries/:iso', product: 'pricing', handler: (ctx) => ({ status: 200, body: messagingCountry(...countryOf(ctx)) }) },
    { method: 'GET', pattern: '/pricing/v1/Voice/Countries/:iso', product: 'pricing', handler: (ctx) => ({ status: 200, body: voiceCountryV1(...countryOf(ctx)) }) },
    { method: 'GET', pattern: '/pricing/v2/Voice/Countries/:iso', product: 'pricing', handler: (ctx) => ({ status: 200, body: voiceCountryV2(...countryOf(ctx)) }) },
  ];
}
