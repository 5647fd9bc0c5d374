/**
 * The emulator's price list: a small fixture of round figures of the order of Twilio's list
 * prices (USD), for tests and local reports only. Real prices differ by carrier and change over
 * time; a live report reads them from the account's Pricing API.
 */

/** One country's prices: outbound SMS per carrier, outbound voice per prefix (per minute). */
export interface CountryPrices {
  country: string;
  sms: { carrier: string; mcc: string; mnc: string; mobile: number }[];
  /** Prefixes with the country code, as the Pricing API lists them. */
  voice: { friendlyName: string; prefixes: string[]; perMinute: number }[];
  inboundSms: number;
  inboundCall: number;
}

export const PRICING_FIXTURE: Readonly<Record<string, CountryPrices>> = {
  US: {
    country: 'United States',
    sms: [{ carrier: 'Emulated US Carrier', mcc: '310', mnc: '260', mobile: 0.0079 }],
    voice: [{ friendlyName: 'United States', prefixes: ['1'], perMinute: 0.014 }],
    inboundSms: 0.0079,
    inboundCall: 0.0085,
  },
  GB: {
    country: 'United Kingdom',
    sms: [
      { carrier: 'Emulated UK Carrier A', mcc: '234', mnc: '10', mobile: 0.0463 },
      { carrier: 'Emulated UK Carrier B', mcc: '234', mnc: '15', mobile: 0.0524 },
    ],
    voice: [
      { friendlyName: 'United Kingdom', prefixes: ['44'], perMinute: 0.014 },
      { friendlyName: 'United Kingdom - Mobile', prefixes: ['447'], perMinute: 0.04 },
      { friendlyName: 'United Kingdom - Premium', prefixes: ['449'], perMinute: 0.6 },
    ],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
  LV: {
    country: 'Latvia',
    sms: [{ carrier: 'Emulated LV Carrier', mcc: '247', mnc: '01', mobile: 0.0889 }],
    voice: [
      { friendlyName: 'Latvia', prefixes: ['371'], perMinute: 0.06 },
      { friendlyName: 'Latvia - Mobile', prefixes: ['3712'], perMinute: 0.25 },
    ],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
  AF: {
    country: 'Afghanistan',
    sms: [{ carrier: 'Emulated AF Carrier', mcc: '412', mnc: '01', mobile: 0.2741 }],
    voice: [{ friendlyName: 'Afghanistan', prefixes: ['93'], perMinute: 0.35 }],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
  DE: {
    country: 'Germany',
    sms: [{ carrier: 'Emulated DE Carrier', mcc: '262', mnc: '01', mobile: 0.0885 }],
    voice: [
      { friendlyName: 'Germany', prefixes: ['49'], perMinute: 0.022 },
      { friendlyName: 'Germany - Mobile', prefixes: ['4915', '4916', '4917'], perMinute: 0.11 },
    ],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
  NG: {
    country: 'Nigeria',
    sms: [{ carrier: 'Emulated NG Carrier', mcc: '621', mnc: '20', mobile: 0.3148 }],
    voice: [{ friendlyName: 'Nigeria', prefixes: ['234'], perMinute: 0.32 }],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
  ID: {
    country: 'Indonesia',
    sms: [{ carrier: 'Emulated ID Carrier', mcc: '510', mnc: '10', mobile: 0.4122 }],
    voice: [{ friendlyName: 'Indonesia', prefixes: ['62'], perMinute: 0.17 }],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
  FR: {
    country: 'France',
    sms: [{ carrier: 'Emulated FR Carrier', mcc: '208', mnc: '01', mobile: 0.0861 }],
    voice: [
      { friendlyName: 'France', prefixes: ['33'], perMinute: 0.024 },
      { friendlyName: 'France - Mobile', prefixes: ['336', '337'], perMinute: 0.16 },
    ],
    inboundSms: 0.0075,
    inboundCall: 0.01,
  },
};
