import { InvisibleStripper, isIgnoredForDetection, isInvisible } from '../../../src/core/sanitize';

function strip(text: string): string {
  const stripper = new InvisibleStripper();
  const chars = [...text];
  return chars.filter((char, i) => stripper.keep(char.codePointAt(0)!, chars[i + 1]?.codePointAt(0))).join('');
}

describe('isInvisible', () => {
  it.each([
    ['zero-width space', 0x200b],
    ['zero-width non-joiner', 0x200c],
    ['zero-width joiner', 0x200d],
    ['left-to-right mark', 0x200e],
    ['right-to-left override', 0x202e],
    ['first strong isolate', 0x2068],
    ['word joiner', 0x2060],
    ['byte order mark', 0xfeff],
    ['soft hyphen', 0x00ad],
    ['Hangul filler', 0x3164],
    ['variation selector 16', 0xfe0f],
    ['tag letter', 0xe0067],
    ['Arabic letter mark', 0x061c],
  ])('is true for the %s', (_name, codePoint) => {
    expect(isInvisible(codePoint)).toBe(true);
  });

  it.each([0x61, 0x20, 0xa0, 0x2009, 0x1f600, 0x05d0])('is false for the visible U+%s', (codePoint) => {
    expect(isInvisible(codePoint)).toBe(false);
  });

  it('drops the keycap mark and every other format character from the detection copy', () => {
    expect(isIgnoredForDetection(0x20e3)).toBe(true);
    expect(isIgnoredForDetection(0x0600)).toBe(true); // Arabic number sign, \p{Cf}
    expect(isIgnoredForDetection(0x61)).toBe(false);
  });
});

describe('InvisibleStripper', () => {
  it.each([
    ['pay\u200Bpal', 'paypal'],
    ['\u202Emoc.lapyap\u202C', 'moc.lapyap'],
    ['a\u200Db', 'ab'], // a joiner between Latin letters only hides things
    ['a\u200Cb', 'ab'],
    ['x\uFE0F', 'x'],
    ['\u2066text\u2069', 'text'],
  ])('strips %p to %p', (input, output) => {
    expect(strip(input)).toBe(output);
  });

  it.each([
    ['family', '👨‍👩‍👧‍👦'],
    ['rainbow flag', '🏳️‍🌈'],
    ['heart on fire', '❤️‍🔥'],
    ['skin tone and profession', '👩🏽‍💻'],
    ['pirate flag', '🏴‍☠️'],
    ['keycap', '1️⃣'],
    ['red heart', '❤️'],
    ['Scotland flag (tag sequence)', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
    ['Persian word with a non-joiner', 'می‌خواهم'],
    ['Devanagari with a joiner', 'क्‍ष'],
  ])('keeps the %s intact', (_name, text) => {
    expect(strip(text)).toBe(text);
  });

  it('strips a joiner that does not join two emoji', () => {
    expect(strip('👨\u200D')).toBe('👨');
    expect(strip('👨\u200D\u200B👩')).toBe('👨👩');
    expect(strip('\u200D👩')).toBe('👩');
  });

  it('gives the same text when run on its own output', () => {
    for (const text of ['👨\u200B\u200D👩', 'a\uFE0F❤\uFE0F\uFE0F', '🏴\u200B\u{E0067}\u{E007F}\u{E0067}', 'م\u200C\u200Cم']) {
      expect(strip(strip(text))).toBe(strip(text));
    }
  });
});
