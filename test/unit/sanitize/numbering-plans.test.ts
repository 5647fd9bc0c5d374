import { internationalDigitCounts, MIN_NATIONAL_DIGITS, nationalDigitCounts } from '../../../src/core/sanitize/numbering-plans';

describe('numbering plans from libphonenumber metadata', () => {
  it('reads national lengths plus the national prefix, longest first', () => {
    expect(nationalDigitCounts('US')).toEqual([11, 10]);
    expect(nationalDigitCounts('FR')).toEqual([10, 9]);
  });

  it('leaves room for carrier codes where the country parses a complex national prefix', () => {
    expect(nationalDigitCounts('GB')).toEqual([14, 13, 12, 11, 10, 9, 8, 7]);
  });

  it('never offers fewer than the minimum national digits', () => {
    expect(Math.min(...nationalDigitCounts('DE'))).toBe(MIN_NATIONAL_DIGITS);
  });

  it('reads the calling code and the national lengths behind it', () => {
    expect(internationalDigitCounts('442079460958')).toEqual([12, 11, 9]);
    expect(internationalDigitCounts('14155552671')).toContain(11);
    expect(internationalDigitCounts('8001234')).toContain(11); // +800 is non-geographic
  });

  it('offers nothing when no calling code matches', () => {
    expect(internationalDigitCounts('999')).toEqual([]);
    expect(internationalDigitCounts('')).toEqual([]);
  });
});
