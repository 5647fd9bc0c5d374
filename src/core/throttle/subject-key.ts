import { createHash, createHmac } from 'node:crypto';

/** Hex characters of the HMAC kept in a key: 128 bits, far beyond any chance of two subjects colliding. */
export const SUBJECT_HASH_HEX_LENGTH = 32;
/** Shortest secret accepted: shorter ones make the hashed numbers guessable by brute force. */
export const MIN_SUBJECT_SECRET_LENGTH = 16;

/**
 * Hashes a subject value (a number, prefix, country, identity) with the deployment's secret:
 * the first 32 hex characters of HMAC-SHA256(secret, value). Without the secret nobody can map a
 * key back to a number, even though the E.164 space is small enough to enumerate.
 *
 * @example
 * hashSubject('a-long-deployment-secret', '+447700900123') // '5c0f…' (32 hex characters)
 */
export function hashSubject(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value, 'utf8').digest('hex').slice(0, SUBJECT_HASH_HEX_LENGTH);
}

/**
 * The store key of one rule set for one subject: `<rule>:<hashSubject(secret, value)>`. It holds
 * only `[a-z0-9:-]`, so it is safe in a Sync URL path (twilio-node does not encode keys) and in
 * logs; no phone number ever reaches Sync, a URL or a log line.
 *
 * @example
 * subjectKey('verify-start', '+447700900123', secret) // 'verify-start:5c0f…'
 */
export function subjectKey(rule: string, value: string, secret: string): string {
  return `${rule}:${hashSubject(secret, value)}`;
}

/** The hashed part of a key made by `subjectKey`, as bytes (16), for the RateLimit `pk` parameter. */
export function partitionKeyBytes(key: string): Buffer {
  return Buffer.from(key.slice(key.lastIndexOf(':') + 1), 'hex');
}

/**
 * Which of `shards` Sync Maps a key lives in. The whole key is hashed (not only the subject part),
 * so the rule sets of one busy subject land in different Maps and share the write load.
 *
 * @example
 * shardOf('verify-start:5c0f…', 8) // 0..7
 */
export function shardOf(key: string, shards: number): number {
  return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % shards;
}

/** Throws unless the secret is long enough to keep hashed subjects from being reversed. */
export function assertSubjectSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.length < MIN_SUBJECT_SECRET_LENGTH) {
    throw new TypeError(
      `throttle: secret must be a string of at least ${MIN_SUBJECT_SECRET_LENGTH} characters (it keys the HMAC that hides numbers in Sync); generate one with 'openssl rand -hex 32'`,
    );
  }
}
