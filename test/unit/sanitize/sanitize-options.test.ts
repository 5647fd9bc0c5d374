import {
  DEFAULT_LINK_REPLACEMENT,
  DEFAULT_NUMBER_REPLACEMENT,
  DEFAULT_REPLACEMENTS,
  MAX_REPLACEMENT_LENGTH,
  resolveSanitizeOptions,
  SMS_MAX_LENGTH,
} from '../../../src/core/sanitize';

describe('resolveSanitizeOptions', () => {
  it('pins the defaults', () => {
    expect(DEFAULT_LINK_REPLACEMENT).toBe('(link removed)');
    expect(DEFAULT_NUMBER_REPLACEMENT).toBe('(number removed)');
    expect(SMS_MAX_LENGTH).toBe(1600);
    expect(resolveSanitizeOptions()).toEqual({ defaultCountry: undefined, countries: [], replacements: { url: '(link removed)', phone: '(number removed)' } });
  });

  it('keeps the default replacements in the GSM-7 basic character set', () => {
    const gsm7 = /^[A-Za-z0-9 ()@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà\n\r]*$/;
    for (const text of Object.values(DEFAULT_REPLACEMENTS)) expect(text).toMatch(gsm7);
  });

  it('upper-cases and checks the country', () => {
    expect(resolveSanitizeOptions({ defaultCountry: 'gb' }).defaultCountry).toBe('GB');
    expect(() => resolveSanitizeOptions({ defaultCountry: 'XX' })).toThrow(/defaultCountry 'XX' is not a supported ISO 3166-1 alpha-2/);
    expect(() => resolveSanitizeOptions({ defaultCountry: '' })).toThrow(TypeError);
  });

  it('lists the default country, then the extra countries, upper-cased and without repeats', () => {
    expect(resolveSanitizeOptions({ defaultCountry: 'gb', extraCountries: ['in', 'GB', 'ph'] }).countries).toEqual(['GB', 'IN', 'PH']);
    expect(resolveSanitizeOptions({ extraCountries: ['IN'] }).countries).toEqual(['IN']);
    expect(() => resolveSanitizeOptions({ extraCountries: ['IN', 'XX'] })).toThrow(/extraCountries entry 'XX'/);
    expect(() => resolveSanitizeOptions({ extraCountries: 'IN' as unknown as string[] })).toThrow(/extraCountries must be a list/);
  });

  it('takes one replacement for both kinds or one per kind', () => {
    expect(resolveSanitizeOptions({ replacement: '[removed]' }).replacements).toEqual({ url: '[removed]', phone: '[removed]' });
    expect(resolveSanitizeOptions({ replacement: { phone: '[no number]' } }).replacements).toEqual({ url: DEFAULT_LINK_REPLACEMENT, phone: '[no number]' });
    expect(resolveSanitizeOptions({ replacement: '' }).replacements).toEqual({ url: '', phone: '' });
  });

  it.each([
    ['a replacement that is a link', { replacement: 'see example.com' }, /would itself be removed/],
    ['a replacement that is a number', { replacement: { phone: '+44 20 7946 0958' } }, /would itself be removed/],
    ['a replacement with invisible characters', { replacement: 'x\u200By' }, /invisible or direction-control character \(U\+200B\)/],
    ['an overlong replacement', { replacement: 'x'.repeat(MAX_REPLACEMENT_LENGTH + 1) }, /keep it to 100 or fewer/],
    ['a replacement that is not a string', { replacement: { url: 5 as unknown as string } }, /must be a string/],
  ])('refuses %s', (_name, options, message) => {
    expect(() => resolveSanitizeOptions(options)).toThrow(message);
  });
});
