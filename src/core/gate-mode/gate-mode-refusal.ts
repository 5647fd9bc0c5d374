import type { GateMode, GateModeDocument } from './gate-mode';

/** The paths that cost money, each with what lockdown does to it. */
export const MONEY_PATHS = ['verify/start', 'voice/outbound', 'sms/outbound', 'voice/inbound', 'voice/forward', 'sms/inbound'] as const;
export type MoneyPath = (typeof MONEY_PATHS)[number];

/** Retry-After for a lockdown with no end set: long enough not to hammer, short enough to notice a lift. */
export const OPEN_ENDED_LOCKDOWN_RETRY_SECONDS = 300;
/** Longest Retry-After a lockdown announces, whatever its `until`. */
export const MAX_LOCKDOWN_RETRY_SECONDS = 3_600;

/**
 * What a mode does to a path before any other rule runs:
 * - `allow`: go on (normal and strict; strict acts through the policy profile, not here);
 * - `refuse`: an outbound path answers 503 `ERR_GATE_LOCKDOWN` with `retryAfterSeconds`;
 * - `reject`: an inbound call is rejected before it is answered (nothing billed);
 * - `drop`: an inbound message is not forwarded (forwarding sends, which is billed).
 */
export type ModeVerdict = { kind: 'allow' } | { kind: 'refuse'; retryAfterSeconds: number } | { kind: 'reject' } | { kind: 'drop' };

/** Seconds until a lockdown ends, as a client should wait, within sane bounds. */
export function lockdownRetryAfterSeconds(document: GateModeDocument | null, now: number): number {
  if (!document?.until) return OPEN_ENDED_LOCKDOWN_RETRY_SECONDS;
  return Math.min(MAX_LOCKDOWN_RETRY_SECONDS, Math.max(1, Math.ceil((document.until - now) / 1000)));
}

/**
 * Decides what `mode` does to `path`. Lockdown stops every path that can cost money, inbound
 * included: an inbound call is billed per minute and a forwarded message or call is an outbound
 * send, and a flood is one of the incidents lockdown exists for.
 */
export function judgeGateMode(mode: GateMode, path: MoneyPath, document: GateModeDocument | null, now: number): ModeVerdict {
  if (mode !== 'lockdown') return { kind: 'allow' };
  switch (path) {
    case 'voice/inbound':
    case 'voice/forward':
      return { kind: 'reject' };
    case 'sms/inbound':
      return { kind: 'drop' };
    default:
      return { kind: 'refuse', retryAfterSeconds: lockdownRetryAfterSeconds(document, now) };
  }
}
