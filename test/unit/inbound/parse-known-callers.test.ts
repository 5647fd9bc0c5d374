import { DEFAULT_KNOWN_CALLERS, DEFAULT_ORIGIN_SHARE } from '../../../src/core/inbound';
import { parseKnownCallers } from '../../../src/core/inbound/parse-known-callers';
import { loadPolicy, parsePolicy, PolicyError } from '../../../src/core/policy';

describe('parseKnownCallers', () => {
  it.each([undefined, true])('keeps the defaults for %s', (value) => {
    expect(parseKnownCallers(value, DEFAULT_ORIGIN_SHARE)).toEqual(DEFAULT_KNOWN_CALLERS);
  });

  it('is switched off by false', () => {
    expect(parseKnownCallers(false, DEFAULT_ORIGIN_SHARE)).toBe(false);
  });

  it('replaces the fields an object gives', () => {
    expect(parseKnownCallers({ remember: '30d', maxFill: 0.9 }, DEFAULT_ORIGIN_SHARE)).toEqual({ remember: '30d', rememberMs: 30 * 86_400_000, maxFill: 0.9 });
  });

  it('keeps maxFill above a fair share whose pressure point was raised past the default', () => {
    expect(parseKnownCallers(undefined, { ...DEFAULT_ORIGIN_SHARE, pressure: 0.9 })).toMatchObject({ maxFill: 0.95 });
  });

  it.each([
    [{ remember: '1d' }, 'inbound.knownCallers.remember', /from 2d to 365d/],
    [{ remember: '400d' }, 'inbound.knownCallers.remember', /from 2d to 365d.*'400d'/],
    [{ remember: 60 }, 'inbound.knownCallers.remember', /not 60/],
    [{ maxFill: 0 }, 'inbound.knownCallers.maxFill', /above 0 and at most 1/],
    [{ maxFill: 1.5 }, 'inbound.knownCallers.maxFill', /above 0 and at most 1/],
    [{ maxFill: '0.9' }, 'inbound.knownCallers.maxFill', /not '0.9'/],
    [{ maxFill: 0.5 }, 'inbound.knownCallers.maxFill', /above inbound.originShare.pressure \(0.5\)/],
    [{ rememberr: '30d' }, 'inbound.knownCallers.rememberr', /did you mean 'remember'/],
    ['yes', 'inbound.knownCallers', /must be an object/],
  ])('refuses %j at %s', (value, path, message) => {
    let error: unknown;
    try {
      parseKnownCallers(value, DEFAULT_ORIGIN_SHARE);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).path).toBe(path);
    expect((error as PolicyError).message).toMatch(message);
  });

  it('is read at policy load, on by default', () => {
    expect(loadPolicy('{}').policy.inbound.knownCallers).toEqual(DEFAULT_KNOWN_CALLERS);
    expect(() => parsePolicy({ inbound: { knownCallers: { maxFill: 2 } } })).toThrow(/policy inbound.knownCallers.maxFill/);
  });
});
