/**
 * The gate-wide mode: one switch, read by every money path, that an operator, a usage trigger or
 * the debugger webhook can pull.
 * - `normal`: the policy as written.
 * - `strict`: the policy's `strict` profile (lower caps, fewer countries, Lookup required, no
 *   `call` channel): for a suspected attack that should slow down, not stop, the business.
 * - `lockdown`: every outbound money path refused, every inbound call rejected: the incident brake.
 */
export const GATE_MODES = ['normal', 'strict', 'lockdown'] as const;
export type GateMode = (typeof GATE_MODES)[number];

/** Longest reason kept; it is shown in logs and `/health`, so it stays short and plain. */
export const MAX_MODE_REASON_LENGTH = 200;
/** Longest `by` (who set the mode: `cli`, `usage-alert:UT…`, `debugger:32201`). */
export const MAX_MODE_SETTER_LENGTH = 80;

/** The stored document, as written by `gatekeeper mode set` or a webhook. */
export interface GateModeDocument {
  mode: GateMode;
  /** Why, in the words of whoever set it. */
  reason: string;
  /** Epoch ms when it was set. */
  since: number;
  /** Epoch ms from which the mode no longer applies and the gate is `normal` again; null = until changed. */
  until: number | null;
  /** Who set it. */
  by: string;
}

export function isGateMode(value: unknown): value is GateMode {
  return typeof value === 'string' && (GATE_MODES as readonly string[]).includes(value);
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isShortText = (value: unknown, max: number): value is string => typeof value === 'string' && value.length <= max;

/**
 * Reads a stored document, or null when it is not one: a hand-edited or damaged document must not
 * switch the gate into a mode nobody chose, so the caller treats null like "no document".
 */
export function parseGateModeDocument(data: unknown): GateModeDocument | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const { mode, reason, since, until, by } = data as Record<string, unknown>;
  if (!isGateMode(mode) || !isTime(since)) return null;
  if (!isShortText(reason, MAX_MODE_REASON_LENGTH) || !isShortText(by, MAX_MODE_SETTER_LENGTH)) return null;
  if (until !== null && until !== undefined && !isTime(until)) return null;
  return { mode, reason, since, until: until ?? null, by };
}

/**
 * The mode a document puts the gate in at `now`: its own until `until` passes, then `normal`.
 * An expiry is how a webhook can say "strict until the end of the day" without anybody having to
 * remember to switch it back.
 */
export function modeAt(document: GateModeDocument | null, now: number): GateMode {
  if (document === null) return 'normal';
  if (document.until !== null && now >= document.until) return 'normal';
  return document.mode;
}

/** Builds a document to store, validating what a person or a webhook asked for. */
export function createGateModeDocument(input: { mode: GateMode; reason?: string; until?: number | null; by: string }, now: number): GateModeDocument {
  const reason = (input.reason ?? '').trim();
  if (reason.length > MAX_MODE_REASON_LENGTH) throw new RangeError(`gate mode: the reason is longer than ${MAX_MODE_REASON_LENGTH} characters`);
  if (input.by.length === 0 || input.by.length > MAX_MODE_SETTER_LENGTH) throw new RangeError(`gate mode: 'by' must be 1 to ${MAX_MODE_SETTER_LENGTH} characters`);
  const until = input.until ?? null;
  if (until !== null && (!isTime(until) || until <= now)) throw new RangeError('gate mode: until must be a moment in the future');
  if (input.mode === 'normal' && until !== null) throw new RangeError('gate mode: normal never expires; give until only with strict or lockdown');
  return { mode: input.mode, reason, since: now, until, by: input.by };
}
