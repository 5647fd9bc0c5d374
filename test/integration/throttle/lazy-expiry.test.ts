import { decodeWindowLog } from '../../../src/core/throttle';
import { EmulatorHarness, ITEM_CREATE, numbers } from './emulator-harness';

// Sync expires items lazily: an expired item can still be read (and its key is still taken) for
// a while. The throttle must count the same in both expiry modes: an expired log's events are
// outside every window, so they neither block nor vanish wrongly. The throttle's clock and the
// emulator's move together here, past the item's TTL (its longest window plus slack).
const harness = new EmulatorHarness();
const RULES = { otp: { subject: 'number', windows: [{ limit: 2, per: '1m' }] } } as const;
let now = Date.now();

beforeAll(async () => {
  await harness.start();
});
afterAll(() => harness.stop());

async function advance(ms: number) {
  now += ms;
  await harness.control.advanceClock(ms);
}

describe.each([
  ['exact expiry', 0],
  ['lazy expiry (expired items readable for 10 minutes)', 600_000],
])('the throttle with %s', (_name, graceMs) => {
  beforeEach(async () => {
    await harness.reset();
    await harness.control.setSyncExpiryGrace(graceMs);
    now = Date.now();
  });

  it('counts a new window afresh once the old log has expired, and never more than the limit', async () => {
    const [number] = numbers(1, 447_700_930_000 + graceMs / 1000);
    const instance = harness.instance(RULES, { now: () => now });
    const decide = async () => (await instance.throttle.evaluate('otp', { number })).allowed;
    expect([await decide(), await decide(), await decide()]).toEqual([true, true, false]);
    await advance(10 * 60_000); // past the window and the item's TTL
    await harness.control.resetLog();
    expect([await decide(), await decide(), await decide()]).toEqual([true, true, false]);
    // Exact expiry: the item is gone and is created again. Lazy: the expired item is still there
    // (creating it would answer 54208), so the throttle reads it and updates it.
    expect((await harness.syncRequests()).byRoute[ITEM_CREATE] ?? 0).toBe(graceMs === 0 ? 1 : 0);
    const item = await harness.syncStore().get(harness.key('otp', number));
    expect(decodeWindowLog(item?.data)?.length).toBe(2);
  });
});
