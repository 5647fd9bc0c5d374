import { DEFAULT_LOW_CONVERSION, parseAdaptive } from '../../../src/core/adaptive';
import { PolicyError } from '../../../src/core/policy';

describe('parseAdaptive', () => {
  it('pins the defaults: three starts an hour per prefix:8 range below one in five entered', () => {
    expect(parseAdaptive(undefined)).toEqual({ lowConversion: { scope: 'prefix:8', window: '1h', windowMs: 3_600_000, minStarts: 3, minConversion: 0.2 } });
    expect(DEFAULT_LOW_CONVERSION).toEqual(parseAdaptive({}).lowConversion);
  });

  it('replaces only the fields given', () => {
    expect(parseAdaptive({ lowConversion: { minStarts: 5, window: '2h' } }).lowConversion).toEqual({
      scope: 'prefix:8',
      window: '2h',
      windowMs: 7_200_000,
      minStarts: 5,
      minConversion: 0.2,
    });
  });

  it('switches the rule off with false', () => {
    expect(parseAdaptive({ lowConversion: false }).lowConversion).toBeNull();
  });

  it.each([
    [{ lowConverson: {} }, /adaptive\.lowConverson: unknown key; did you mean 'lowConversion'\?/],
    [{ lowConversion: { minStart: 3 } }, /adaptive\.lowConversion\.minStart: unknown key; did you mean 'minStarts'\?/],
    [{ lowConversion: { scope: 'country' } }, /adaptive\.lowConversion\.scope: "country" is not supported; use 'prefix:8'/],
    [{ lowConversion: { window: '1x' } }, /adaptive\.lowConversion\.window: "1x" is not a duration; use 30s, 10m, 1h or 1d/],
    [{ lowConversion: { window: '2d' } }, /adaptive\.lowConversion\.window: "2d" is out of range; use 1m to 1d/],
    [{ lowConversion: { minStarts: 0 } }, /adaptive\.lowConversion\.minStarts: must be a whole number from 1 to 50/],
    [{ lowConversion: { minStarts: 2.5 } }, /minStarts: must be a whole number/],
    [{ lowConversion: { minConversion: 1.5 } }, /adaptive\.lowConversion\.minConversion: must be a number from 0 to 1/],
    [{ lowConversion: { minConversion: '0.2' } }, /minConversion: must be a number from 0 to 1 .* not a string/],
    [{ lowConversion: 'on' }, /adaptive\.lowConversion: must be an object, not a string/],
    [[], /adaptive: must be an object, not a list/],
  ])('refuses %j with a message naming the key and the fix', (value, message) => {
    expect(() => parseAdaptive(value)).toThrow(PolicyError);
    expect(() => parseAdaptive(value)).toThrow(message);
  });
});
