import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario, ScenarioError } from '../../../src/sim';

const SCENARIO_DIR = join(__dirname, '../../../bench/scenarios');
const GROUP = { kind: 'legit', action: 'verify', perHour: 10, numbers: { countries: ['GB'] } };
const VALID = { name: 'unit', traffic: [GROUP] };

function problemOf(value: unknown): { path: string; message: string } {
  try {
    parseScenario(value);
  } catch (error) {
    if (error instanceof ScenarioError) return { path: error.path, message: error.message };
    throw error;
  }
  throw new Error('parseScenario accepted the scenario');
}

describe('parseScenario', () => {
  it('applies the documented defaults', () => {
    const scenario = parseScenario(VALID);
    expect(scenario).toMatchObject({ seed: 1, durationHours: 24, historyHours: 0, instances: 4, routing: 'round-robin', store: { rateLimits: true, latencyMs: 0 } });
    expect(scenario.traffic[0]).toMatchObject({ name: 'legit-0', pacing: 'poisson', conversion: 0.85, obeyRetryAfter: true, identity: 'none', channel: 'sms' });
  });

  it.each([
    ['an unknown top-level key', { ...VALID, sed: 3 }, 'sed', "did you mean 'seed'"],
    ['an unknown group key', { ...VALID, traffic: [{ ...GROUP, perHr: 3 }] }, 'traffic[0].perHr', 'unknown key'],
    ['an unknown numbers key', { ...VALID, traffic: [{ ...GROUP, numbers: { countries: ['GB'], range: 3 } }] }, 'traffic[0].numbers.range', "did you mean 'ranges'"],
    ['a country that does not exist', { ...VALID, traffic: [{ ...GROUP, numbers: { countries: ['GB', 'XX'] } }] }, 'traffic[0].numbers.countries[1]', "'XX' is not a country code"],
    ['a negative rate', { ...VALID, traffic: [{ ...GROUP, perHour: -5 }] }, 'traffic[0].perHour', 'cannot be negative'],
    ['a conversion above 1', { ...VALID, traffic: [{ ...GROUP, conversion: 1.5 }] }, 'traffic[0].conversion', 'at most 1'],
    ['an unknown pacing', { ...VALID, traffic: [{ ...GROUP, pacing: 'posson' }] }, 'traffic[0].pacing', "did you mean 'poisson'"],
    ['an invalid explicit number', { ...VALID, traffic: [{ ...GROUP, numbers: { numbers: ['+441234'] } }] }, 'traffic[0].numbers.numbers[0]', 'not a valid number'],
    ['a reversed delay range', { ...VALID, traffic: [{ ...GROUP, enterCodeAfterSeconds: [60, 10] }] }, 'traffic[0].enterCodeAfterSeconds', 'below min'],
    ['no traffic', { name: 'unit', traffic: [] }, 'traffic', 'non-empty list'],
    ['a negative history', { ...VALID, historyHours: -1 }, 'historyHours', 'cannot be negative'],
    ['a history longer than the week a baseline keeps', { ...VALID, historyHours: 169 }, 'historyHours', 'at most 168'],
    ['a duplicate group name', { ...VALID, traffic: [{ ...GROUP, name: 'users' }, { ...GROUP, name: 'users' }] }, 'traffic[1].name', 'used by an earlier group'],
    ['a share of attacker ranges on an attacker', { ...VALID, traffic: [{ ...GROUP, kind: 'attacker', shareFromAttackerRanges: 0.1 }] }, 'traffic[0].shareFromAttackerRanges', 'legit groups only'],
    ['returning users on an attacker', { ...VALID, traffic: [{ ...GROUP, kind: 'attacker', returningShare: 0.3 }] }, 'traffic[0].returningShare', 'legit groups only'],
    ['a share of returning users above 1', { ...VALID, traffic: [{ ...GROUP, returningShare: 1.5 }] }, 'traffic[0].returningShare', 'at most 1'],
  ])('refuses %s, naming the field', (_, value, path, hint) => {
    const problem = problemOf(value);
    expect(problem.path).toBe(path);
    expect(problem.message).toContain(`scenario ${path}:`);
    expect(problem.message).toContain(hint);
  });

  const library = [SCENARIO_DIR, join(SCENARIO_DIR, 'report')].flatMap((dir) => readdirSync(dir).filter((file) => file.endsWith('.json')).map((file) => join(dir, file)));

  it.each(library)('accepts the library scenario %s', (file) => {
    expect(() => parseScenario(JSON.parse(readFileSync(file, 'utf8')))).not.toThrow();
  });

  it('keeps the tune and report sets apart: same scenarios, other seeds', () => {
    const names = (dir: string) => readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
    expect(names(join(SCENARIO_DIR, 'report'))).toEqual(names(SCENARIO_DIR));
    for (const name of names(SCENARIO_DIR)) {
      const tune = parseScenario(JSON.parse(readFileSync(join(SCENARIO_DIR, name), 'utf8')));
      const report = parseScenario(JSON.parse(readFileSync(join(SCENARIO_DIR, 'report', name), 'utf8')));
      // The report runs seeds seed..seed+4; the tune set's must not overlap them.
      expect(Math.abs(report.seed - tune.seed)).toBeGreaterThanOrEqual(5);
    }
  });
});
