import { parseScenario, simulate } from '../../../src/sim';

/** Two hours of users beside a pumper spread over ranges: small enough for a unit test. */
const SCENARIO = {
  name: 'unit-pumper',
  seed: 3,
  durationHours: 2,
  instances: 3,
  traffic: [
    { name: 'users', kind: 'legit', action: 'verify', perHour: 60, numbers: { countries: ['GB', 'DE'] }, resendProbability: 0.2, identity: 'per-user' },
    { name: 'pumper', kind: 'attacker', action: 'verify', perHour: 200, numbers: { countries: ['FR', 'NL'], ranges: 20, rangeDigits: 8 }, identity: 'rotate' },
  ],
};

/** The default policy without the country budget (which would refuse the pumper first), with and without the per-range low-conversion rule. */
const NO_BUDGET_POLICY = JSON.stringify({ adaptive: { unconverted: false } });
const NO_LOW_CONVERSION_POLICY = JSON.stringify({ adaptive: { lowConversion: false, unconverted: false } });

describe('simulate', () => {
  it('gives the same result for the same seed', async () => {
    const first = await simulate(parseScenario(SCENARIO), { policyText: '{}' });
    const second = await simulate(parseScenario(SCENARIO), { policyText: '{}' });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it('gives the same result for the same seed when sharded limits fill (shard picks come from the seed too)', async () => {
    // A stolen token calling through the overall cap: its refusals depend on which shards each instance picks.
    const calls = {
      name: 'unit-calls',
      seed: 5,
      durationHours: 1,
      instances: 3,
      traffic: [{ name: 'token', kind: 'attacker', action: 'voice-outbound', perHour: 900, numbers: { countries: ['GB', 'DE'], ranges: 40, rangeDigits: 8 }, identity: 'rotate' }],
    };
    // Without the range-repeat budget, which would refuse the token's repeats long before the overall cap.
    const policyText = JSON.stringify({ callRangeRepeats: false });
    const runs = await Promise.all([1, 2, 3].map(() => simulate(parseScenario(calls), { policyText })));
    expect(runs[0].groups[0].refusedBy['voice-outbound-global']).toBeGreaterThan(0);
    for (const run of runs.slice(1)) expect(JSON.stringify(run)).toBe(JSON.stringify(runs[0]));
  });

  it('gives a different result for another seed', async () => {
    const first = await simulate(parseScenario(SCENARIO), { policyText: '{}' });
    const other = await simulate(parseScenario({ ...SCENARIO, seed: 4 }), { policyText: '{}' });
    expect(JSON.stringify(other.groups)).not.toBe(JSON.stringify(first.groups));
  });

  it('decides with the production policy code: switching the low-conversion rule off lets more codes reach the pumper', async () => {
    const defended = await simulate(parseScenario(SCENARIO), { policyText: NO_BUDGET_POLICY });
    const undefended = await simulate(parseScenario(SCENARIO), { policyText: NO_LOW_CONVERSION_POLICY });
    const pumper = (result: typeof defended) => result.groups.find((group) => group.name === 'pumper');
    expect(pumper(defended)?.refusedBy['low-conversion']).toBeGreaterThan(0);
    expect(pumper(undefended)?.refusedBy['low-conversion']).toBeUndefined();
    expect(pumper(undefended)?.sends).toBeGreaterThan(pumper(defended)?.sends ?? 0);
  });

  it('decides with the production policy code: the default country budget refuses a pumper in countries nobody converts in', async () => {
    const defended = await simulate(parseScenario(SCENARIO), { policyText: '{}' });
    const undefended = await simulate(parseScenario(SCENARIO), { policyText: NO_BUDGET_POLICY });
    const pumper = (result: typeof defended) => result.groups.find((group) => group.name === 'pumper');
    expect(pumper(defended)?.refusedBy['unconverted:country']).toBeGreaterThan(0);
    expect(pumper(undefended)?.refusedBy['unconverted:country']).toBeUndefined();
    expect(pumper(undefended)?.sends).toBeGreaterThan(pumper(defended)?.sends ?? 0);
  });

  it('lets users who enter their code verify, and counts what reached Verify', async () => {
    const result = await simulate(parseScenario({ ...SCENARIO, traffic: [SCENARIO.traffic[0]] }), { policyText: '{}' });
    const [users] = result.groups;
    expect(users.successRate).toBeGreaterThan(0.9);
    expect(users.sends).toBe(result.twilio.verificationsSent);
    expect(users.hourly.attempts.reduce((sum, n) => sum + n, 0)).toBe(users.attempts);
    expect(result.sendsToAttackerPerDay).toBe(0);
  });

  it('runs the history before the run without counting it: sessions, store counts and sends are those of the run alone', async () => {
    const users = { ...SCENARIO.traffic[0], perHour: 120 };
    const alone = await simulate(parseScenario({ ...SCENARIO, durationHours: 1, traffic: [users] }), { policyText: '{}' });
    const after = await simulate(parseScenario({ ...SCENARIO, durationHours: 1, historyHours: 3, traffic: [users] }), { policyText: '{}' });
    expect(after.historyHours).toBe(3);
    // About 120 sessions in the counted hour either way (Poisson arrivals), not 480.
    for (const result of [alone, after]) expect(result.groups[0].sessions).toBeLessThan(200);
    expect(after.twilio.verificationsSent).toBe(after.groups[0].sends);
    expect(after.store.writes).toBeLessThan(2 * alone.store.writes);
  });

  it('lets history teach the gate the app\'s countries: an owned-SIM farm in a country with no users gets less after a day of users elsewhere', async () => {
    const users = { ...SCENARIO.traffic[0], perHour: 120, numbers: { countries: ['GB'] } };
    const farm = { name: 'farm', kind: 'attacker', action: 'verify', perHour: 400, conversion: 0.25, numbers: { countries: ['FR', 'NL'], ranges: 200, rangeDigits: 8 }, identity: 'rotate' };
    const scenario = { ...SCENARIO, durationHours: 1, traffic: [users, farm] };
    const farmSends = (result: Awaited<ReturnType<typeof simulate>>) => result.groups.find((group) => group.name === 'farm')?.sends ?? 0;
    const dayOne = await simulate(parseScenario(scenario), { policyText: '{}' });
    const established = await simulate(parseScenario({ ...scenario, historyHours: 6 }), { policyText: '{}' });
    expect(farmSends(established)).toBeLessThan(farmSends(dayOne) / 2);
  }, 60_000);

  it('refuses premium-rate numbers by their type, not by a list', async () => {
    const scenario = parseScenario({
      name: 'unit-premium',
      durationHours: 1,
      traffic: [{ kind: 'attacker', action: 'voice-outbound', perHour: 30, numbers: { countries: ['GB'], lineType: 'premium' } }],
    });
    const [attacker] = (await simulate(scenario, { policyText: '{}' })).groups;
    expect(attacker.sends).toBe(0);
    expect(Object.keys(attacker.refusedBy)).toEqual(['destination:line_type_not_allowed']);
  });

  it('lets returning callers through a flood spoofing their own country better with the known-caller memory than without', async () => {
    // A day of history before the run (it starts at midnight UTC, so the history is the day before).
    const callers = { name: 'callers', kind: 'legit', action: 'voice-inbound', perHour: 120, numbers: { countries: ['US'] }, returningShare: 0.5 };
    const flood = { name: 'flood', kind: 'attacker', action: 'voice-inbound', perHour: 10_000, pacing: 'poisson', numbers: { countries: ['US'], pool: 3000 }, fromHour: 0.5, toHour: 1.5 };
    const scenario = parseScenario({ name: 'unit-same-country-flood', seed: 5, durationHours: 2, historyHours: 24, instances: 2, traffic: [callers, flood] });
    const success = async (policy: object) => (await simulate(scenario, { policyText: JSON.stringify(policy) })).groups.find((group) => group.name === 'callers')?.successRate ?? 0;
    const without = await success({ inbound: { knownCallers: false } });
    const withMemory = await success({});
    expect(without).toBeLessThan(0.9);
    expect(withMemory).toBeGreaterThan(without + 0.05);
  }, 60_000);
});
