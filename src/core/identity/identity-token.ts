import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed identities: under `GATE_IDENTITY_SECRET`, the `identity` an app passes to `verify/start`
 * is a token it signs for the signed-in user, so an attacker can neither leave the per-identity
 * limit behind (by omitting or rotating ids) nor spend another user's budget (by naming them).
 *
 * Format: `v1.<user id, base64url>.<expiry, epoch seconds>.<HMAC-SHA256, base64url>`, the HMAC
 * over `gate-identity.v1.<user id, base64url>.<expiry>` with the secret. Any language with
 * HMAC-SHA256 can mint one (docs/configuration.md shows Node and Python).
 */
export const IDENTITY_TOKEN_VERSION = 'v1';
/** Shortest accepted `GATE_IDENTITY_SECRET`. */
export const MIN_IDENTITY_SECRET_LENGTH = 32;
/** The `identity` parameter is at most 128 characters; this leaves room for the expiry and the signature. */
export const MAX_USER_ID_BYTES = 48;

/** Why a token was not accepted. */
export type IdentityTokenProblem = 'malformed' | 'bad_signature' | 'expired';

export type IdentityTokenCheck = { readonly ok: true; readonly userId: string; readonly expiresAtMs: number } | { readonly ok: false; readonly problem: IdentityTokenProblem };

const TOKEN = /^v1\.([A-Za-z0-9_-]{1,64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signature(secret: string, encodedUserId: string, expirySeconds: string): Buffer {
  return createHmac('sha256', secret).update(`gate-identity.${IDENTITY_TOKEN_VERSION}.${encodedUserId}.${expirySeconds}`).digest();
}

/**
 * Mints the token for `userId` (1 to 48 bytes of UTF-8), valid until `expiresAtMs` (rounded up
 * to the second). Pure; throws a TypeError on a user id it cannot carry.
 *
 * @example
 * mintIdentityToken(process.env.GATE_IDENTITY_SECRET, 'user-42', Date.now() + 3_600_000)
 * // 'v1.dXNlci00Mg.1767225600.3k0...'
 */
export function mintIdentityToken(secret: string, userId: string, expiresAtMs: number): string {
  const bytes = Buffer.from(userId, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_USER_ID_BYTES) throw new TypeError(`identity token: the user id must be 1 to ${MAX_USER_ID_BYTES} bytes, not ${bytes.length}`);
  if (!Number.isFinite(expiresAtMs) || expiresAtMs <= 0) throw new TypeError('identity token: expiresAtMs must be a time in epoch milliseconds');
  const encoded = bytes.toString('base64url');
  const expiry = String(Math.ceil(expiresAtMs / 1000));
  return `${IDENTITY_TOKEN_VERSION}.${encoded}.${expiry}.${signature(secret, encoded, expiry).toString('base64url')}`;
}

/**
 * Checks a token at `nowMs`: its shape, its signature (compared in constant time), then its
 * expiry. Never throws.
 *
 * @example
 * verifyIdentityToken(secret, token, Date.now()) // { ok: true, userId: 'user-42', expiresAtMs: ... }
 */
export function verifyIdentityToken(secret: string, token: string, nowMs: number): IdentityTokenCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, problem: 'malformed' };
  const [, encoded, expiry, given] = match;
  const expected = signature(secret, encoded, expiry);
  const actual = Buffer.from(given, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { ok: false, problem: 'bad_signature' };
  const expiresAtMs = Number(expiry) * 1000;
  if (nowMs >= expiresAtMs) return { ok: false, problem: 'expired' };
  return { ok: true, userId: Buffer.from(encoded, 'base64url').toString('utf8'), expiresAtMs };
}
