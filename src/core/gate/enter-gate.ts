import { judgeGateMode, type GateModeState, type ModeVerdict, type MoneyPath } from '../gate-mode';
import { GateError } from '../http/gate-error';
import type { GateRuntime } from './gate-runtime';

/** What a money path runs with once the gate mode let it in. */
export interface OpenGate {
  kind: 'open';
  /** The runtime to decide with: the normal one, or its strict profile in strict mode. */
  runtime: GateRuntime;
  mode: GateModeState;
}

/** A money path the gate mode stopped before any other rule ran. */
export interface StoppedGate {
  kind: 'stopped';
  verdict: Exclude<ModeVerdict, { kind: 'allow' }>;
  mode: GateModeState;
}

/** The mode facts every decision log carries, so a refusal or a strict decision can be traced to the switch. */
export function gateModeLogFields(mode: GateModeState): Record<string, unknown> {
  return {
    gateMode: mode.mode,
    gateModeSource: mode.source,
    ...(mode.storeError ? { gateModeStoreError: mode.storeError } : {}),
    ...(mode.invalid ? { gateModeInvalid: true } : {}),
  };
}

/**
 * Reads the gate mode (from the per-instance cache when fresh: no round trip) and decides what it
 * does to `path`: stopped in lockdown, or open with the runtime of the mode (strict swaps in the
 * strict profile's policy and throttle; everything else, caches included, is shared).
 */
export async function enterGate(runtime: GateRuntime, path: MoneyPath): Promise<OpenGate | StoppedGate> {
  const mode = await runtime.gateMode.current();
  const verdict = judgeGateMode(mode.mode, path, mode.document, runtime.now());
  if (verdict.kind !== 'allow') return { kind: 'stopped', verdict, mode };
  return { kind: 'open', runtime: mode.mode === 'strict' ? { ...runtime, ...runtime.strict } : runtime, mode };
}

/**
 * `enterGate` for the JSON money paths (`verify/start`, `voice/outbound`, `sms/outbound`): a
 * lockdown becomes the 503 `ERR_GATE_LOCKDOWN` with `Retry-After`, so the handler stays one line.
 */
export async function enterJsonGate(runtime: GateRuntime, path: 'verify/start' | 'voice/outbound' | 'sms/outbound'): Promise<OpenGate> {
  const entry = await enterGate(runtime, path);
  if (entry.kind === 'open') return entry;
  const retryAfter = entry.verdict.kind === 'refuse' ? entry.verdict.retryAfterSeconds : 300;
  throw new GateError('ERR_GATE_LOCKDOWN', 'This service is paused by its operator. Try again later.', {
    headers: { 'Retry-After': String(retryAfter) },
    logDetail: { event: 'gate.lockdown', path, ...gateModeLogFields(entry.mode) },
  });
}
