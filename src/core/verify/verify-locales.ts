/**
 * The `locale` values Twilio Verify accepts as an override (its "supported languages" page).
 * Verify answers an unsupported one with 404, which a start cannot tell from a missing service,
 * so the gate refuses anything else with a 400 before it counts or sends anything.
 */
export const VERIFY_LOCALES: readonly string[] = [
  'af', 'ar', 'ca', 'cs', 'da', 'de', 'el', 'en', 'en-GB', 'es', 'et', 'fi', 'fr', 'he', 'hi',
  'hr', 'hu', 'id', 'it', 'ja', 'kn', 'ko', 'lt', 'mr', 'ms', 'nb', 'nl', 'pl', 'pt', 'pt-BR',
  'ro', 'ru', 'sk', 'sv', 'te', 'th', 'tl', 'tr', 'uk', 'vi', 'zh', 'zh-CN', 'zh-HK',
];

const BY_LOWER_CASE = new Map(VERIFY_LOCALES.map((locale) => [locale.toLowerCase(), locale]));

/**
 * The supported locale a value names, in Verify's spelling (`pt-br` and `pt_BR` give `pt-BR`),
 * or `undefined` when Verify does not support it.
 *
 * @example
 * supportedVerifyLocale('PT-br') // 'pt-BR'
 * supportedVerifyLocale('xx') // undefined
 */
export function supportedVerifyLocale(value: string): string | undefined {
  return BY_LOWER_CASE.get(value.toLowerCase().replace('_', '-'));
}
