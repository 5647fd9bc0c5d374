import { DEFAULT_BACKOFF, DEFAULT_LOW_CONVERSION, DEFAULT_UNCONVERTED_BUDGETS, parseAdaptive } from '../../../src/core/adaptive';
import { PolicyError } from '../../../src/core/policy';

describe('parseAdaptive', () => {
  it('pins the defaults: three starts an hour per prefix:8 range below one in five entered; backoff from 30 s to 1 h', () => {
    expect(parseAdaptive(undefined)).toEqual({
      lowConversion: { scope: 'prefix:8', digits: 8, window: '1h', windowMs: 3_600_000, minStarts: 3, minConversion: 0.2 },
      backoff: { first: '30s', firstMs: 30_000, max: '1h', maxMs: 3_600_000 },
      unconverted: DEFAULT_UNCONVERTED_BUDGETS,
    });
    expect(DEFAULT_LOW_CONVERSION).toEqual(parseAdaptive({}).lowConversion);
    expect(DEFAULT_BACKOFF).toEqual(parseAdaptive({}).backoff);
  });

  it('reads the backoff, replacing only the fields given, and switches it off with false', () => {
    expect(parseAdaptive({ backoff: { first: '1m' } }).backoff).toEqual({ first: '1m', firstMs: 60_000, max: '1h', maxMs: 3_600_000 });
    expect(parseAdaptive({ backoff: { first: '10s', max: '10s' } }).backoff).toEqual({ first: '10s', firstMs: 10_000, max: '10s', maxMs: 10_000 });
    expect(parseAdaptive({ backoff: false }).backoff).toBeNull();
  });

  it('replaces only the fields given', () => {
    expect(parseAdaptive({ lowConversion: { minStarts: 5, window: '2h' } }).lowConversion).toEqual({
      scope: 'prefix:8',
      digits: 8,
      window: '2h',
      windowMs: 7_200_000,
      minStarts: 5,
      minConversion: 0.2,
    });
  });

  it('reads any prefix:N scope from 1 to 15 digits', () => {
    expect(parseAdaptive({ lowConversion: { scope: 'prefix:7' } }).lowConversion).toMatchObject({ scope: 'prefix:7', digits: 7 });
    expect(parseAdaptive({ lowConversion: { scope: 'prefix:15' } }).lowConversion).toMatchObject({ digits: 15 });
  });

  it('switches the rule off with false', () => {
    expect(parseAdaptive({ lowConversion: false }).lowConversion).toBeNull();
  });

  it.each([
    [{ backof: {} }, /adaptive\.backof: unknown key; did you mean 'backoff'\?/],
    [{ backoff: { frist: '30s' } }, /adaptive\.backoff\.frist: unknown key; did you mean 'first'\?/],
    [{ backoff: { first: 30 } }, /adaptive\.backoff\.first: 30 is not a duration/],
    [{ backoff: { first: '500ms' } }, /adaptive\.backoff\.first: "500ms" is not a duration/],
    [{ backoff: { max: '2d' } }, /adaptive\.backoff\.max: "2d" is out of range; use 1s to 1d/],
    [{ backoff: { first: '10m', max: '5m' } }, /adaptive\.backoff\.max: must be at least 'first' \(10m\), not 5m/],
    [{ backoff: true }, /adaptive\.backoff/],
    [{ lowConverson: {} }, /adaptive\.lowConverson: unknown key; did you mean 'lowConversion'\?/],
    [{ lowConversion: { minStart: 3 } }, /adaptive\.lowConversion\.minStart: unknown key; did you mean 'minStarts'\?/],
    [{ lowConversion: { scope: 'country' } }, /adaptive\.lowConversion\.scope: "country" is not supported; use 'prefix:N' with N from 1 to 15/],
    [{ lowConversion: { scope: 'prefix:16' } }, /scope: "prefix:16" is not supported/],
    [{ lowConversion: { scope: 'prefix:0' } }, /scope: "prefix:0" is not supported/],
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
