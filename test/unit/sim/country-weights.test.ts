import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parseScenario, ScenarioError } from '../../../src/sim';
import { createRandom } from '../../../src/sim/random';
import type { NumberSource } from '../../../src/sim/scenario';
import { createNumberDrawer } from '../../../src/sim/sim-numbers';

const GROUP = { kind: 'legit', action: 'verify', perHour: 10 };
const DRAWS = 2000;

function scenarioWith(numbers: Record<string, unknown>) {
  return { name: 'unit', traffic: [{ ...GROUP, numbers }] };
}

function problemOf(numbers: Record<string, unknown>): { path: string; message: string } {
  try {
    parseScenario(scenarioWith(numbers));
  } catch (error) {
    if (error instanceof ScenarioError) return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error('parseScenario accepted the scenario');
}

function source(countries: string[], countryWeights?: number[], extra: Partial<NumberSource> = {}): NumberSource {
  return { countries, countryWeights, lineType: 'mobile', ranges: 0, rangeDigits: 8, pool: 0, numbers: [], prefixes: [], ...extra };
}

/** How many of `draws` numbers the drawer gives fall in each country (by libphonenumber). */
function countriesDrawn(numbers: NumberSource, seed: number, draws = DRAWS): Record<string, number> {
  const drawer = createNumberDrawer(createRandom(seed), numbers, 'traffic[0].numbers');
  const seen: Record<string, number> = {};
  for (let index = 0; index < draws; index += 1) {
    const country = parsePhoneNumberFromString(drawer.draw())?.country ?? 'none';
    seen[country] = (seen[country] ?? 0) + 1;
  }
  return seen;
}

describe('numbers.countryWeights in a scenario', () => {
  it('is read with the countries it weighs', () => {
    const scenario = parseScenario(scenarioWith({ countries: ['GB', 'DE'], countryWeights: [9, 1] }));
    expect(scenario.traffic[0].numbers.countryWeights).toEqual([9, 1]);
  });

  it('is absent when the file leaves it out', () => {
    expect(parseScenario(scenarioWith({ countries: ['GB', 'DE'] })).traffic[0].numbers.countryWeights).toBeUndefined();
  });

  it('accepts a weight of 0 beside a positive one', () => {
    expect(parseScenario(scenarioWith({ countries: ['GB', 'DE'], countryWeights: [0, 2.5] })).traffic[0].numbers.countryWeights).toEqual([0, 2.5]);
  });

  it.each([
    ['fewer weights than countries', { countries: ['GB', 'DE'], countryWeights: [1] }, 'traffic[0].numbers.countryWeights', 'must be a list of 2 numbers'],
    ['more weights than countries', { countries: ['GB'], countryWeights: [1, 2] }, 'traffic[0].numbers.countryWeights', 'must be a list of 1 numbers'],
    ['weights that are not a list', { countries: ['GB'], countryWeights: 1 }, 'traffic[0].numbers.countryWeights', 'must be a list'],
    ['a negative weight', { countries: ['GB', 'DE'], countryWeights: [1, -1] }, 'traffic[0].numbers.countryWeights[1]', 'cannot be negative'],
    ['a weight that is not a number', { countries: ['GB', 'DE'], countryWeights: [1, '2'] }, 'traffic[0].numbers.countryWeights[1]', 'must be a number'],
    ['weights that are all zero', { countries: ['GB', 'DE'], countryWeights: [0, 0] }, 'traffic[0].numbers.countryWeights', 'at least one weight above 0'],
    ['weights beside prefixes', { countries: ['GB'], prefixes: ['+4474'], countryWeights: [1] }, 'traffic[0].numbers.countryWeights', "weighs 'countries' only"],
    ['weights beside numbers', { countries: ['GB'], numbers: ['+447400123456'], countryWeights: [1] }, 'traffic[0].numbers.countryWeights', "weighs 'countries' only"],
    ['weights beside ranges (made in turn over the countries, unweighted)', { countries: ['GB', 'DE'], ranges: 10, countryWeights: [9, 1] }, 'traffic[0].numbers.countryWeights', "leave out 'ranges'"],
  ])('refuses %s, naming the field', (_, numbers, path, hint) => {
    const problem = problemOf(numbers);
    expect(problem.path).toBe(path);
    expect(problem.message).toContain(`scenario ${path}:`);
    expect(problem.message).toContain(hint);
  });
});

describe('a number drawer with country weights', () => {
  it('draws each country in proportion to its weight', () => {
    const seen = countriesDrawn(source(['GB', 'DE'], [9, 1]), 11);
    expect((seen.GB ?? 0) + (seen.DE ?? 0)).toBe(DRAWS);
    // 90% expected; the margin is over four standard deviations (1.3 points) each side.
    expect(seen.GB / DRAWS).toBeGreaterThan(0.84);
    expect(seen.GB / DRAWS).toBeLessThan(0.96);
  });

  it('draws the countries alike without weights', () => {
    const seen = countriesDrawn(source(['GB', 'DE']), 11);
    expect(seen.GB / DRAWS).toBeGreaterThan(0.4);
    expect(seen.GB / DRAWS).toBeLessThan(0.6);
  });

  it.each([
    [[0, 1, 0], 'DE'],
    [[1, 0, 0], 'GB'],
    [[0, 0, 3], 'FR'],
  ])('never draws a country of weight 0 (weights %j)', (weights, only) => {
    expect(countriesDrawn(source(['GB', 'DE', 'FR'], weights), 5, 300)).toEqual({ [only]: 300 });
  });

  it('weighs the numbers of a pool drawn fresh', () => {
    const pool = 500;
    const seen = countriesDrawn(source(['GB', 'DE'], [9, 1], { pool }), 3, pool * 4);
    expect(seen.GB / (pool * 4)).toBeGreaterThan(0.8);
  });

  it('draws the same countries from the same seed', () => {
    const weighted = source(['GB', 'DE', 'FR'], [5, 3, 2]);
    const drawOf = (seed: number) => {
      const drawer = createNumberDrawer(createRandom(seed), weighted, 'traffic[0].numbers');
      return Array.from({ length: 50 }, () => drawer.draw());
    };
    expect(drawOf(21)).toEqual(drawOf(21));
  });
});
