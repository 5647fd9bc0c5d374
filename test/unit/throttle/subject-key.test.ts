import fc from 'fast-check';
import { assertSubjectSecret, hashSubject, partitionKeyBytes, shardOf, subjectKey } from '../../../src/core/throttle';

const SECRET = 'test-secret-0123456789abcdef';

describe('subjectKey', () => {
  it('is the rule name and 32 hex characters of the HMAC', () => {
    expect(subjectKey('verify-start', '+447700900123', SECRET)).toMatch(/^verify-start:[0-9a-f]{32}$/);
  });

  it('never contains the subject', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+[1-9]\d{6,14}$/), (number) => {
        const key = subjectKey('verify-start', number, SECRET);
        expect(key).not.toContain(number.slice(1));
        expect(key).toMatch(/^[a-z0-9:-]+$/);
      }),
    );
  });

  it('depends on the secret', () => {
    expect(hashSubject(SECRET, '+447700900123')).not.toBe(hashSubject(`${SECRET}x`, '+447700900123'));
  });

  it('is stable for one secret and subject', () => {
    expect(subjectKey('r', '+447700900123', SECRET)).toBe(subjectKey('r', '+447700900123', SECRET));
  });

  it('gives the 16 hashed bytes as the partition key', () => {
    const key = subjectKey('verify-start', '+447700900123', SECRET);
    expect(partitionKeyBytes(key).toString('hex')).toBe(key.split(':')[1]);
    expect(partitionKeyBytes(key)).toHaveLength(16);
  });
});

describe('shardOf', () => {
  it('stays within 0..K-1 and spreads keys over every shard', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 400; i++) {
      const shard = shardOf(subjectKey('verify-start', `+4477009${String(i).padStart(5, '0')}`, SECRET), 8);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(8);
      seen.add(shard);
    }
    expect(seen.size).toBe(8);
  });

  it('always answers 0 with one shard', () => {
    expect(shardOf('anything', 1)).toBe(0);
  });
});

describe('assertSubjectSecret', () => {
  it.each([undefined, '', 'short', 42])('refuses %j', (secret) => {
    expect(() => assertSubjectSecret(secret)).toThrow(/at least 16 characters/);
  });

  it('accepts a 16-character secret', () => {
    expect(() => assertSubjectSecret('0123456789abcdef')).not.toThrow();
  });
});
