import { parseScenario, simulate } from '../../../src/sim';

// Real click-to-call users beside a stolen token pumping calls into rented ranges, the users'
// own country among them (the `call-pumper` scenario, shortened to 4 hours).
const SCENARIO = {
  name: 'unit-call-pumper',
  seed: 11,
  durationHours: 4,
  instances: 2,
  traffic: [
    { name: 'users', kind: 'legit', action: 'voice-outbound', perHour: 40, numbers: { countries: ['US', 'GB'] }, identity: 'per-user' },
    {
      name: 'pumper',
      kind: 'attacker',
      action: 'voice-outbound',
      perHour: 600,
      numbers: { countries: ['GB', 'DE', 'PH', 'NG'], ranges: 80, rangeDigits: 8 },
      identity: 'rotate',
      obeyRetryAfter: true,
    },
  ],
};

describe('the default policy against outbound call pumping', () => {
  it("holds a pumper calling its rented ranges again and again to about one call per range, and real users' calls go through", async () => {
    const result = await simulate(parseScenario(SCENARIO), { policyText: '{}' });
    const [users, pumper] = result.groups;
    expect(users.successRate).toBeGreaterThanOrEqual(0.99);
    // 80 ranges (20 a country): one first call each; then each country's repeats, 10 and a tenth
    // of its scattered calls: 12 in DE, PH and NG, about 20 in GB (some 80 users' calls there).
    // Far below the 2,400 calls it tried.
    expect(pumper.sends).toBeLessThanOrEqual(80 + 3 * 12 + 22);
    expect(pumper.refusedBy['range-repeats']).toBeGreaterThan(2000);
  });
});
