import { test as isWholeLink } from 'linkifyjs';
import { isRealTld, REAL_TLDS, WEAK_DISGUISE_TLDS, WORDLIKE_TLDS } from '../../../src/core/sanitize';

describe('REAL_TLDS', () => {
  it('holds only TLDs that are real (linkify, which carries the IANA list, links each one)', () => {
    const unknown = [...REAL_TLDS].filter((tld) => !tld.startsWith('xn--') && !isWholeLink(`example.${tld}`));
    expect(unknown).toEqual([]);
  });

  it('covers every two-letter country-code TLD linkify knows', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const missing: string[] = [];
    for (const a of letters) for (const b of letters) if (isWholeLink(`example.${a}${b}`) && !REAL_TLDS.has(a + b)) missing.push(a + b);
    expect(missing).toEqual([]);
  });

  const abusedInSmishing = 'com net org info biz top xyz online site club shop app link live icu vip buzz work click tk ml ga cf gq ru cn io co me ly gl to uk zip mov xn--p1ai';
  it.each(abusedInSmishing.split(' '))(
    'includes %p',
    (tld) => {
      expect(isRealTld(tld)).toBe(true);
      expect(isRealTld(tld.toUpperCase())).toBe(true);
    },
  );

  it.each(['txt', 'pdf', 'jpg', 'png', 'exe', 'apk', 'doc', 'docx', 'xls', 'csv', 'mp3', 'mp4', 'gif', 'html', 'js', 'g', 'e'])('excludes the file extension or abbreviation %p', (label) => {
    expect(isRealTld(label)).toBe(false);
  });

  it('keeps the word lists inside the real list, and no word behind a weak disguise', () => {
    for (const tld of WORDLIKE_TLDS) expect(REAL_TLDS.has(tld)).toBe(true);
    for (const tld of WEAK_DISGUISE_TLDS) {
      expect(REAL_TLDS.has(tld)).toBe(true);
      expect(WORDLIKE_TLDS.has(tld)).toBe(false);
    }
  });
});
