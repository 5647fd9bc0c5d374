import { loadPolicy, PolicyError } from '../../../src/core/policy';

function problemOf(policy: unknown): string {
  try {
    loadPolicy(JSON.stringify(policy));
  } catch (error) {
    if (error instanceof PolicyError) return error.message;
    throw error;
  }
  return 'loaded';
}

describe('loadPolicy: adaptive rules and the logs they read', () => {
  it('loads the defaults, and a policy whose adaptive rules read rule sets it keeps', () => {
    expect(problemOf({})).toBe('loaded');
    expect(
      problemOf({
        adaptive: { lowConversion: { scope: 'prefix:7' } },
        throttles: {
          'starts-by-7': { action: 'verify-start', subject: 'prefix:7', windows: [{ limit: 50, per: '1d' }] },
          'approvals-by-7': { action: 'verify-conversion', subject: 'prefix:7', windows: [{ limit: 50, per: '1d' }] },
        },
      }),
    ).toBe('loaded');
  });

  it.each([
    [{ throttles: { 'verify-start-prefix': false } }, /adaptive\.lowConversion: .*no throttle rule set of action 'verify-start' and one of action 'verify-conversion' count by prefix:8/],
    [{ throttles: { 'verify-conversion-prefix': false } }, /adaptive\.lowConversion: /],
    [{ adaptive: { lowConversion: { scope: 'prefix:7' } } }, /adaptive\.lowConversion: .*count by prefix:7/],
    [{ adaptive: { unconverted: { 'prefix:6': {} } }, throttles: { 'verify-start-prefix6': false } }, /adaptive\.unconverted\.prefix:6: reads the starts and approvals of each prefix:6 over 1d, but no unsharded throttle rule set/],
    [{ throttles: { 'verify-conversion-country': false } }, /adaptive\.unconverted\.country: counts each country's starts and approvals over 1d, but no throttle rule set/],
    [{ throttles: { 'verify-start-country': { windows: [{ limit: 2000, per: '10m' }] } } }, /adaptive\.unconverted\.country: .*with a window of 1d/],
    [{ adaptive: { unconverted: { 'prefix:6': { cap: 900 } } }, throttles: { 'verify-start-prefix6': { windows: [{ limit: 500, per: '1d' }] } } }, /adaptive\.unconverted\.prefix:6\.cap: is 900, but the 'verify-start-prefix6' log keeps at most 500 starts/],
    [{ adaptive: { unconverted: { 'prefix:4': { floor: 2, cap: 10 } } } }, /adaptive\.unconverted\.prefix:4: reads the starts and approvals of each prefix:4/],
    [{ adaptive: { unconverted: true, lowConversion: false }, throttles: { 'verify-start-prefix': false } }, /adaptive\.unconverted\.country\.escalate: reads the starts and approvals of each prefix:8/],
    [
      { adaptive: { lowConversion: { minStarts: 12 } }, throttles: { 'verify-start-prefix': { windows: [{ limit: 10, per: '1h' }] } } },
      /adaptive\.lowConversion\.minStarts: is 12, but the 'verify-start-prefix' log keeps at most 10 starts/,
    ],
    [{ throttles: { 'verify-conversion-number': false } }, /adaptive\.backoff: .*keep the defaults 'verify-start' and 'verify-conversion-number', or set adaptive\.backoff to false/],
    [{ throttles: { 'verify-start': { subject: 'identity' } } }, /adaptive\.backoff: /],
  ])('refuses %j: switching off a log must not silently switch a defence off', (policy, message) => {
    expect(problemOf(policy)).toMatch(message);
  });

  it('loads those policies once the rule that reads the log is off', () => {
    expect(problemOf({ throttles: { 'verify-start-prefix': false }, adaptive: { lowConversion: false, unconverted: false } })).toBe('loaded');
    expect(problemOf({ throttles: { 'verify-conversion-country': false }, adaptive: { unconverted: { country: false } } })).toBe('loaded');
    expect(problemOf({ adaptive: { unconverted: { 'prefix:6': {} } } })).toBe('loaded');
    expect(problemOf({ throttles: { 'verify-conversion-number': false }, adaptive: { backoff: false } })).toBe('loaded');
  });
});

describe('loadPolicy: inbound.originShare and the logs it reads', () => {
  it.each([
    [{ throttles: { 'voice-inbound-origin': false } }, /inbound\.originShare: counts calls per country in throttle voice-inbound-origin, which the policy switches off/],
    [{ throttles: { 'voice-inbound-global': false } }, /inbound\.originShare: shares the overall rate of throttle voice-inbound-global, which the policy switches off/],
    [{ throttles: { 'voice-inbound-global': { windows: [{ limit: 5000, per: '1h' }] } } }, /inbound\.originShare: reads throttle voice-inbound-global as an exact log: keep its limits at most 1000/],
    [{ throttles: { 'voice-inbound-global': { windows: [{ limit: 100, per: '10m' }] } } }, /inbound\.originShare: throttle voice-inbound-origin needs a window of 10m/],
    [{ throttles: { 'voice-inbound-origin': { windows: [{ limit: 1000, per: '1m' }, { limit: 1000, per: '1h' }] } } }, /needs a window longer than voice-inbound-global's longest/],
    [{ throttles: { 'voice-inbound-origin': { subject: 'prefix:4' } } }, /must have subject 'country' and action 'voice-inbound-global'/],
  ])('refuses %j with one error naming the fix', (policy, message) => {
    expect(problemOf(policy)).toMatch(message);
  });

  it('loads those policies once inbound.originShare is off', () => {
    expect(problemOf({ throttles: { 'voice-inbound-origin': false }, inbound: { originShare: false } })).toBe('loaded');
    expect(problemOf({ throttles: { 'voice-inbound-global': { windows: [{ limit: 5000, per: '1h' }] } }, inbound: { originShare: false } })).toBe('loaded');
  });
});
