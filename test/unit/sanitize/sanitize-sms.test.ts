import { createSmsSanitizer, sanitizeSms, SMS_MAX_LENGTH } from '../../../src/core/sanitize';

describe('sanitizeSms', () => {
  it('removes links and numbers and reports them with original offsets', () => {
    const text = 'USPS: pay at usps-redelivery[.]top or call +1 415 555 2671';
    const result = sanitizeSms(text);
    expect(result.text).toBe('USPS: pay at (link removed) or call (number removed)');
    expect(result.removed).toEqual([
      { kind: 'url', start: 13, end: 34, value: 'usps-redelivery[.]top', detector: 'disguised-links' },
      { kind: 'phone', start: 43, end: 58, value: '+1 415 555 2671', detector: 'phone-numbers' },
    ]);
    for (const span of result.removed) expect(text.slice(span.start, span.end)).toBe(span.value);
  });

  it('reports offsets into the original text, not the normalized copy', () => {
    const text = 'ｐａｙ\u200Bpal。com and ٠٢٠ ٧٩٤٦ ٠٩٥٨';
    const result = sanitizeSms(text, { defaultCountry: 'GB' });
    expect(result.removed.map((span) => span.value)).toEqual(['ｐａｙ\u200Bpal。com', '٠٢٠ ٧٩٤٦ ٠٩٥٨']);
    expect(result.text).toBe('(link removed) and (number removed)');
  });

  it('uses the configured replacements', () => {
    const result = sanitizeSms('bit.ly/x +447911123456', { replacement: { url: '[link]', phone: '[number]' } });
    expect(result.text).toBe('[link] [number]');
  });

  it('finds national numbers only with a default country', () => {
    expect(sanitizeSms('call 020 7946 0958').removed).toEqual([]);
    expect(sanitizeSms('call 020 7946 0958', { defaultCountry: 'GB' }).text).toBe('call (number removed)');
  });

  it('strips leftover invisible characters and keeps emoji', () => {
    expect(sanitizeSms('hi\u200B\u202E there 👨‍👩‍👧 ❤️').text).toBe('hi there 👨‍👩‍👧 ❤️');
  });

  it('is idempotent', () => {
    const first = sanitizeSms('Go to paypal[.]com/x or call +44 20 7946 0958', { defaultCountry: 'GB' });
    const second = sanitizeSms(first.text, { defaultCountry: 'GB' });
    expect(second).toEqual({ text: first.text, removed: [] });
  });

  it('cuts input longer than 1600 characters and never returns more', () => {
    const long = sanitizeSms('a'.repeat(5000));
    expect(long.text).toHaveLength(SMS_MAX_LENGTH);
    const growing = sanitizeSms('a.co '.repeat(400));
    expect(growing.text.length).toBeLessThanOrEqual(SMS_MAX_LENGTH);
    expect(sanitizeSms(growing.text).removed).toEqual([]);
  });

  it('does not split a surrogate pair when cutting the input', () => {
    const text = `${'a'.repeat(SMS_MAX_LENGTH - 1)}😀`;
    expect(sanitizeSms(text).text).toBe('a'.repeat(SMS_MAX_LENGTH - 1));
  });

  it('removes what joining the text around a removed span would form', () => {
    // after "x.ru" is replaced, nothing new may appear; and the result is stable
    const result = sanitizeSms('paypal.com5551234567 x.ru');
    expect(sanitizeSms(result.text).removed).toEqual([]);
  });

  it('returns an empty list and the text itself when nothing is found', () => {
    expect(sanitizeSms('See you at 7.30, bring $12.99')).toEqual({ text: 'See you at 7.30, bring $12.99', removed: [] });
    expect(sanitizeSms('')).toEqual({ text: '', removed: [] });
  });

  it('refuses a message that is not a string', () => {
    expect(() => sanitizeSms(undefined as unknown as string)).toThrow(/must be a string/);
  });

  it('resolves options once in createSmsSanitizer', () => {
    const sanitize = createSmsSanitizer({ defaultCountry: 'US' });
    expect(sanitize('Call (415) 555-2671').text).toBe('Call (number removed)');
    expect(() => createSmsSanitizer({ defaultCountry: 'ZZ' })).toThrow(TypeError);
  });
});
