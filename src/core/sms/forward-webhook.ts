import { createHmac } from 'node:crypto';

/** The header carrying the forward POST's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const FORWARD_SIGNATURE_HEADER = 'X-Gatekeeper-Signature';

/**
 * Signs a forward payload: HMAC-SHA256 over `<timestamp>.<body>` with the shared secret. The
 * timestamp lets the receiver refuse replays (reject signatures older than a few minutes).
 *
 * @example
 * signForwardPayload('secret…', '{"text":"hi"}', 1767225600) // 't=1767225600,v1=5d1c…'
 */
export function signForwardPayload(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

export type ForwardPostResult = { ok: true; status: number } | { ok: false; status?: number; problem: 'timeout' | 'http_error' | 'network' };

export interface ForwardPostOptions {
  url: string;
  secret: string;
  payload: Record<string, unknown>;
  timeoutMs: number;
  now?: () => number;
  /** Injected for tests; default global fetch. */
  fetch?: typeof fetch;
}

/**
 * POSTs the payload as signed JSON. Never throws: a timeout or failure is reported, so the
 * webhook's TwiML reply never depends on the receiver. Redirects are not followed (a redirect
 * could send the messages somewhere the operator did not configure).
 */
export async function postForward(options: ForwardPostOptions): Promise<ForwardPostResult> {
  const body = JSON.stringify(options.payload);
  const timestamp = Math.floor((options.now ?? Date.now)() / 1000);
  try {
    const response = await (options.fetch ?? fetch)(options.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [FORWARD_SIGNATURE_HEADER]: signForwardPayload(options.secret, body, timestamp) },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, problem: 'http_error' };
  } catch (error) {
    const name = (error as { name?: string })?.name;
    return { ok: false, problem: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network' };
  }
}
