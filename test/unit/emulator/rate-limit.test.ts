import { SyncRateLimiter } from '../../../emulator/sync/rate-limit';

const CONFIG = { readsPerSecond: 20, writesPerSecond: 20, burstSeconds: 10 };

function admitted(limiter: SyncRateLimiter, map: string, access: 'read' | 'write', count: number, now: number): number {
  let allowed = 0;
  for (let index = 0; index < count; index += 1) if (limiter.allow(map, access, now)) allowed += 1;
  return allowed;
}

describe('SyncRateLimiter', () => {
  it('lets a fresh Map absorb a burst of perSecond * burstSeconds', () => {
    expect(admitted(new SyncRateLimiter(true, CONFIG), 'MP1', 'write', 300, 0)).toBe(200);
  });

  it('after drain, admits only what refilled since at the sustained rate, on existing and new Maps', () => {
    const limiter = new SyncRateLimiter(true, CONFIG);
    limiter.allow('MP1', 'read', 0);
    limiter.drain(0);
    expect(admitted(limiter, 'MP1', 'read', 50, 0)).toBe(0);
    expect(admitted(limiter, 'MP2', 'write', 50, 0)).toBe(0);
    expect(admitted(limiter, 'MP1', 'read', 50, 1000)).toBe(20);
    expect(admitted(limiter, 'MP2', 'write', 50, 1000)).toBe(20);
    // A Map first used a second after the drain has refilled for that second only.
    expect(admitted(limiter, 'MP3', 'write', 50, 1000)).toBe(20);
  });

  it('starts Maps full again after configure', () => {
    const limiter = new SyncRateLimiter(true, CONFIG);
    limiter.drain(0);
    limiter.configure(true, CONFIG);
    expect(admitted(limiter, 'MP1', 'write', 300, 0)).toBe(200);
  });
});
