import { formatDuration, parseDuration } from '../../../src/core/throttle';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['10m', 600_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['0s', 0],
  ])('parses %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['10x', '1.5h', '10 m', '600', '', 'm', '-1m', ' 1m', '1M', '1w'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([600, null, undefined, { per: '1m' }])('refuses the non-string %j', (value) => {
    expect(parseDuration(value)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [600_000, '10m'],
    [86_400_000, '1d'],
    [90_000, '90s'],
    [7_200_000, '2h'],
    [1500, '1500ms'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
