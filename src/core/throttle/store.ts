/** A JSON object, as Sync stores it in an item's `data`. */
export type StoreData = Record<string, unknown>;

/** An item as read: its data and the opaque revision a conditional update must name. */
export interface StoreItem {
  readonly data: StoreData;
  readonly revision: string;
}

/**
 * The outcome of a write. Losing a race is an expected result, not an error:
 * - `exists`: `create` found the key already there (Sync 54208);
 * - `revision`: `update` named a revision that is no longer current (Sync 54205);
 * - `missing`: `update` found no item (Sync 54201: it expired or was deleted since the read).
 * In every case the caller reads again and decides again.
 */
export type StoreWriteResult = { readonly ok: true; readonly revision: string } | { readonly ok: false; readonly conflict: 'exists' | 'revision' | 'missing' };

/**
 * The storage a throttle needs: read one item, create it if absent, replace it only if unchanged.
 * Nothing else (no increments, no scripts), so Sync Map items can implement it.
 *
 * Contract (test/contract/store): `get` of an absent key is `null`; `create` of a present key and
 * `update` with a stale revision or of an absent key return a conflict, never throw, and change
 * nothing; of concurrent writes naming the same state exactly one succeeds; data round-trips as
 * JSON. `ttlSec` (whole seconds, at least 1) only lets the store collect idle items: it may keep
 * and return an item past it, so callers must not rely on expiry. Failures (timeouts, rate limits,
 * outages) reject with a `StoreError`.
 */
export interface Store {
  /** Short name for logs: `memory`, `sync`. */
  readonly name: string;
  get(key: string): Promise<StoreItem | null>;
  create(key: string, data: StoreData, ttlSec: number): Promise<StoreWriteResult>;
  update(key: string, data: StoreData, ttlSec: number, revision: string): Promise<StoreWriteResult>;
}

/**
 * Why a store could not answer. `rate_limited` (Sync 429 / 54009), `unavailable` (5xx),
 * `timeout` (no answer within the operation timeout or the decision deadline), `transport`
 * (reset, refused), `conflict` (lost the race too many times in a row), `rejected` (any other 4xx:
 * a bug or a permissions problem), `unknown`.
 */
export type StoreErrorReason = 'rate_limited' | 'unavailable' | 'timeout' | 'transport' | 'conflict' | 'rejected' | 'unknown';

/** A store failure; the throttle applies the rule set's `onStoreError` to it. */
export class StoreError extends Error {
  readonly reason: StoreErrorReason;
  /** HTTP status and Twilio error code, when the store is remote and answered. */
  readonly status: number | undefined;
  readonly code: number | undefined;
  /** A `timeout` because the caller's budget was spent before the store was even asked: says nothing about the store. */
  readonly budgetSpent: boolean;

  constructor(reason: StoreErrorReason, message: string, details: { status?: number; code?: number; cause?: unknown; budgetSpent?: boolean } = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'StoreError';
    this.reason = reason;
    this.status = details.status;
    this.code = details.code;
    this.budgetSpent = details.budgetSpent === true;
  }
}

/** The `StoreErrorReason` of anything a store threw (non-`StoreError` throws are `unknown`). */
export function storeErrorReason(error: unknown): StoreErrorReason {
  return error instanceof StoreError ? error.reason : 'unknown';
}
