import { readVerifyStartRequest, supportedVerifyLocale, VERIFY_LOCALES } from '../../../src/core/verify';

describe('supportedVerifyLocale', () => {
  it.each([
    ['en', 'en'],
    ['EN-gb', 'en-GB'],
    ['pt_br', 'pt-BR'],
    ['zh-hk', 'zh-HK'],
  ])('reads %s as Verify spells it, %s', (input, expected) => {
    expect(supportedVerifyLocale(input)).toBe(expected);
  });

  it.each(['xx', 'en-US', 'english', 'pt-PT', ''])('refuses %p, which Verify has no translation for', (input) => {
    expect(supportedVerifyLocale(input)).toBeUndefined();
  });

  it('lists each locale once', () => {
    expect(new Set(VERIFY_LOCALES.map((locale) => locale.toLowerCase())).size).toBe(VERIFY_LOCALES.length);
  });

  it('makes verify/start refuse an unsupported locale with a message within the 200-character contract', () => {
    expect(() => readVerifyStartRequest({ to: '+447400123456', locale: 'xx' })).toThrow(/'locale' must be a language Twilio Verify supports/);
    expect(readVerifyStartRequest({ to: '+447400123456', locale: 'PT-BR' }).locale).toBe('pt-BR');
  });
});
