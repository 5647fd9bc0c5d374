import type { HealthReport } from './check-health';

/** Shortest time a health result is reused: `/health` is reachable by anyone, its checks spend API requests. */
export const DEFAULT_HEALTH_CACHE_MS = 10_000;

/** What the cache holds for one key: nothing, a check under way (shared by concurrent callers), or a result until `expiresAt`. */
type HealthCacheState =
  | { kind: 'empty' }
  | { kind: 'checking'; key: string; pending: Promise<HealthReport> }
  | { kind: 'fresh'; key: string; report: HealthReport; expiresAt: number };

export interface HealthCacheOptions {
  /** How long a result is reused, in ms. Default `DEFAULT_HEALTH_CACHE_MS`; never less. */
  ttlMs?: number;
  /** Clock. Default `Date.now`. */
  now?: () => number;
}

/** A health report and whether it came from the cache. */
export interface CachedHealth {
  report: HealthReport;
  cached: boolean;
}

/**
 * Remembers one instance's latest health report, so that a flood of `/health?checks=all` costs at
 * most two API requests per instance per `ttlMs`, and concurrent requests share one check. A
 * different key (another account or Sync service) replaces the entry.
 *
 * @example
 * const cache = new HealthCache();
 * const { report, cached } = await cache.get('AC…/default', () => checkHealth(options));
 */
export class HealthCache {
  private state: HealthCacheState = { kind: 'empty' };
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: HealthCacheOptions = {}) {
    this.ttlMs = Math.max(options.ttlMs ?? DEFAULT_HEALTH_CACHE_MS, DEFAULT_HEALTH_CACHE_MS);
    this.now = options.now ?? Date.now;
  }

  async get(key: string, check: () => Promise<HealthReport>): Promise<CachedHealth> {
    const state = this.state;
    if (state.kind === 'fresh' && state.key === key && this.now() < state.expiresAt) return { report: state.report, cached: true };
    if (state.kind === 'checking' && state.key === key) return { report: await state.pending, cached: true };
    const pending = check();
    const checking: HealthCacheState = { kind: 'checking', key, pending };
    this.state = checking;
    try {
      const report = await pending;
      // Only the check this call started may settle the state; a newer one may have replaced it.
      if (this.state === checking) this.state = { kind: 'fresh', key, report, expiresAt: this.now() + this.ttlMs };
      return { report, cached: false };
    } catch (error) {
      if (this.state === checking) this.state = { kind: 'empty' };
      throw error;
    }
  }
}
