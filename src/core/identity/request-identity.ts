import { verifyIdentityToken, type IdentityTokenProblem } from './identity-token';

/** Whether an endpoint takes requests without a valid signed identity (`identity` in the policy). */
export type IdentityRequirement = 'required' | 'optional';

/**
 * The identity a request is counted under:
 * - `unsigned`: no `GATE_IDENTITY_SECRET`; the app's `identity` is used as given (or none);
 * - `verified`: a valid token; counted under its user id;
 * - `anonymous`: the secret is set and the token is missing or invalid; counted with every such
 *   request under the one shared identity `ANONYMOUS_IDENTITY`.
 */
export type RequestIdentity =
  | { readonly kind: 'unsigned'; readonly subject: string | undefined }
  | { readonly kind: 'verified'; readonly subject: string }
  | { readonly kind: 'anonymous'; readonly subject: string; readonly problem: IdentityTokenProblem | 'missing' };

/**
 * The one throttle identity requests without a valid token share. Verified identities are
 * counted as `user:<id>`, so no user id can collide with it.
 */
export const ANONYMOUS_IDENTITY = 'anonymous';

/**
 * Resolves the request's `identity` parameter under the optional secret.
 *
 * @example
 * resolveRequestIdentity(undefined, 'user-42', now) // { kind: 'unsigned', subject: 'user-42' }
 * resolveRequestIdentity(secret, token, now)        // { kind: 'verified', subject: 'user:user-42' }
 * resolveRequestIdentity(secret, 'user-42', now)    // { kind: 'anonymous', subject: 'anonymous', problem: 'malformed' }
 */
export function resolveRequestIdentity(secret: string | undefined, identity: string | undefined, nowMs: number): RequestIdentity {
  if (secret === undefined) return { kind: 'unsigned', subject: identity };
  if (identity === undefined) return { kind: 'anonymous', subject: ANONYMOUS_IDENTITY, problem: 'missing' };
  const check = verifyIdentityToken(secret, identity, nowMs);
  return check.ok ? { kind: 'verified', subject: `user:${check.userId}` } : { kind: 'anonymous', subject: ANONYMOUS_IDENTITY, problem: check.problem };
}
