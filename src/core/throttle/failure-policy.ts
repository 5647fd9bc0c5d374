import type { OnStoreError } from './rules';
import { StoreError } from './store';

/**
 * `Retry-After` given when a `closed` rule set refuses because its store failed. Long enough not
 * to invite a retry storm against a struggling store, short enough for a person to retry.
 */
export const STORE_ERROR_RETRY_AFTER_MS = 5_000;

/** What a rule set does about a failed store, by its `onStoreError`. */
export type StoreFailureOutcome =
  | { readonly kind: 'deny'; readonly retryAfterMs: number }
  | { readonly kind: 'allow' }
  | { readonly kind: 'local' };

/**
 * Turns a rule set's `onStoreError` into what happens now:
 * - `closed`: deny (for anything that costs money: an outage must not become an open door);
 * - `open`: allow without counting (for things whose abuse costs nothing directly);
 * - `local`: decide against the instance's own strict memory limit (for inbound floods, where
 *   refusing everyone would be the attack's success and admitting everyone its goal).
 *
 * @example
 * storeFailureOutcome('closed') // { kind: 'deny', retryAfterMs: 5000 }
 */
export function storeFailureOutcome(policy: OnStoreError): StoreFailureOutcome {
  switch (policy) {
    case 'closed':
      return { kind: 'deny', retryAfterMs: STORE_ERROR_RETRY_AFTER_MS };
    case 'open':
      return { kind: 'allow' };
    case 'local':
      return { kind: 'local' };
  }
}

/** Any throw from a store as a `StoreError` (a non-`StoreError` throw is a bug: `unknown`). */
export function asStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError('unknown', `store failed unexpectedly: ${message}`, { cause: error });
}
