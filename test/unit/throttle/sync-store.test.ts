import { createSyncStore, toStoreError } from '../../../src/core/throttle';

const client = { sync: { v1: { services: () => ({}) } } } as never;

describe('toStoreError', () => {
  it.each<[string, unknown, string]>([
    ['a 429', { status: 429, code: 20429 }, 'rate_limited'],
    ['a Sync rate limit code', { status: 400, code: 54009 }, 'rate_limited'],
    ['a 500 with an HTML body (no code)', { status: 500, code: undefined }, 'unavailable'],
    ['a 503', { status: 503, code: 20503 }, 'unavailable'],
    ['a client timeout', { code: 'ECONNABORTED' }, 'timeout'],
    ['a socket timeout', { code: 'ETIMEDOUT' }, 'timeout'],
    ['a reset', { code: 'ECONNRESET' }, 'transport'],
    ['a refused connection', { code: 'ECONNREFUSED' }, 'transport'],
    ['a 403', { status: 403, code: 20003 }, 'rejected'],
    ['a programming error', new TypeError('x is not a function'), 'unknown'],
  ])('classifies %s', (_case, error, reason) => {
    expect(toStoreError(error, 'item fetch').reason).toBe(reason);
  });

  it('keeps the status and code for the log', () => {
    expect(toStoreError({ status: 429, code: 54009 }, 'item update')).toMatchObject({ status: 429, code: 54009, message: 'Sync item update failed with HTTP 429 (54009)' });
  });
});

describe('createSyncStore', () => {
  it('spreads keys over K maps named <prefix>-0..K-1', () => {
    const store = createSyncStore({ client, shards: 4, mapPrefix: 'gate-test' });
    const maps = new Set(Array.from({ length: 200 }, (_, i) => store.mapFor(`rule:${i.toString(16).padStart(32, '0')}`)));
    expect([...maps].sort()).toEqual(['gate-test-0', 'gate-test-1', 'gate-test-2', 'gate-test-3']);
  });

  it('defaults to 8 maps named gate-throttle-N', () => {
    const store = createSyncStore({ client });
    expect(store.mapFor('verify-start:00')).toMatch(/^gate-throttle-[0-7]$/);
  });

  it.each([0, 257, 2.5])('refuses %j shards', (shards) => {
    expect(() => createSyncStore({ client, shards })).toThrow(/shards/);
  });

  it('refuses a map prefix Sync would not take as a unique name', () => {
    expect(() => createSyncStore({ client, mapPrefix: 'gate throttle' })).toThrow(/mapPrefix/);
  });
});
