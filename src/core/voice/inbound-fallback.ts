import { DEFAULT_INBOUND_ON_ERROR, parseVoiceConfig, type Environment } from '../config';
import type { HttpReply } from '../http/reply';
import { redirectCallReply, rejectCallReply } from './voice-twiml';

/** What a voice webhook does when it cannot decide: admit to the app, or reject. */
export type FallbackAction = { kind: 'redirect'; url: string } | { kind: 'reject' };

function setting<T>(read: () => T, otherwise: T): T {
  try {
    return read();
  } catch {
    return otherwise;
  }
}

/**
 * The fail-safe of `voice/inbound`, from the raw settings (the configuration may be what is
 * broken, so each setting is read on its own and an invalid one counts as unset; the regular
 * path has logged `config.invalid` for it). With `GATE_VOICE_INBOUND_ON_ERROR=admit` (the
 * default) the call is redirected to `GATE_VOICE_APP_URL`, as if the gate were not there: during
 * a TDoS, refusing everyone because the gate broke would finish the attacker's job. Without an
 * app URL (forwarding setups) it rejects: a forward's outbound leg costs money, and an unchecked
 * forward is the toll-fraud hole the gate exists to close.
 *
 * @example
 * inboundFallbackAction({ GATE_VOICE_APP_URL: 'https://example.com/voice' }) // { kind: 'redirect', url: 'https://example.com/voice' }
 */
export function inboundFallbackAction(env: Environment): FallbackAction {
  const onError = setting(() => parseVoiceConfig({ GATE_VOICE_INBOUND_ON_ERROR: env.GATE_VOICE_INBOUND_ON_ERROR }).inboundOnError, DEFAULT_INBOUND_ON_ERROR);
  const url = setting(() => parseVoiceConfig({ GATE_VOICE_APP_URL: env.GATE_VOICE_APP_URL }).voiceAppUrl, undefined);
  return onError === 'admit' && url !== undefined ? { kind: 'redirect', url } : { kind: 'reject' };
}

/**
 * The TwiML of a fallback action.
 *
 * @example
 * renderFallback({ kind: 'reject' }) // <Reject reason="busy"/>
 */
export function renderFallback(action: FallbackAction): HttpReply {
  return action.kind === 'redirect' ? redirectCallReply(action.url) : rejectCallReply();
}
