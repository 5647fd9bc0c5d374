import { buildDetectionCopy, toSourceSpan } from '../../../src/core/sanitize';

describe('buildDetectionCopy', () => {
  it.each([
    ['fullwidth letters and dot', 'ｐａｙｐａｌ．ｃｏｍ', 'paypal.com'],
    ['ideographic full stop', 'paypal。com', 'paypal.com'],
    ['halfwidth ideographic full stop', 'paypal｡com', 'paypal.com'],
    ['fullwidth plus and digits', '＋４４ ２０', '+44 20'],
    ['zero-width space inside a host', 'pay\u200Bpal.com', 'paypal.com'],
    ['soft hyphen and word joiner', 'ama\u00ADzon\u2060.com', 'amazon.com'],
    ['bidi controls', '\u202Abit.ly\u202C', 'bit.ly'],
    ['Arabic-Indic digits', '٠٢٠ ٧٩٤٦', '020 7946'],
    ['Devanagari digits', '९८७६५', '98765'],
    ['keycap digits', '0️⃣2️⃣0️⃣', '020'],
    ['thin, no-break and narrow spaces', '020\u20097946\u00A00958\u202F1', '020 7946 0958 1'],
    ['Cyrillic look-alikes in a Latin word', 'раураl.com', 'paypal.com'],
    ['mathematical letters', '𝐩𝐚𝐲𝐩𝐚𝐥', 'paypal'],
    ['circled digits', '①②③', '123'],
    ['combining marks composed', 'cafe\u0301', 'café'],
  ])('normalizes %s', (_name, source, expected) => {
    expect(buildDetectionCopy(source).text).toBe(expected);
  });

  it('maps every code unit back to the source characters it came from', () => {
    const source = 'ｐａｙ\u200Bpal。com';
    const copy = buildDetectionCopy(source);
    expect(copy.text).toBe('paypal.com');
    expect(copy.starts).toHaveLength(copy.text.length);
    expect(copy.ends).toHaveLength(copy.text.length);
    expect(toSourceSpan(copy, 0, 3)).toEqual([0, 3]);
    expect(toSourceSpan(copy, 3, 6)).toEqual([4, 7]);
    expect(toSourceSpan(copy, 0, copy.text.length)).toEqual([0, source.length]);
  });

  it('maps an expansion to its whole source character', () => {
    const copy = buildDetectionCopy('x㎞y'); // ㎞ is "km" under NFKC
    expect(copy.text).toBe('xkmy');
    expect(toSourceSpan(copy, 1, 2)).toEqual([1, 2]);
    expect(toSourceSpan(copy, 2, 3)).toEqual([1, 2]);
  });

  it('keeps a keycap and its selector with the digit they decorate', () => {
    const source = '8\uFE0F\u20E3';
    const copy = buildDetectionCopy(source);
    expect(copy.text).toBe('8');
    expect(toSourceSpan(copy, 0, 1)).toEqual([0, 3]);
  });

  it('keeps offsets monotonic for astral characters and lone surrogates', () => {
    const copy = buildDetectionCopy('a😀b\uD800c\uDC00');
    for (let i = 1; i < copy.text.length; i++) expect(copy.starts[i]).toBeGreaterThanOrEqual(copy.starts[i - 1]);
    expect(copy.text).toContain('😀');
  });

  it('is empty for an empty or all-invisible text', () => {
    expect(buildDetectionCopy('').text).toBe('');
    expect(buildDetectionCopy('\u200B\u200D\uFEFF').text).toBe('');
  });
});
