import { DEFAULT_REPLACEMENTS, redact } from '../../../src/core/sanitize';

describe('redact', () => {
  it('replaces each span with the replacement for its kind', () => {
    const text = 'go to x.ru or call +44 20 7946 0958 now';
    const result = redact(text, [{ kind: 'url', start: 6, end: 10 }, { kind: 'phone', start: 19, end: 35 }], DEFAULT_REPLACEMENTS, 1600);
    expect(result.text).toBe('go to (link removed) or call (number removed) now');
    expect(result.truncated).toBe(false);
  });

  it('maps replacement text to the span it replaced and kept text to itself', () => {
    const result = redact('ab x.ru cd', [{ kind: 'url', start: 3, end: 7 }], { url: 'L', phone: 'P' }, 1600);
    expect(result.text).toBe('ab L cd');
    expect(Array.from(result.starts)).toEqual([0, 1, 2, 3, 7, 8, 9]);
    expect(Array.from(result.ends)).toEqual([1, 2, 3, 7, 8, 9, 10]);
  });

  it('strips leftover invisible characters but keeps emoji sequences', () => {
    const result = redact('hi\u200B 👨‍👩‍👧\u202E ok', [], DEFAULT_REPLACEMENTS, 1600);
    expect(result.text).toBe('hi 👨‍👩‍👧 ok');
  });

  it('cuts to the maximum length without splitting a surrogate pair or leaving a joiner', () => {
    expect(redact('ab😀', [], DEFAULT_REPLACEMENTS, 3).text).toBe('ab');
    expect(redact('a👨‍👩', [], DEFAULT_REPLACEMENTS, 4).text).toBe('a👨');
    const cut = redact('x '.repeat(10), [{ kind: 'url', start: 0, end: 1 }], DEFAULT_REPLACEMENTS, 10);
    expect(cut.text).toBe('(link remo');
    expect(cut.truncated).toBe(true);
    expect(cut.starts).toHaveLength(10);
  });

  it('deletes with an empty replacement', () => {
    expect(redact('a x.ru b', [{ kind: 'url', start: 2, end: 6 }], { url: '', phone: '' }, 1600).text).toBe('a  b');
  });
});
