import { EmulatorHarness, ITEM_CREATE, ITEM_FETCH, ITEM_UPDATE, MAP_CREATE, numbers } from './emulator-harness';

const harness = new EmulatorHarness();
const RULES = { otp: { subject: 'number', windows: [{ limit: 2, per: '10m' }, { limit: 5, per: '1d' }] } } as const;
const [NUMBER] = numbers(1);

beforeAll(() => harness.start());
afterAll(() => harness.stop());
beforeEach(() => harness.reset());

describe('Sync round trips per decision', () => {
  it('allows a brand-new subject with 2 requests: a fetch that finds nothing and a create', async () => {
    const { throttle } = harness.instance(RULES);
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
    const log = await harness.syncRequests();
    expect(log.total).toBe(2);
    expect(log.byRoute).toEqual({ [ITEM_FETCH]: 1, [ITEM_CREATE]: 1 });
  });

  it('allows a known subject with 2 requests: a fetch and a conditional update', async () => {
    const { throttle } = harness.instance(RULES);
    await throttle.evaluate('otp', { number: NUMBER });
    await harness.control.resetLog();
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
    const log = await harness.syncRequests();
    expect(log.total).toBe(2);
    expect(log.byRoute).toEqual({ [ITEM_FETCH]: 1, [ITEM_UPDATE]: 1 });
  });

  it('denies with 1 request: the fetch, never a write', async () => {
    const first = harness.instance(RULES);
    await first.throttle.evaluate('otp', { number: NUMBER });
    await first.throttle.evaluate('otp', { number: NUMBER });
    await harness.control.resetLog();
    const other = harness.instance(RULES);
    expect(await other.throttle.evaluate('otp', { number: NUMBER })).toMatchObject({ allowed: false, path: 'store' });
    const log = await harness.syncRequests();
    expect(log.total).toBe(1);
    expect(log.byRoute).toEqual({ [ITEM_FETCH]: 1 });
  });

  it('denies a subject this instance knows is blocked with 0 requests', async () => {
    const { throttle } = harness.instance(RULES);
    for (let i = 0; i < 3; i++) await throttle.evaluate('otp', { number: NUMBER });
    await harness.control.resetLog();
    expect(await throttle.evaluate('otp', { number: NUMBER })).toMatchObject({ allowed: false, path: 'cache' });
    expect((await harness.syncRequests()).total).toBe(0);
  });

  it('creates a missing Map on first use and then the item', async () => {
    await harness.control.reset();
    const { throttle } = harness.instance(RULES);
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
    const log = await harness.syncRequests();
    expect(log.byRoute).toEqual({ [ITEM_FETCH]: 1, [MAP_CREATE]: 1, [ITEM_CREATE]: 1 });
    expect((await throttle.evaluate('otp', { number: NUMBER })).allowed).toBe(true);
  });

  it('treats a Map created concurrently by other instances as created', async () => {
    await harness.control.reset();
    const instances = Array.from({ length: 5 }, () => harness.instance(RULES));
    const decisions = await Promise.all(instances.map((instance) => instance.throttle.evaluate('otp', { number: NUMBER })));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(2);
    expect(decisions.every((decision) => decision.rules[0].storeError === null)).toBe(true);
    expect((await harness.syncRequests()).byRoute[MAP_CREATE]).toBeGreaterThan(1);
  });

  it('checks independent rule sets concurrently: a request takes as long as its slowest rule set', async () => {
    const rules = {
      a: { subject: 'number', windows: [{ limit: 5, per: '1m' }] },
      'a-prefix': { action: 'a', subject: 'prefix:6', windows: [{ limit: 5, per: '1m' }] },
      'a-country': { action: 'a', subject: 'country', windows: [{ limit: 5, per: '1m' }] },
      'a-global': { action: 'a', subject: 'global', windows: [{ limit: 5, per: '1m' }] },
    } as const;
    const { throttle } = harness.instance(rules);
    await harness.control.setLatency({ fixedMs: 80 });
    const started = Date.now();
    expect((await throttle.evaluate('a', { number: NUMBER, country: 'GB' })).allowed).toBe(true);
    const elapsed = Date.now() - started;
    expect((await harness.syncRequests()).total).toBe(8);
    expect(elapsed).toBeGreaterThanOrEqual(160);
    expect(elapsed).toBeLessThan(4 * 160);
  });

  it('never puts a phone number in a Sync URL', async () => {
    const { throttle } = harness.instance({
      a: { subject: 'number', windows: [{ limit: 5, per: '1m' }] },
      'a-prefix': { action: 'a', subject: 'prefix:6', windows: [{ limit: 5, per: '1m' }] },
    });
    await throttle.evaluate('a', { number: NUMBER });
    const { paths } = await harness.syncRequests();
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path).not.toContain(NUMBER.slice(1));
      expect(path).not.toContain('447700');
      expect(path).toMatch(/\/Items(\/a(-prefix)?:[0-9a-f]{32})?$/);
    }
  });
});
