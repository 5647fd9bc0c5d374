/**
 * URL rules the checks share. A webhook on `http:` can be read and forged in transit, except on
 * this machine: the local stack (`npm start`) serves the gate over http on 127.0.0.1.
 */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an `http:` URL to anything but this machine. */
export function isInsecureUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname);
  } catch {
    return false;
  }
}

/** True when `url` is one of the gate's routes (same origin as `gateUrl`). */
export function isGateUrl(url: string, gateUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(gateUrl).origin;
  } catch {
    return false;
  }
}

/** The gate's route that handles usage trigger callbacks. */
export function usageAlertUrl(gateUrl: string): string {
  return `${gateUrl.replace(/\/+$/, '')}/usage/alert`;
}

/** A URL without its query (which may carry tokens), for evidence. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
