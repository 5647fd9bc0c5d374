import { foldHomoglyphs, HOMOGLYPHS } from '../../../src/core/sanitize';

describe('foldHomoglyphs', () => {
  it.each([
    ['раураl.com', 'paypal.com'], // Cyrillic р а у in a Latin word
    ['аррle', 'apple'], // all-Cyrillic look-alike word
    ['paypal.соm', 'paypal.com'], // TLD in Cyrillic
    ['gοοgle', 'google'], // Greek omicron
    ['һttps', 'https'], // Cyrillic shha
    ['ѕесurе', 'secure'],
    ['ΑΡΡLΕ', 'APPLE'], // Greek capitals
    ['օnline', 'online'], // Armenian o
  ])('folds %p to %p', (input, folded) => {
    expect(foldHomoglyphs(input)).toBe(folded);
  });

  it.each(['пример.рф', 'Привет, где ты?', 'Γεια σου', 'сбербанк', 'plain ascii text', '日本語'])('leaves %p alone: real words of one script', (text) => {
    expect(foldHomoglyphs(text)).toBe(text);
  });

  it('folds a real word only when every letter has a Latin look-alike, which changes nothing a reader sees', () => {
    expect(foldHomoglyphs('как дела')).toBe('kak дела');
  });

  it('keeps the length, so offsets do not move', () => {
    const text = 'Пройдите: раураl.соm/вход и сбербанк';
    expect(foldHomoglyphs(text)).toHaveLength(text.length);
  });

  it('maps only single code units to ASCII letters', () => {
    for (const [from, to] of HOMOGLYPHS) {
      expect(from).toBeLessThanOrEqual(0xffff);
      expect(to).toMatch(/^[A-Za-z]$/);
    }
  });
});
