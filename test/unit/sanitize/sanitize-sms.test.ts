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

  // The forms real spam used to get past the sanitizer (issue 15), each for its recipient's country.
  it.each([
    ['Pls call claim number 09066364311 to collect', 'GB', 'Pls call claim number (number removed) to collect'],
    ['Order number: 4155552671 ready', 'US', 'Order number: (number removed) ready'],
    ['Ref: 020 7946 0958', 'GB', 'Ref: (number removed)'],
    ['your code is +44 7911 123456', 'GB', 'your code is (number removed)'],
    ['Ihre Kundennummer 030 12345678', 'DE', 'Ihre Kundennummer (number removed)'],
    ['To claim, call09050000327', 'GB', 'To claim, call(number removed)'],
    ['OptOut txt STOP Help08714742804', 'GB', 'OptOut txt STOP Help(number removed)'],
    ['Only 09061701461150p/min', 'GB', 'Only (number removed)150p/min'],
    ['Call 0871277810910p per min', 'GB', 'Call (number removed)10p per min'],
    ['Ring 0906 📞 170 📞 1461', 'GB', 'Ring (number removed)'],
    ['Ring 415*555*2671', 'US', 'Ring (number removed)'],
    ['Ring O2O 7946 O958', 'GB', 'Ring (number removed)'],
    ['Ring nine one seven, five five five, two six seven one', 'US', 'Ring (number removed)'],
    ['Verify at Secure.Help or Paypal.Support', 'GB', 'Verify at (link removed) or (link removed)'],
    ['Chat on Wa.Me or Apple-Recovery.Support', 'GB', 'Chat on (link removed) or (link removed)'],
    ['Call 98765 43210 now', 'IN', 'Call (number removed) now'],
    ['Txt WIN to 80082, send CASH to 86688', 'GB', 'Txt WIN to (number removed), send CASH to (number removed)'],
  ])('removes the real spam form %p (%s)', (text, defaultCountry, expected) => {
    expect(sanitizeSms(text, { defaultCountry }).text).toBe(expected);
  });

  it.each([
    ['Mr.Smith said e.g. ok.Now see you at 7.30pm', 'GB'],
    ['It costs £1.50 or 150p, due 12.05.2025, 2025-05-12', 'GB'],
    ['Your code is 4829', 'GB'],
    ['Your code is 48291375', 'GB'],
    ['code is 12345678', 'US'],
    ['Update to v2.3.1 or iOS 17.4.1', 'US'],
    ['Reply STOP to opt out', 'US'],
  ])('keeps %p (%s) as it is', (text, defaultCountry) => {
    expect(sanitizeSms(text, { defaultCountry })).toEqual({ text, removed: [] });
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
