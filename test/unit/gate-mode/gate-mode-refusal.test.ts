import { judgeGateMode, lockdownRetryAfterSeconds, MONEY_PATHS, OPEN_ENDED_LOCKDOWN_RETRY_SECONDS } from '../../../src/core/gate-mode';

const NOW = 1_000_000;
const doc = (until: number | null) => ({ mode: 'lockdown' as const, reason: '', since: 0, until, by: 'cli' });

describe('judgeGateMode', () => {
  it.each(MONEY_PATHS.map((path) => [path]))('lets %s through in normal and strict', (path) => {
    expect(judgeGateMode('normal', path, null, NOW)).toEqual({ kind: 'allow' });
    expect(judgeGateMode('strict', path, null, NOW)).toEqual({ kind: 'allow' });
  });

  it.each([
    ['verify/start', 'refuse'],
    ['voice/outbound', 'refuse'],
    ['sms/outbound', 'refuse'],
    ['voice/inbound', 'reject'],
    ['voice/forward', 'reject'],
    ['sms/inbound', 'drop'],
  ] as const)('stops %s in lockdown (%s)', (path, kind) => {
    expect(judgeGateMode('lockdown', path, doc(null), NOW).kind).toBe(kind);
  });
});

describe('lockdownRetryAfterSeconds', () => {
  it('is the time left, rounded up', () => {
    expect(lockdownRetryAfterSeconds(doc(NOW + 1_500), NOW)).toBe(2);
  });

  it('is capped at an hour', () => {
    expect(lockdownRetryAfterSeconds(doc(NOW + 86_400_000), NOW)).toBe(3600);
  });

  it('is five minutes without an end', () => {
    expect(lockdownRetryAfterSeconds(doc(null), NOW)).toBe(OPEN_ENDED_LOCKDOWN_RETRY_SECONDS);
  });
});
