import { createAdaptiveCheck } from '../../../src/core/adaptive';
import { createMemoryStore, createThrottle, parseRuleSets } from '../../../src/core/throttle';

const SECRET = 'unit-test-secret-0123456789';
const T0 = 1_700_000_000_000;

describe('createAdaptiveCheck', () => {
  it('keeps reporting the refusal that vetoed a request when a later ask (after a lost race) allows', async () => {
    const throttle = createThrottle({ store: createMemoryStore(), secret: SECRET, ruleSets: parseRuleSets({ s: { subject: 'number', windows: [{ limit: 9, per: '1m' }] }, a: { subject: 'number', windows: [{ limit: 9, per: '1m' }] } }, {}) });
    let refuse = true;
    const check = createAdaptiveCheck({
      throttle,
      logs: { starts: 's', approvals: 'a' },
      subject: { number: '+447700900123' },
      monitor: false,
      judge: () => (refuse ? { allowed: false, liftsInMs: 1000 } : { allowed: true, liftsInMs: 0 }),
    });
    expect(await check.veto(new Map(), T0)).toBe(true);
    refuse = false;
    expect(await check.veto(new Map(), T0)).toBe(false);
    expect(check.result()).toEqual({ allowed: false, liftsInMs: 1000 });
  });
});
