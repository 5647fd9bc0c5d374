import { storeErrorReason, type StoreErrorReason } from '../throttle/store';
import { modeAt, type GateMode, type GateModeDocument } from './gate-mode';
import type { GateModeStore } from './gate-mode-store';

/** How long an instance trusts a read: a switch reaches every warm instance within this. */
export const DEFAULT_GATE_MODE_CACHE_MS = 5_000;
/** Real-time budget of one read; a slower read is a failed read. */
export const DEFAULT_GATE_MODE_TIMEOUT_MS = 1_000;

/**
 * Where the mode of a decision came from:
 * - `cache`: a read younger than the cache time;
 * - `store`: read for this decision;
 * - `last-known`: the read failed, the last mode this instance read stands;
 * - `default`: the read failed and this instance never read one: `normal`.
 */
export type GateModeSource = 'cache' | 'store' | 'last-known' | 'default';

/** The mode a decision runs under, and why. */
export interface GateModeState {
  mode: GateMode;
  source: GateModeSource;
  /** The document behind the mode, when there is one (for `/health` and logs). */
  document: GateModeDocument | null;
  /** True when Sync holds something under the name that is not a valid document. */
  invalid: boolean;
  /** Why the read failed, for `last-known` and `default`. */
  storeError?: StoreErrorReason;
}

export interface GateModeReaderOptions {
  store: GateModeStore;
  /** Clock (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Default `DEFAULT_GATE_MODE_CACHE_MS`. At most 5 s: longer would delay a lockdown. */
  cacheMs?: number;
  /** Default `DEFAULT_GATE_MODE_TIMEOUT_MS`. */
  timeoutMs?: number;
}

export interface GateModeReader {
  /** The mode now: from the cache when fresh (no I/O), else one read shared by concurrent callers. */
  current(): Promise<GateModeState>;
  /** The mode now if the cache is fresh, without any I/O; undefined when a read is needed. */
  peek(): GateModeState | undefined;
  /** Drops the cache, so the next `current()` reads (after this instance itself changed the mode). */
  forget(): void;
}

interface Remembered {
  document: GateModeDocument | null;
  invalid: boolean;
  readAt: number;
}

/** The states the reader moves through; the cache holds only what a successful read produced. */
type ReaderState = { kind: 'never-read' } | { kind: 'known'; remembered: Remembered };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('gate mode read timed out'), { reason: 'timeout' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Creates the per-instance reader of the gate mode. A failed read keeps the last mode this
 * instance read (a lockdown survives a Sync outage) and, on an instance that never read one,
 * means `normal`: failing into lockdown would let any Sync hiccup at a cold start take every money
 * path down, while the throttles already fail closed for money paths on their own. A failed read
 * is not cached, so the next decision asks again.
 *
 * @example
 * const reader = createGateModeReader({ store: createSyncGateModeStore({ client }) });
 * const { mode } = await reader.current();
 */
export function createGateModeReader(options: GateModeReaderOptions): GateModeReader {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? DEFAULT_GATE_MODE_CACHE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_GATE_MODE_TIMEOUT_MS;
  if (!Number.isFinite(cacheMs) || cacheMs < 0 || cacheMs > DEFAULT_GATE_MODE_CACHE_MS) {
    throw new RangeError(`gate mode: cacheMs must be 0 to ${DEFAULT_GATE_MODE_CACHE_MS}`);
  }
  let state: ReaderState = { kind: 'never-read' };
  let inFlight: Promise<GateModeState> | undefined;

  const stateOf = (remembered: Remembered, source: GateModeSource, storeError?: StoreErrorReason): GateModeState => ({
    mode: modeAt(remembered.document, now()),
    source,
    document: remembered.document,
    invalid: remembered.invalid,
    ...(storeError ? { storeError } : {}),
  });

  const fresh = () => (state.kind === 'known' && now() - state.remembered.readAt < cacheMs ? state.remembered : undefined);

  async function read(): Promise<GateModeState> {
    try {
      const found = await withTimeout(options.store.read(), timeoutMs);
      const remembered: Remembered = {
        document: found.kind === 'document' ? found.document : null,
        invalid: found.kind === 'invalid',
        readAt: now(),
      };
      state = { kind: 'known', remembered };
      return stateOf(remembered, 'store');
    } catch (error) {
      const reason = (error as { reason?: StoreErrorReason }).reason === 'timeout' ? 'timeout' : storeErrorReason(error);
      if (state.kind === 'known') return stateOf(state.remembered, 'last-known', reason);
      return { mode: 'normal', source: 'default', document: null, invalid: false, storeError: reason };
    }
  }

  const peek = () => {
    const remembered = fresh();
    return remembered ? stateOf(remembered, 'cache') : undefined;
  };

  return {
    peek,
    current() {
      const cached = peek();
      if (cached) return Promise.resolve(cached);
      inFlight ??= read().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    forget() {
      if (state.kind === 'known') state = { kind: 'known', remembered: { ...state.remembered, readAt: Number.NEGATIVE_INFINITY } };
    },
  };
}
