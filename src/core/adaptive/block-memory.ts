/**
 * How long a warm instance refuses from memory before asking the store again (an approval on
 * another instance can lift a block before its evidence leaves the window).
 */
export const BLOCK_RECHECK_MS = 60_000;
/** Blocks one instance remembers per rule; expired entries are dropped first. */
export const MAX_REMEMBERED_BLOCKS = 10_000;

/**
 * Per-instance memory of refusals an adaptive rule made, so a bot hammering a blocked range or a
 * backed-off number costs no store reads: refused starts are never recorded, so without it every
 * refused start would read every rule set's item (and a hot `global` item runs out of Sync's
 * per-Map read budget). Keys live only in this instance's memory, never in a log or in Sync.
 */
export interface BlockMemory<Decision extends { readonly liftsInMs: number }> {
  /** The remembered refusal for the subject, with `liftsInMs` counted from `now`. */
  get(subject: string, now: number): Decision | undefined;
  set(subject: string, decision: Decision, now: number): void;
}

export interface BlockMemoryOptions {
  /** What the rule blocks by: the subject's range, or the subject itself. Default: the subject. */
  keyOf?: (subject: string) => string;
  /** Default `BLOCK_RECHECK_MS`. */
  recheckMs?: number;
  /** Default `MAX_REMEMBERED_BLOCKS`. */
  maxEntries?: number;
}

/**
 * @example
 * const memory = createBlockMemory<LowConversionDecision>({ keyOf: (number) => number.slice(0, 9) });
 * memory.set('+447400123456', decision, now);
 * memory.get('+447400123499', now + 1000); // the same range: still refused
 */
export function createBlockMemory<Decision extends { readonly liftsInMs: number }>(options: BlockMemoryOptions = {}): BlockMemory<Decision> {
  const keyOf = options.keyOf ?? ((subject: string) => subject);
  const recheckMs = options.recheckMs ?? BLOCK_RECHECK_MS;
  const maxEntries = options.maxEntries ?? MAX_REMEMBERED_BLOCKS;
  const blocks = new Map<string, { decision: Decision; liftsAt: number; recheckAt: number }>();
  return {
    get(subject, now) {
      const key = keyOf(subject);
      const entry = blocks.get(key);
      if (!entry) return undefined;
      if (now >= entry.recheckAt) {
        blocks.delete(key);
        return undefined;
      }
      return { ...entry.decision, liftsInMs: Math.max(1, entry.liftsAt - now) };
    },
    set(subject, decision, now) {
      if (blocks.size >= maxEntries) {
        for (const [key, entry] of blocks) if (now >= entry.recheckAt) blocks.delete(key);
        if (blocks.size >= maxEntries) blocks.delete(blocks.keys().next().value as string);
      }
      blocks.set(keyOf(subject), { decision, liftsAt: now + decision.liftsInMs, recheckAt: now + Math.min(recheckMs, decision.liftsInMs) });
    },
  };
}
