import {
  createMemoryStore,
  createThrottle,
  parseRuleSets,
  rateLimitHeader,
  rateLimitHeaders,
  rateLimitPolicyHeader,
  retryAfterHeader,
  subjectKey,
  type Store,
  type ThrottleDecision,
  type ThrottleRuleSetsInput,
} from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
const NUMBER = '+447700900123';
const T0 = 1_700_000_000_000;

function decisionFor(overrides: Partial<ThrottleDecision>): ThrottleDecision {
  return {
    allowed: false,
    reason: 'rate_limited',
    monitorOnly: false,
    action: 'verify-start',
    rule: 'verify-start',
    window: '10m',
    limit: 3,
    remaining: 0,
    retryAfterMs: 0,
    path: 'store',
    quota: null,
    rules: [],
    ...overrides,
  };
}

async function decide(rules: ThrottleRuleSetsInput, requests: number, store: Store = createMemoryStore()) {
  let now = T0;
  const throttle = createThrottle({ store, secret: SECRET, ruleSets: parseRuleSets(rules, {}), now: () => now });
  let decision: ThrottleDecision | undefined;
  for (let i = 0; i < requests; i++) {
    decision = await throttle.evaluate('verify-start', { number: NUMBER });
    now += 1000;
  }
  return decision as ThrottleDecision;
}

const pk = `:${Buffer.from(subjectKey('verify-start', NUMBER, SECRET).split(':')[1], 'hex').toString('base64')}:`;

describe('retryAfterHeader', () => {
  it.each([
    [1, '1'],
    [999, '1'],
    [1000, '1'],
    [1001, '2'],
    [41_200, '42'],
  ])('rounds %d ms up to %s whole seconds', (retryAfterMs, header) => {
    expect(retryAfterHeader(decisionFor({ retryAfterMs }))).toBe(header);
  });

  it('never says 0 for a denial', () => {
    expect(retryAfterHeader(decisionFor({ retryAfterMs: 0 }))).toBe('1');
  });

  it('is absent when the request is allowed, monitor-only denials included', () => {
    expect(retryAfterHeader(decisionFor({ allowed: true, retryAfterMs: 0 }))).toBeUndefined();
    expect(retryAfterHeader(decisionFor({ allowed: true, monitorOnly: true, retryAfterMs: 5000 }))).toBeUndefined();
  });
});

describe('RateLimit headers', () => {
  it('describes a one-window rule set by its name, with a hashed partition key', async () => {
    const decision = await decide({ 'verify-start': { subject: 'number', windows: [{ limit: 3, per: '10m' }] } }, 4);
    expect(rateLimitPolicyHeader(decision)).toBe(`"verify-start";q=3;w=600;pk=${pk}`);
    expect(rateLimitHeader(decision)).toBe(`"verify-start";r=0;t=597;pk=${pk}`);
  });

  it('names each window of a several-window rule set', async () => {
    const decision = await decide({ 'verify-start': { subject: 'number', windows: [{ limit: 3, per: '10m' }, { limit: 10, per: '1d' }] } }, 1);
    expect(rateLimitPolicyHeader(decision)).toBe(`"verify-start/10m";q=3;w=600;pk=${pk}, "verify-start/1d";q=10;w=86400;pk=${pk}`);
    expect(rateLimitHeader(decision)).toBe(`"verify-start/10m";r=2;t=600;pk=${pk}, "verify-start/1d";r=9;t=86400;pk=${pk}`);
  });

  it('never puts the number in a header', async () => {
    const headers = rateLimitHeaders(await decide({ 'verify-start': { subject: 'number', windows: [{ limit: 1, per: '1m' }] } }, 2));
    expect(JSON.stringify(headers)).not.toMatch(/7700900123|447700/);
  });

  it('builds all three headers for a denial', async () => {
    const headers = rateLimitHeaders(await decide({ 'verify-start': { subject: 'number', windows: [{ limit: 1, per: '1m' }] } }, 2));
    expect(headers).toEqual({
      'RateLimit-Policy': `"verify-start";q=1;w=60;pk=${pk}`,
      RateLimit: `"verify-start";r=0;t=59;pk=${pk}`,
      'Retry-After': '59',
    });
  });

  it('describes a cached denial by the window that blocked', async () => {
    const decision = await decide({ 'verify-start': { subject: 'number', windows: [{ limit: 1, per: '1m' }, { limit: 5, per: '1h' }] } }, 3);
    expect(decision.path).toBe('cache');
    expect(rateLimitHeader(decision)).toBe(`"verify-start/1m";r=0;t=58;pk=${pk}`);
  });

  it('gives only the policy when a store outage decided', async () => {
    const down: Store = {
      name: 'down',
      get: () => Promise.reject(new Error('down')),
      create: () => Promise.reject(new Error('down')),
      update: () => Promise.reject(new Error('down')),
    };
    const headers = rateLimitHeaders(await decide({ 'verify-start': { subject: 'number', windows: [{ limit: 1, per: '1m' }] } }, 1, down));
    expect(headers).toEqual({ 'RateLimit-Policy': `"verify-start";q=1;w=60;pk=${pk}`, 'Retry-After': '5' });
  });

  it('gives nothing when no rule set applied', () => {
    expect(rateLimitHeaders(decisionFor({ allowed: true, quota: null }))).toEqual({});
  });

  it('escapes quotes and backslashes in policy names', () => {
    const decision = decisionFor({ quota: { rule: 'a"b\\c', key: `x:${'0'.repeat(32)}`, windows: [{ limit: 1, per: '1m', windowMs: 60_000, remaining: 0, resetMs: 1 }] } });
    expect(rateLimitPolicyHeader(decision)).toBe(`"a\\"b\\\\c";q=1;w=60;pk=:AAAAAAAAAAAAAAAAAAAAAA==:`);
  });
});
