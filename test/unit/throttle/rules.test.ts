import {
  DEFAULT_RULE_SETS,
  MAX_WINDOW_LIMIT,
  parseRuleSets,
  ruleSetsForAction,
  ThrottleRuleError,
  TTL_SLACK_SECONDS,
  type ThrottleRuleSetsInput,
} from '../../../src/core/throttle';

function issuesOf(json: unknown, defaults?: ThrottleRuleSetsInput): readonly string[] {
  try {
    parseRuleSets(json, defaults);
  } catch (error) {
    expect(error).toBeInstanceOf(ThrottleRuleError);
    expect((error as ThrottleRuleError).code).toBe('ERR_GATE_THROTTLE_RULE');
    return (error as ThrottleRuleError).issues;
  }
  throw new Error('parseRuleSets accepted the rules');
}

describe('default rule sets', () => {
  const rules = parseRuleSets(undefined);

  it('guards every action the bundle throttles', () => {
    const actions = new Set([...rules.values()].map((rule) => rule.action));
    expect([...actions].sort()).toEqual([
      'sms-inbound',
      'sms-inbound-global',
      'sms-outbound',
      'verify-check',
      'verify-conversion',
      'verify-start',
      'voice-inbound',
      'voice-inbound-global',
      'voice-outbound',
      'voice-outbound-repeats',
    ]);
  });

  it('limits verification starts per number to 3 per 10m and 10 per 1d', () => {
    const rule = rules.get('verify-start');
    expect(rule?.subject).toEqual({ type: 'number' });
    expect(rule?.windows.map(({ limit, per }) => ({ limit, per }))).toEqual([
      { limit: 3, per: '10m' },
      { limit: 10, per: '1d' },
    ]);
  });

  it('checks verification starts by number, prefix, identity, country and overall', () => {
    expect(ruleSetsForAction(rules, 'verify-start').map((rule) => rule.subject.type)).toEqual(['number', 'prefix', 'identity', 'country', 'global']);
  });

  it('checks outbound calls by number, prefix, identity, country and overall', () => {
    expect(ruleSetsForAction(rules, 'voice-outbound').map((rule) => rule.subject)).toEqual([
      { type: 'number' },
      { type: 'prefix', digits: 8 },
      { type: 'identity' },
      { type: 'country' },
      { type: 'global' },
    ]);
  });

  it("records outbound calls' repeats per country as their own action, in one exact item per country", () => {
    const rule = rules.get('voice-outbound-repeats');
    expect(rule).toMatchObject({ action: 'voice-outbound-repeats', subject: { type: 'country' }, counted: false, shards: 1, onStoreError: 'closed' });
    expect(rule?.windows.map(({ limit, per }) => `${limit}/${per}`)).toEqual(['1000/1d']);
  });

  it('checks inbound calls by caller, caller prefix and withheld callers together, and overall as its own action with the calls per country it counts', () => {
    const shape = (action: string) => ruleSetsForAction(rules, action).map((rule) => [rule.name, rule.subject, rule.windows.map((w) => `${w.limit}/${w.per}`)]);
    expect(shape('voice-inbound')).toEqual([
      ['voice-inbound', { type: 'number' }, ['1/1m', '30/1h']],
      ['voice-inbound-prefix', { type: 'prefix', digits: 8 }, ['15/1m', '100/1h']],
      ['voice-inbound-anonymous', { type: 'identity' }, ['10/1m', '60/1h']],
    ]);
    expect(shape('voice-inbound-global')).toEqual([
      ['voice-inbound-global', { type: 'global' }, ['200/1m', '1000/1h']],
      ['voice-inbound-origin', { type: 'country' }, ['1000000000/1m', '1000000000/1h', '1000000000/1d', '1000000000/7d']],
    ]);
  });

  it('fails closed for everything that costs money, local for inbound floods and open for conversion and origin records', () => {
    for (const rule of rules.values()) {
      const record = rule.action === 'verify-conversion' || rule.name === 'voice-inbound-origin';
      const expected = record ? 'open' : /-inbound(-global)?$/.test(rule.action) ? 'local' : 'closed';
      expect({ rule: rule.name, onStoreError: rule.onStoreError }).toEqual({ rule: rule.name, onStoreError: expected });
    }
  });

  it('enforces every default rule set but the per-country inbound call counts, which must never refuse a call', () => {
    expect([...rules.values()].filter((rule) => rule.mode !== 'enforce').map((rule) => rule.name)).toEqual(['voice-inbound-origin']);
  });

  it('gives local fallbacks half of each limit, at least 1 (1/1m stays 1)', () => {
    const rule = rules.get('voice-inbound');
    expect(rule?.localWindows.map(({ limit, per }) => `${limit}/${per}`)).toEqual(['1/1m', '15/1h']);
  });

  it('sets the TTL to the longest window plus slack, in whole seconds', () => {
    expect(rules.get('verify-start')?.ttlSec).toBe(86_400 + TTL_SLACK_SECONDS);
    expect(rules.get('voice-inbound')?.ttlSec).toBe(3_600 + TTL_SLACK_SECONDS);
  });

  it('caps the log at the largest limit', () => {
    expect(rules.get('verify-start')?.maxEntries).toBe(10);
  });

  it('accepts null and an empty object as "no changes"', () => {
    expect([...parseRuleSets(null).keys()]).toEqual(Object.keys(DEFAULT_RULE_SETS));
    expect([...parseRuleSets({}).keys()]).toEqual(Object.keys(DEFAULT_RULE_SETS));
  });
});

describe('parseRuleSets', () => {
  it('replaces the fields an override gives and keeps the rest', () => {
    const rule = parseRuleSets({ 'verify-start': { windows: [{ limit: 2, per: '5m' }], mode: 'monitor' } }).get('verify-start');
    expect(rule).toMatchObject({ subject: { type: 'number' }, onStoreError: 'closed', mode: 'monitor', windows: [{ limit: 2, per: '5m', windowMs: 300_000 }] });
  });

  it('adds a new rule set under its own action by default', () => {
    const rules = parseRuleSets({ 'login-sms': { subject: 'identity', windows: [{ limit: 5, per: '1h' }] } });
    expect(rules.get('login-sms')).toMatchObject({ action: 'login-sms', onStoreError: 'closed', mode: 'enforce', subject: { type: 'identity' } });
  });

  it('adds a rule set to an existing action', () => {
    const rules = parseRuleSets({ 'verify-start-user': { action: 'verify-start', subject: 'identity', windows: [{ limit: 5, per: '1h' }] } });
    expect(ruleSetsForAction(rules, 'verify-start').map((rule) => rule.name)).toContain('verify-start-user');
  });

  it('switches a default rule set off with false', () => {
    const rules = parseRuleSets({ 'verify-start-global': false });
    expect(rules.has('verify-start-global')).toBe(false);
    expect(rules.has('verify-start')).toBe(true);
  });

  it('sorts windows shortest first', () => {
    const rule = parseRuleSets({ x: { subject: 'global', windows: [{ limit: 100, per: '1d' }, { limit: 5, per: '30s' }, { limit: 20, per: '1h' }] } }, {}).get('x');
    expect(rule?.windows.map((window) => window.per)).toEqual(['30s', '1h', '1d']);
  });

  it('uses the given local windows', () => {
    const rule = parseRuleSets({ 'sms-inbound': { localLimit: [{ limit: 1, per: '1m' }] } }).get('sms-inbound');
    expect(rule?.localWindows).toEqual([{ limit: 1, per: '1m', windowMs: 60_000 }]);
  });

  it('drops an inherited local limit when an override leaves local', () => {
    const defaults: ThrottleRuleSetsInput = { a: { subject: 'number', windows: [{ limit: 3, per: '1m' }], onStoreError: 'local', localLimit: [{ limit: 1, per: '1m' }] } };
    expect(parseRuleSets({ a: { onStoreError: 'closed' } }, defaults).get('a')?.localWindows).toEqual([]);
  });

  it('accepts the largest limit and a 31-day window', () => {
    expect(() => parseRuleSets({ x: { subject: 'global', windows: [{ limit: MAX_WINDOW_LIMIT, per: '31d' }] } }, {})).not.toThrow();
  });

  it('reports every problem at once', () => {
    const issues = issuesOf({ 'verify-start': { windows: [{ limit: 0, per: '10x' }] }, 'sms-inbound': { mode: 'off' } });
    expect(issues).toHaveLength(3);
  });

  it('puts a single problem in the message as is', () => {
    expect(() => parseRuleSets({ 'verify-start': { windows: [{ limit: 3, per: '10x' }] } })).toThrow(
      new ThrottleRuleError(["throttle verify-start: window '10x' is not a duration; use 30s, 10m, 1h or 1d"]),
    );
  });

  it('lists several problems in the message', () => {
    expect(() => parseRuleSets({ a: {}, b: {} }, {})).toThrow(/^4 problems in throttle rules:\n- throttle a: /);
  });

  const window = (per: unknown, limit: unknown = 3) => ({ 'verify-start': { windows: [{ limit, per }] } });

  it.each<[string, unknown, string]>([
    ['a window that is not a duration', window('10x'), "throttle verify-start: window '10x' is not a duration; use 30s, 10m, 1h or 1d"],
    ['a window in plain seconds', window(600), 'throttle verify-start: window 600 is not a duration; use 30s, 10m, 1h or 1d'],
    ['a zero window', window('0s'), "throttle verify-start: window '0s' is too short; use at least 1s"],
    ['a window over 31 days', window('32d'), "throttle verify-start: window '32d' is longer than 31d; use at most 31d"],
    ['a zero limit', window('10m', 0), 'throttle verify-start: window 10m limit 0 is not a whole number of at least 1; use e.g. 3'],
    ['a fractional limit', window('10m', 2.5), 'throttle verify-start: window 10m limit 2.5 is not a whole number of at least 1; use e.g. 3'],
    ['a string limit', window('10m', '3'), "throttle verify-start: window 10m limit '3' is not a whole number of at least 1; use e.g. 3"],
    [
      'a limit above the largest a window takes',
      window('1d', 1_000_000_001),
      'throttle verify-start: window 1d limit 1000000001 is above 1000000000, the largest limit a window takes; use a narrower subject or a shorter window',
    ],
    ['a window without per', { 'verify-start': { windows: [{ limit: 3 }] } }, "throttle verify-start: windows[0] has no 'per'; use 30s, 10m, 1h or 1d"],
    [
      'a window without limit',
      { 'verify-start': { windows: [{ per: '1m' }] } },
      "throttle verify-start: window 1m has no 'limit'; give the most requests admitted per window, e.g. 3",
    ],
    [
      'the same window twice',
      { 'verify-start': { windows: [{ limit: 3, per: '10m' }, { limit: 5, per: '600s' }] } },
      'throttle verify-start: window 600s appears twice in windows; give each window a different length',
    ],
    ['an empty window list', { 'verify-start': { windows: [] } }, 'throttle verify-start: windows must be a non-empty list like [{ "limit": 3, "per": "10m" }]'],
    ['a window that is not an object', { 'verify-start': { windows: ['3/10m'] } }, 'throttle verify-start: windows[0] must be an object like { "limit": 3, "per": "10m" }'],
    ['a misspelt window key', { 'verify-start': { windows: [{ limit: 3, per: '1m', limt: 2 }] } }, "throttle verify-start: windows[0]: unknown key 'limt'; did you mean 'limit'?"],
    ['a misspelt rule key', { 'verify-start': { windws: [] } }, "throttle verify-start: unknown key 'windws'; did you mean 'windows'?"],
    ['an unknown rule key', { 'verify-start': { colour: 'red' } }, "throttle verify-start: unknown key 'colour'; use action, subject, windows, onStoreError, localLimit, mode, shards"],
    ['a misspelt subject', { 'verify-start': { subject: 'numbr' } }, "throttle verify-start: subject 'numbr' is not a subject; did you mean 'number'?"],
    [
      'an unknown subject',
      { 'verify-start': { subject: 'ip' } },
      "throttle verify-start: subject 'ip' is not a subject; use number, prefix:N, country, identity, global (N from 1 to 15)",
    ],
    [
      'a prefix that is too long',
      { 'verify-start': { subject: 'prefix:16' } },
      "throttle verify-start: subject 'prefix:16' is not a subject; use number, prefix:N, country, identity, global (N from 1 to 15)",
    ],
    ['a misspelt store policy', { 'verify-start': { onStoreError: 'closd' } }, "throttle verify-start: onStoreError 'closd' is not one of closed, open, local; did you mean 'closed'?"],
    ['an unknown mode', { 'verify-start': { mode: 'off' } }, "throttle verify-start: mode 'off' is not one of enforce, monitor"],
    ['a misspelt mode', { 'verify-start': { mode: 'monitr' } }, "throttle verify-start: mode 'monitr' is not one of enforce, monitor; did you mean 'monitor'?"],
    [
      'a local limit without the local policy',
      { 'verify-start': { localLimit: [{ limit: 1, per: '1m' }] } },
      "throttle verify-start: localLimit applies only with onStoreError 'local'; remove it or set onStoreError to 'local'",
    ],
    [
      'a bad local limit',
      { 'sms-inbound': { localLimit: [{ limit: 1, per: 'soon' }] } },
      "throttle sms-inbound: window 'soon' is not a duration; use 30s, 10m, 1h or 1d",
    ],
    [
      'a misspelt default rule set',
      { 'verify-strat': { windows: [{ limit: 3, per: '1m' }] } },
      "throttle verify-strat: subject is required for a new rule set; did you mean the default rule set 'verify-start'?",
    ],
    [
      'a new rule set without windows',
      { 'login-sms': { subject: 'identity' } },
      'throttle login-sms: windows is required for a new rule set; use e.g. [{ "limit": 3, "per": "10m" }]',
    ],
    [
      'a rule set name that is not kebab-case',
      { 'Verify Start': { subject: 'number', windows: [{ limit: 3, per: '1m' }] } },
      "throttle 'Verify Start': rule set names are lower-case kebab-case (a-z, 0-9, -) of at most 64 characters; use e.g. 'verify-start'",
    ],
    ['a bad action', { 'verify-start': { action: 'Verify' } }, "throttle verify-start: action 'Verify' is not an action name; use lower-case kebab-case, e.g. 'verify-start'"],
    [
      'a rule set that is not an object',
      { 'verify-start': 3 },
      'throttle verify-start: must be an object like { "subject": "number", "windows": [{ "limit": 3, "per": "10m" }] }, or false to switch it off',
    ],
  ])('rejects %s', (_case, json, message) => {
    expect(issuesOf(json)).toContain(message);
  });

  it.each([[[]], ['rules'], [42]])('rejects a rules section that is not an object: %j', (json) => {
    expect(issuesOf(json)).toEqual([
      'throttle: rules must be an object keyed by rule set name, e.g. { "verify-start": { "subject": "number", "windows": [{ "limit": 3, "per": "10m" }] } }',
    ]);
  });
});
