/**
 * CORS with an allowlist. Browsers send `Origin` on cross-origin requests and on same-origin
 * POSTs; a request carrying an origin that is not allowed is refused by the server, not only by
 * the browser, because a plain form POST from a hostile page is never preflighted and would
 * otherwise run (and cost money). Requests without `Origin` (server to server) pass; app
 * endpoints still need the bearer token.
 *
 * Twilio Functions answer `OPTIONS` preflights themselves (allowing any origin) without running
 * the function, so the check on the actual request is what enforces the allowlist.
 */
export interface CorsDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * Parses `GATE_ALLOWED_ORIGINS` (comma-separated origins such as `https://app.example.com`).
 * `*` is refused: these endpoints spend money, and a wildcard would let any site use them.
 */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (!value || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const origin = entry.trim().replace(/\/+$/, '');
    if (origin === '*') {
      throw new Error("GATE_ALLOWED_ORIGINS: '*' is not allowed; list each origin, e.g. https://app.example.com");
    }
    if (!ORIGIN_PATTERN.test(origin)) {
      throw new Error(`GATE_ALLOWED_ORIGINS: '${origin}' is not an origin; use scheme://host[:port], e.g. https://app.example.com`);
    }
    return origin.toLowerCase();
  });
}

/**
 * Decides on a request's `Origin` header. The deployment's own domain (`context.DOMAIN_NAME`,
 * where the demo page is served) is always allowed.
 */
export function evaluateCors(origin: string | undefined, allowedOrigins: readonly string[], ownDomain?: string): CorsDecision {
  if (!origin) return { allowed: true, headers: {} };
  const normalized = origin.toLowerCase();
  const own = ownDomain ? [`https://${ownDomain.toLowerCase()}`, `http://${ownDomain.toLowerCase()}`] : [];
  if (!allowedOrigins.includes(normalized) && !own.includes(normalized)) {
    return { allowed: false, headers: { Vary: 'Origin' } };
  }
  return {
    allowed: true,
    headers: {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Expose-Headers': 'Retry-After, RateLimit, RateLimit-Policy',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    },
  };
}
