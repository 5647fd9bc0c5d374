import { EmulatorControl, startEmulator, type RunningEmulator } from '../../../emulator';
import {
  createSyncStore,
  createThrottle,
  parseRuleSets,
  subjectKey,
  type SyncStore,
  type Throttle,
  type ThrottleLogRecord,
  type ThrottleOptions,
  type ThrottleRuleSetsInput,
} from '../../../src/core/throttle';
import { createTwilioClient } from '../../../src/core/twilio';

export const SECRET = 'integration-test-secret-0123456789';
export const SHARDS = 4;
export const ITEM_FETCH = 'GET /sync/v1/Services/:svc/Maps/:map/Items/:key';
export const ITEM_CREATE = 'POST /sync/v1/Services/:svc/Maps/:map/Items';
export const ITEM_UPDATE = 'POST /sync/v1/Services/:svc/Maps/:map/Items/:key';
export const MAP_CREATE = 'POST /sync/v1/Services/:svc/Maps';

export interface Instance {
  throttle: Throttle;
  store: SyncStore;
  records: ThrottleLogRecord[];
}

/** One emulator for a test file, and throttles ("instances") talking to it through the real twilio client. */
export class EmulatorHarness {
  emulator!: RunningEmulator;
  control!: EmulatorControl;

  async start(): Promise<void> {
    this.emulator = await startEmulator({ quiet: true });
    this.control = new EmulatorControl(this.emulator.url);
  }

  async stop(): Promise<void> {
    await this.emulator?.close();
  }

  /** Back to an empty emulator with every throttle Map already created and an empty request log. */
  async reset(): Promise<void> {
    await this.control.reset();
    const store = this.syncStore();
    await Promise.all(Array.from({ length: SHARDS }, (_, shard) => store.get(this.keyInShard(shard))));
    await this.control.resetLog();
  }

  syncStore(timeoutMs = 5000): SyncStore {
    const client = createTwilioClient(
      {
        getTwilioClient: () => {
          throw new Error('unused');
        },
        ACCOUNT_SID: `AC${'0'.repeat(31)}1`,
        AUTH_TOKEN: 'x'.repeat(32),
        TWILIO_API_BASE_URL: this.emulator.url,
      },
      { timeoutMs },
    );
    return createSyncStore({ client, shards: SHARDS });
  }

  /** A fresh instance: its own client, blocked cache and local store. */
  instance(rules: ThrottleRuleSetsInput, options: Partial<ThrottleOptions> & { clientTimeoutMs?: number } = {}): Instance {
    const { clientTimeoutMs, ...throttleOptions } = options;
    const store = this.syncStore(clientTimeoutMs);
    const records: ThrottleLogRecord[] = [];
    const throttle = createThrottle({
      store,
      secret: SECRET,
      ruleSets: parseRuleSets(rules, {}),
      logger: (record) => records.push(record),
      ...throttleOptions,
    });
    return { throttle, store, records };
  }

  key(rule: string, value: string): string {
    return subjectKey(rule, value, SECRET);
  }

  private keyInShard(shard: number): string {
    const store = this.syncStore();
    for (let i = 0; ; i++) {
      const key = `warm-up:${i.toString(16).padStart(32, '0')}`;
      if (store.mapFor(key) === `gate-throttle-${shard}`) return key;
    }
  }

  async syncRequests(): Promise<{ total: number; byRoute: Record<string, number>; paths: string[] }> {
    const log = await this.control.requestLog();
    return { total: log.total, byRoute: log.byRoute, paths: log.entries.map((entry) => `${entry.method} ${entry.path}`) };
  }
}

/** n distinct E.164 numbers in one range. */
export function numbers(n: number, base = 447_700_900_000): string[] {
  return Array.from({ length: n }, (_, i) => `+${base + i}`);
}
