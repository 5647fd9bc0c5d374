import { DEFAULT_RULE_SETS, parseRuleSets } from '../../../src/core/throttle';
import { describeRateLimitChange, desiredVerifyRateLimits, planVerifyRateLimits, verifyRateLimitKeys, type CurrentRateLimit } from '../../../src/core/verify';

const defaults = () => parseRuleSets(undefined, DEFAULT_RULE_SETS);

describe('desiredVerifyRateLimits', () => {
  it('mirrors the default per-number and per-identity verify-start windows as Buckets', () => {
    expect(desiredVerifyRateLimits(defaults())).toEqual([
      { uniqueName: 'gate_number', description: expect.any(String), buckets: [{ max: 3, interval: 600 }, { max: 10, interval: 86_400 }] },
      { uniqueName: 'gate_identity', description: expect.any(String), buckets: [{ max: 5, interval: 600 }, { max: 20, interval: 86_400 }] },
    ]);
  });

  it('follows the policy, keeps the smallest limit per interval, and skips monitor-only rule sets', () => {
    const ruleSets = parseRuleSets(
      {
        'verify-start': { subject: 'number', windows: [{ limit: 2, per: '1m' }, { limit: 6, per: '1h' }] },
        'verify-start-number-strict': { action: 'verify-start', subject: 'number', windows: [{ limit: 4, per: '1h' }] },
        'verify-start-identity': { action: 'verify-start', subject: 'identity', windows: [{ limit: 9, per: '1d' }], mode: 'monitor' },
      },
      DEFAULT_RULE_SETS,
    );
    const [number, identity] = desiredVerifyRateLimits(ruleSets);
    expect(number.buckets).toEqual([{ max: 2, interval: 60 }, { max: 4, interval: 3600 }]);
    // Still wanted without Buckets: verify/start's keys must name an existing Rate Limit.
    expect(identity).toMatchObject({ uniqueName: 'gate_identity', buckets: [] });
  });
});

describe('planVerifyRateLimits', () => {
  const desired = desiredVerifyRateLimits(defaults());

  it('creates both Rate Limits, then their Buckets, on a fresh service', () => {
    expect(planVerifyRateLimits(desired, []).map(describeRateLimitChange)).toEqual([
      '+ rate limit gate_number',
      '+ bucket gate_number: 3 per 600 s',
      '+ bucket gate_number: 10 per 86400 s',
      '+ rate limit gate_identity',
      '+ bucket gate_identity: 5 per 600 s',
      '+ bucket gate_identity: 20 per 86400 s',
    ]);
  });

  it('changes nothing when the service matches', () => {
    const current: CurrentRateLimit[] = desired.map((rateLimit, i) => ({
      sid: `RK${String(i).padStart(32, '0')}`,
      uniqueName: rateLimit.uniqueName,
      buckets: rateLimit.buckets.map((bucket, j) => ({ sid: `BL${String(i * 10 + j).padStart(32, '0')}`, ...bucket })),
    }));
    expect(planVerifyRateLimits(desired, current)).toEqual([]);
  });

  it('updates a changed max, creates a missing interval, and deletes stray and duplicate Buckets', () => {
    const current: CurrentRateLimit[] = [
      {
        sid: 'RK1',
        uniqueName: 'gate_number',
        buckets: [
          { sid: 'BL1', max: 5, interval: 600 },
          { sid: 'BL2', max: 3, interval: 600 },
          { sid: 'BL3', max: 1, interval: 60 },
        ],
      },
      { sid: 'RK2', uniqueName: 'gate_identity', buckets: [{ sid: 'BL4', max: 5, interval: 600 }, { sid: 'BL5', max: 20, interval: 86_400 }] },
      { sid: 'RK3', uniqueName: 'someone_elses', buckets: [{ sid: 'BL6', max: 1, interval: 1 }] },
    ];
    // BL2 already says 3 per 600 s: it is kept and the duplicate BL1 goes.
    expect(planVerifyRateLimits(desired, current)).toEqual([
      { op: 'create_bucket', uniqueName: 'gate_number', max: 10, interval: 86_400 },
      { op: 'delete_bucket', uniqueName: 'gate_number', bucketSid: 'BL3', max: 1, interval: 60 },
      { op: 'delete_bucket', uniqueName: 'gate_number', bucketSid: 'BL1', max: 5, interval: 600 },
    ]);
  });

  it('updates a Bucket whose max changed', () => {
    const current: CurrentRateLimit[] = [
      { sid: 'RK1', uniqueName: 'gate_number', buckets: [{ sid: 'BL1', max: 5, interval: 600 }, { sid: 'BL2', max: 10, interval: 86_400 }] },
      { sid: 'RK2', uniqueName: 'gate_identity', buckets: [{ sid: 'BL4', max: 5, interval: 600 }, { sid: 'BL5', max: 20, interval: 86_400 }] },
    ];
    const changes = planVerifyRateLimits(desired, current);
    expect(changes).toEqual([{ op: 'update_bucket', uniqueName: 'gate_number', bucketSid: 'BL1', max: 3, interval: 600, from: 5 }]);
    expect(describeRateLimitChange(changes[0])).toBe('~ bucket gate_number: 5 per 600 s -> 3 per 600 s');
  });
});

describe('verifyRateLimitKeys', () => {
  const secret = 'unit-test-secret-0123456789';

  it('passes keyed hashes, never the number or identity, and the identity only when given', () => {
    const keys = verifyRateLimitKeys(secret, { number: '+447400123456', identity: 'user-42' });
    expect(keys).toEqual({ gate_number: expect.stringMatching(/^[0-9a-f]{32}$/), gate_identity: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(JSON.stringify(keys)).not.toMatch(/7400123456|user-42/);
    expect(verifyRateLimitKeys(secret, { number: '+447400123456' })).toEqual({ gate_number: keys.gate_number });
  });

  it('is stable per value and secret, and differs between values and secrets', () => {
    const key = (number: string, s = secret) => verifyRateLimitKeys(s, { number }).gate_number;
    expect(key('+447400123456')).toBe(key('+447400123456'));
    expect(key('+447400123456')).not.toBe(key('+447400123457'));
    expect(key('+447400123456')).not.toBe(key('+447400123456', `${secret}x`));
  });
});
