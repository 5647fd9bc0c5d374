import { parseDuration } from '../throttle/duration';
import { ConfigError } from './config-error';
import type { Environment } from './parse-config';

/** Longest call the gate lets anyone place or forward unless `GATE_CALL_TIME_LIMIT` says otherwise: 10 minutes. */
export const DEFAULT_CALL_TIME_LIMIT_SECONDS = 600;
/**
 * The highest `GATE_CALL_TIME_LIMIT` accepted: 4 hours, Twilio's own default cap. A higher value
 * would give a hijacked forward or a pumped call most of a day of billable minutes.
 */
export const MAX_CALL_TIME_LIMIT_SECONDS = 4 * 3600;
/** Most caller ids in `GATE_CALLER_ID_POOL`. */
export const MAX_CALLER_ID_POOL_SIZE = 50;
/** Most numbers in `GATE_FORWARD_TO`: `<Dial>` rings at most 10 `<Number>`s at once. */
export const MAX_FORWARD_TARGETS = 10;
/** Longest inline TwiML Twilio accepts for a call (`Twiml` parameter). */
export const MAX_CALL_TWIML_CHARACTERS = 4000;
/** What an inbound call gets when the gate itself fails: see `InboundOnError`. */
export const DEFAULT_INBOUND_ON_ERROR: InboundOnError = 'admit';

/**
 * What `voice/inbound` answers when it cannot decide (invalid configuration, an unexpected
 * failure): `admit` redirects the call to `GATE_VOICE_APP_URL` as if the gate were not there
 * (a broken gate must not finish a TDoS attacker's job; forwarding is never done blind, because
 * its outbound leg costs money), `reject` answers `<Reject reason="busy"/>`.
 */
export type InboundOnError = 'admit' | 'reject';

/** Where an outbound call's instructions come from. */
export type CallTwimlSource = { kind: 'url'; url: string } | { kind: 'twiml'; twiml: string };

/** The voice gate's settings, validated and complete. */
export interface VoiceConfig {
  /** Longest call in seconds (`GATE_CALL_TIME_LIMIT`): every placed call and every forward carries it. */
  callTimeLimitSeconds: number;
  /** Caller ids outbound calls are placed from (`GATE_CALLER_ID_POOL`); empty means outbound calls are refused. */
  callerIdPool: string[];
  /** `GATE_CALL_TWIML_URL` or `GATE_CALL_TWIML`; `undefined` means outbound calls are refused. */
  callTwiml: CallTwimlSource | undefined;
  /** `GATE_CALL_STATUS_CALLBACK`: where Twilio reports the call's progress. */
  callStatusCallback: string | undefined;
  /** `GATE_VOICE_APP_URL`: where `voice/inbound` redirects admitted calls (absolute URL or path). */
  voiceAppUrl: string | undefined;
  /** `GATE_FORWARD_TO`: the only numbers calls are ever forwarded to. */
  forwardTo: string[];
  /** `GATE_VOICE_INBOUND_ON_ERROR`. */
  inboundOnError: InboundOnError;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const PATH = /^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/;

function text(env: Environment, name: string): string | undefined {
  const value = env[name];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function parseTimeLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CALL_TIME_LIMIT_SECONDS;
  // Bare seconds (600), as Twilio's TimeLimit is written, or a duration (10m).
  const seconds = /^\d{1,5}$/.test(value) ? Number(value) : (parseDuration(value) ?? NaN) / 1000;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_CALL_TIME_LIMIT_SECONDS) {
    throw new ConfigError(
      'GATE_CALL_TIME_LIMIT',
      `'${value}' is not a call length from 1s to ${MAX_CALL_TIME_LIMIT_SECONDS / 3600}h; use seconds (600) or a duration (10m, 1h); the default is ${DEFAULT_CALL_TIME_LIMIT_SECONDS}`,
    );
  }
  return seconds;
}

function parseNumberList(setting: string, value: string | undefined, max: number): string[] {
  if (value === undefined) return [];
  const numbers = value.split(',').map((entry) => entry.trim());
  if (numbers.length > max) throw new ConfigError(setting, `lists ${numbers.length} numbers; give at most ${max}`);
  numbers.forEach((number, index) => {
    // An invalid entry may still be someone's phone number: say where it is, never echo it.
    if (!E164.test(number)) {
      throw new ConfigError(setting, `entry ${index + 1} is not an E.164 number; write numbers like +12025550123, separated by commas`);
    }
    if (numbers.indexOf(number) !== index) throw new ConfigError(setting, `entry ${index + 1} repeats an earlier number; list each number once`);
  });
  return numbers;
}

function parseUrl(setting: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isHttpUrl(value)) throw new ConfigError(setting, `'${value.slice(0, 80)}' is not an http(s) URL without credentials; use e.g. https://example.com/voice/answer`);
  return value;
}

function parseTwiml(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_CALL_TWIML_CHARACTERS) {
    throw new ConfigError('GATE_CALL_TWIML', `is ${value.length} characters; Twilio accepts at most ${MAX_CALL_TWIML_CHARACTERS}: host longer TwiML and use GATE_CALL_TWIML_URL`);
  }
  const body = value.replace(/^<\?xml[^>]*\?>\s*/, '');
  if (!/^<Response(\s[^>]*)?>[\s\S]*<\/Response>$/.test(body) && !/^<Response\s*\/>$/.test(body)) {
    throw new ConfigError('GATE_CALL_TWIML', 'is not a TwiML document; write <Response>...</Response>, e.g. <Response><Say>Your order is ready.</Say></Response>');
  }
  return value;
}

function parseCallTwiml(env: Environment): CallTwimlSource | undefined {
  const url = parseUrl('GATE_CALL_TWIML_URL', text(env, 'GATE_CALL_TWIML_URL'));
  const twiml = parseTwiml(text(env, 'GATE_CALL_TWIML'));
  if (url !== undefined && twiml !== undefined) {
    throw new ConfigError('GATE_CALL_TWIML', 'is set together with GATE_CALL_TWIML_URL; set only one of them');
  }
  if (url !== undefined) return { kind: 'url', url };
  return twiml === undefined ? undefined : { kind: 'twiml', twiml };
}

function parseVoiceAppUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isHttpUrl(value) && !PATH.test(value)) {
    throw new ConfigError('GATE_VOICE_APP_URL', `'${value.slice(0, 80)}' is neither an http(s) URL nor a path; use e.g. https://example.com/voice/menu or /voice/menu`);
  }
  return value;
}

function parseInboundOnError(value: string | undefined): InboundOnError {
  if (value === undefined) return DEFAULT_INBOUND_ON_ERROR;
  if (value !== 'admit' && value !== 'reject') {
    throw new ConfigError('GATE_VOICE_INBOUND_ON_ERROR', `'${value}' is not 'admit' or 'reject'; the default is ${DEFAULT_INBOUND_ON_ERROR}`);
  }
  return value;
}

/**
 * Reads and validates the voice gate's settings (docs/voice.md). Throws a `ConfigError` naming
 * the setting and the fix; numbers in invalid entries are never echoed. Settings a route does not
 * need may be absent: the route that needs them refuses while they are.
 *
 * @example
 * const voice = parseVoiceConfig(context);
 * voice.callTimeLimitSeconds // 600 unless GATE_CALL_TIME_LIMIT says otherwise
 */
export function parseVoiceConfig(env: Environment): VoiceConfig {
  return {
    callTimeLimitSeconds: parseTimeLimit(text(env, 'GATE_CALL_TIME_LIMIT')),
    callerIdPool: parseNumberList('GATE_CALLER_ID_POOL', text(env, 'GATE_CALLER_ID_POOL'), MAX_CALLER_ID_POOL_SIZE),
    callTwiml: parseCallTwiml(env),
    callStatusCallback: parseUrl('GATE_CALL_STATUS_CALLBACK', text(env, 'GATE_CALL_STATUS_CALLBACK')),
    voiceAppUrl: parseVoiceAppUrl(text(env, 'GATE_VOICE_APP_URL')),
    forwardTo: parseNumberList('GATE_FORWARD_TO', text(env, 'GATE_FORWARD_TO'), MAX_FORWARD_TARGETS),
    inboundOnError: parseInboundOnError(text(env, 'GATE_VOICE_INBOUND_ON_ERROR')),
  };
}
