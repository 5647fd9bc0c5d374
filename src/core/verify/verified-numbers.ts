import { hashSubject } from '../throttle/subject-key';
import type { Store } from '../throttle/store';

/** Remembers which numbers passed a verification, so outbound SMS can go only to them. */
export interface VerifiedNumbers {
  /** Records `e164` as verified until now + TTL (an upsert: a later check extends it). */
  mark(e164: string): Promise<void>;
  /** True while `e164` has an unexpired verification. Decided on the stored time: Sync expiry is lazy. */
  isVerified(e164: string): Promise<boolean>;
}

export interface VerifiedNumbersOptions {
  store: Store;
  secret: string;
  ttlSeconds: number;
  now?: () => number;
}

const MAX_WRITE_ATTEMPTS = 3;

/**
 * Verified numbers as store items keyed `verified:<hashed number>` (no number in Sync), holding
 * the expiry time; the item TTL only collects them later.
 *
 * @example
 * const verified = createVerifiedNumbers({ store, secret, ttlSeconds: 30 * 86400 });
 * await verified.mark('+447400123456');
 */
export function createVerifiedNumbers({ store, secret, ttlSeconds, now = Date.now }: VerifiedNumbersOptions): VerifiedNumbers {
  const keyOf = (e164: string) => `verified:${hashSubject(secret, e164)}`;
  return {
    async mark(e164) {
      const key = keyOf(e164);
      const data = { expiresAt: now() + ttlSeconds * 1000 };
      for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt += 1) {
        const existing = await store.get(key);
        const result = existing ? await store.update(key, data, ttlSeconds, existing.revision) : await store.create(key, data, ttlSeconds);
        if (result.ok) return;
      }
      throw new Error('verified numbers: lost the write race repeatedly');
    },
    async isVerified(e164) {
      const item = await store.get(keyOf(e164));
      const expiresAt = item?.data.expiresAt;
      return typeof expiresAt === 'number' && expiresAt > now();
    },
  };
}
