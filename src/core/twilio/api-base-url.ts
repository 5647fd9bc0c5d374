/** Hosts that name this machine: the emulator of local mode and tests listens on one of them. */
const LOOPBACK_HOSTNAMES = new Set(['localhost', '[::1]']);

/** What decides whether `TWILIO_API_BASE_URL` may be used. */
export interface ApiBaseUrlOptions {
  /** `GATE_ALLOW_REMOTE_API_BASE_URL`: `'true'` lets a non-loopback host through (e.g. an emulator in another container). */
  allowRemote?: string;
  /** `DOMAIN_NAME` from the Functions context: on `*.twil.io` the bundle is deployed, and never uses a base URL. */
  domainName?: string;
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

function isDeployed(domainName: string | undefined): boolean {
  return typeof domainName === 'string' && /\.twil\.io\.?$/i.test(domainName.trim());
}

/**
 * Decides whether the API base URL setting may be honoured. Deploy uploads `.env`, so a leftover
 * value would send production traffic, and the account's credentials with every request, to
 * that host. It is therefore honoured only for loopback hosts (`localhost`, `127.x.x.x`,
 * `[::1]`), for other hosts only with `GATE_ALLOW_REMOTE_API_BASE_URL=true`, and never in a
 * deployed service (`DOMAIN_NAME` ending in `.twil.io`). Throws an Error whose message starts
 * with the setting's name and says the fix; returns `undefined` when the setting is empty.
 *
 * @example
 * resolveApiBaseUrl('http://127.0.0.1:4010') // 'http://127.0.0.1:4010'
 * resolveApiBaseUrl('https://api.example.com') // throws: not a loopback host
 */
export function resolveApiBaseUrl(value: string | undefined, options: ApiBaseUrlOptions = {}): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`TWILIO_API_BASE_URL: '${trimmed}' is not an http(s) URL; use e.g. http://127.0.0.1:4010`);
  }
  if (isDeployed(options.domainName)) {
    throw new Error(`TWILIO_API_BASE_URL: is set in a deployed service (${options.domainName}); remove it from .env and deploy again, it is for local mode only`);
  }
  const allowRemote = options.allowRemote?.trim();
  if (allowRemote !== undefined && allowRemote !== '' && allowRemote !== 'true' && allowRemote !== 'false') {
    throw new Error(`GATE_ALLOW_REMOTE_API_BASE_URL: '${allowRemote}' is not true or false`);
  }
  if (!isLoopback(url.hostname) && allowRemote !== 'true') {
    throw new Error(
      `TWILIO_API_BASE_URL: '${url.hostname}' is not a loopback host, and the account's credentials would be sent there; use http://127.0.0.1:PORT, or set GATE_ALLOW_REMOTE_API_BASE_URL=true if that host is yours`,
    );
  }
  return trimmed;
}
