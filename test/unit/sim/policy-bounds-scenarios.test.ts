import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, policyBounds, type BoundedResource } from '../../../src/core/policy';
import { parseScenario, simulate } from '../../../src/sim';

/**
 * `gatekeeper policy bounds` is a promise: no attacker gets more out than it says, however it
 * spreads. Every adversary of the scenario library (the tune and the report set) is replayed
 * for its first hours under the built-in policy, and its hourly sends are held to the bound.
 */
const ROOT = join(__dirname, '..', '..', '..');
const SETS = [join(ROOT, 'bench', 'scenarios'), join(ROOT, 'bench', 'scenarios', 'report')];
/** Enough for each attacker's opening hours, where an unlearned policy lets most through; short enough for a unit test. */
const HOURS = 2;
const RESOURCE_OF: Readonly<Record<string, BoundedResource | undefined>> = { verify: 'codes', 'voice-outbound': 'calls' };

const scenarios = SETS.flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ label: `${dir.endsWith('report') ? 'report/' : ''}${file}`, json: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> })),
).filter(({ json }) => (json.traffic as Array<{ kind: string; action: string }>).some((group) => group.kind === 'attacker' && RESOURCE_OF[group.action]));

describe('policy bounds hold against the scenario library', () => {
  const bounds = policyBounds(loadPolicy('{}'));

  it.each(scenarios.map(({ label, json }) => [label, json] as const))('%s: no attacker gets more per hour than `policy bounds` allows', async (_label, json) => {
    // Without history: a gate deployed as the attack starts knows least, the worst case for the bound.
    const scenario = parseScenario({ ...json, durationHours: Math.min(HOURS, json.durationHours as number), historyHours: 0 });
    expect(scenario.policy).toBeUndefined();
    const result = await simulate(scenario, { policyText: '{}' });
    const attackers = result.groups.filter((group) => group.kind === 'attacker' && RESOURCE_OF[group.action]);
    expect(attackers.length).toBeGreaterThan(0);
    for (const group of attackers) {
      const bound = bounds[RESOURCE_OF[group.action] as BoundedResource];
      expect(Math.max(...group.hourly.sends)).toBeLessThanOrEqual(bound.hour.limit);
      expect(group.sends).toBeLessThanOrEqual(bound.day.limit);
    }
  }, 120_000);
});
