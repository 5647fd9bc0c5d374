import { createHash, timingSafeEqual } from 'node:crypto';

/** Shortest accepted `GATE_API_TOKEN`: 32 characters is 128+ bits from `openssl rand -hex 32`'s alphabet. */
export const MIN_API_TOKEN_LENGTH = 32;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the configured token in constant time.
 * Both sides are hashed first so the comparison takes the same time whatever the lengths.
 */
export function verifyBearerToken(authorization: string | undefined, expectedToken: string): boolean {
  if (!authorization || expectedToken.length === 0) return false;
  const match = /^Bearer[ ]+(\S{1,512})\s*$/i.exec(authorization);
  if (!match) return false;
  return timingSafeEqual(digest(match[1]), digest(expectedToken));
}
