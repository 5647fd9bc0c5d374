import { asStoreError, STORE_ERROR_RETRY_AFTER_MS, StoreError, storeErrorReason, storeFailureOutcome } from '../../../src/core/throttle';

describe('storeFailureOutcome', () => {
  it.each([
    ['closed', { kind: 'deny', retryAfterMs: STORE_ERROR_RETRY_AFTER_MS }],
    ['open', { kind: 'allow' }],
    ['local', { kind: 'local' }],
  ] as const)('turns %s into %j', (policy, outcome) => {
    expect(storeFailureOutcome(policy)).toEqual(outcome);
  });
});

describe('asStoreError', () => {
  it('keeps a StoreError as it is', () => {
    const error = new StoreError('rate_limited', 'slow down', { status: 429, code: 54009 });
    expect(asStoreError(error)).toBe(error);
    expect(storeErrorReason(error)).toBe('rate_limited');
  });

  it('wraps anything else as unknown, keeping the cause', () => {
    const cause = new TypeError('bug');
    const error = asStoreError(cause);
    expect(error.reason).toBe('unknown');
    expect(error.cause).toBe(cause);
    expect(storeErrorReason('a string')).toBe('unknown');
  });
});
