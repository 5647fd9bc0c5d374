import { DEFAULT_HEALTH_CACHE_MS, HealthCache, type HealthReport } from '../../../src/core/health';

const OK: HealthReport = { ok: true, checks: { twilio: { ok: true, latencyMs: 1 }, sync: { ok: true, latencyMs: 1 } } };
const DOWN: HealthReport = { ok: false, checks: { twilio: { ok: true, latencyMs: 1 }, sync: { ok: false, latencyMs: 1, problem: 'upstream_error' } } };

describe('HealthCache', () => {
  it('reuses a result for 10 s, then checks again', async () => {
    let now = 0;
    const cache = new HealthCache({ now: () => now });
    const check = jest.fn().mockResolvedValueOnce(OK).mockResolvedValueOnce(DOWN);
    expect(await cache.get('k', check)).toEqual({ report: OK, cached: false });
    now = DEFAULT_HEALTH_CACHE_MS - 1;
    expect(await cache.get('k', check)).toEqual({ report: OK, cached: true });
    now = DEFAULT_HEALTH_CACHE_MS;
    expect(await cache.get('k', check)).toEqual({ report: DOWN, cached: false });
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('never keeps a result for less than 10 s', async () => {
    let now = 0;
    const cache = new HealthCache({ ttlMs: 1, now: () => now });
    const check = jest.fn().mockResolvedValue(OK);
    await cache.get('k', check);
    now = 9_999;
    await cache.get('k', check);
    expect(check).toHaveBeenCalledTimes(1);
  });

  it('shares a check under way, and checks again for another key', async () => {
    const cache = new HealthCache();
    let finish: (report: HealthReport) => void = () => undefined;
    const check = jest.fn(() => new Promise<HealthReport>((resolve) => (finish = resolve)));
    const first = cache.get('k', check);
    const second = cache.get('k', check);
    finish(OK);
    expect(await Promise.all([first, second])).toEqual([{ report: OK, cached: false }, { report: OK, cached: true }]);
    const other = jest.fn().mockResolvedValue(DOWN);
    expect(await cache.get('other', other)).toEqual({ report: DOWN, cached: false });
  });
});
