/**
 * Twilio's two date formats: the 2010 API (`api.twilio.com/2010-04-01`) uses RFC 2822
 * (`Thu, 30 Jul 2015 20:00:00 +0000`), the v1/v2 products ISO 8601 without milliseconds
 * (`2015-07-30T20:00:00Z`), as the OpenAPI specs' formats and examples show.
 */

/** ISO 8601 in UTC without milliseconds, as v1/v2 products send it. */
export function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 2822 in UTC with a numeric zone, as the 2010 API sends it. */
export function rfc2822Date(epochMs: number): string {
  return new Date(epochMs).toUTCString().replace(/ GMT$/, ' +0000');
}
