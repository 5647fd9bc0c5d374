import { storeErrorReason, type Store, type StoreErrorReason } from '../throttle/store';
import { subjectKey } from '../throttle/subject-key';
import { isKnownSince, utcDay } from './known-callers';

/**
 * The key prefix of a caller's record: `known_caller:<hashSubject(secret, number)>`, never the
 * number. The underscore keeps it apart from every throttle key: rule-set names are kebab-case, so
 * no policy can name a rule set whose keys would overwrite these records.
 */
export const KNOWN_CALLER_KEY_PREFIX = 'known_caller';

/** Callers one instance remembers the record of; the oldest remembered goes first. */
export const MAX_REMEMBERED_CALLERS = 10_000;

/**
 * Record reads one instance may make a second, with a burst of `KNOWN_CALLER_READ_BURST`. A flood
 * of fresh numbers from a held country would otherwise cost one read per call on the throttle's
 * own Maps (which verify/start and sms/outbound need too); past the budget a caller is judged a
 * stranger without a read. Real callers of one line come far below it: the default overall rate
 * is 200 calls a minute, about 3 a second, for every caller together.
 */
export const KNOWN_CALLER_READS_PER_SECOND = 5;
export const KNOWN_CALLER_READ_BURST = 20;
/** How long a record that could not be read is a stranger's without another read (an outage must not multiply reads). */
export const UNREADABLE_RECORD_RETRY_MS = 10_000;

/** What recording an admitted caller did: nothing (this instance knows its record exists), a create, or a failed write. */
export type KnownCallerWrite = 'already_recorded' | 'created' | 'exists' | { failed: StoreErrorReason };

/**
 * Which callers were admitted on an earlier UTC day (`inbound.knownCallers`), as one store item
 * per caller holding the UTC day of its first admission. Written at most once per caller per
 * instance (while it is remembered), create-only (no read: an existing record is left as it is);
 * read only when a caller's country is over its room under pressure, within a read budget.
 */
export interface KnownCallerMemory {
  /** Whether `e164` was first admitted on an earlier UTC day than `now`'s. False when it was not, or when the record cannot be read (the caller is then a stranger, as without the memory). */
  isKnown(e164: string, now: number): Promise<boolean>;
  /** Records that `e164` was admitted at `now`, unless this instance knows its record exists. Never rejects. */
  noteAdmitted(e164: string, now: number, ttlSec: number): Promise<KnownCallerWrite>;
  /**
   * Remembers that an overall window reached `maxFill` (no known caller can pass) until `until`,
   * so that the calls this instance refuses from its hold read no record meanwhile: a flood of
   * numbers warmed on earlier days then costs nothing there.
   */
  holdReserve(until: number): void;
  /** Whether the reserve is held at `now`. */
  reserveHeld(now: number): boolean;
}

/**
 * What this instance knows of a caller's record: it exists since `firstDay` (null: it exists, the
 * day unread), or it was absent on `absentOn` (a record created that day still makes the caller
 * known only from the next day, so the answer holds for the rest of it).
 */
type RecordView =
  | { readonly kind: 'exists'; readonly firstDay: number | null }
  | { readonly kind: 'absent'; readonly absentOn: number }
  | { readonly kind: 'unreadable'; readonly until: number };

export interface KnownCallerMemoryOptions {
  store: Store;
  /** The deployment's hash secret (`GATE_HASH_SECRET`): the record's key is the HMAC of the number. */
  secret: string;
  /** Default `MAX_REMEMBERED_CALLERS`. */
  maxEntries?: number;
  /** Default `KNOWN_CALLER_READS_PER_SECOND`. */
  readsPerSecond?: number;
  /** Default `KNOWN_CALLER_READ_BURST`. */
  readBurst?: number;
}

/** A token bucket on the instance's clock: whether one more read fits at `now`. */
function createReadBudget(perSecond: number, burst: number): (now: number) => boolean {
  let tokens = burst;
  let refilledAt: number | undefined;
  return (now) => {
    tokens = Math.min(burst, tokens + (refilledAt === undefined ? 0 : (Math.max(0, now - refilledAt) * perSecond) / 1000));
    refilledAt = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

function firstDayOf(data: Record<string, unknown>): number | null {
  return typeof data.firstDay === 'number' && Number.isInteger(data.firstDay) ? data.firstDay : null;
}

/**
 * Creates one instance's known-caller memory on `store` (the throttle's Sync Maps). A warm
 * instance remembers what it read or wrote per caller, so a returning caller costs no request
 * once it is known, and a stranger at most one read per UTC day; reads are budgeted per instance
 * (`KNOWN_CALLER_READS_PER_SECOND`), and concurrent calls of one caller share one read.
 *
 * @example
 * const known = createKnownCallerMemory({ store, secret });
 * await known.noteAdmitted('+447700900123', now, 60 * 86_400); // 'created'
 * await known.isKnown('+447700900123', now + 86_400_000); // true: admitted the day before
 */
export function createKnownCallerMemory(options: KnownCallerMemoryOptions): KnownCallerMemory {
  const { store, secret, maxEntries = MAX_REMEMBERED_CALLERS } = options;
  const views = new Map<string, RecordView>();
  const reading = new Map<string, Promise<boolean>>();
  const readFits = createReadBudget(options.readsPerSecond ?? KNOWN_CALLER_READS_PER_SECOND, options.readBurst ?? KNOWN_CALLER_READ_BURST);
  const remember = (key: string, view: RecordView) => {
    views.delete(key);
    if (views.size >= maxEntries) views.delete(views.keys().next().value as string);
    views.set(key, view);
  };
  // What a read found, unless a create that finished meanwhile already knows more: a record it
  // wrote or found is never taken back to absent or unreadable.
  const rememberRead = (key: string, view: RecordView) => {
    if (view.kind !== 'exists' && views.get(key)?.kind === 'exists') return;
    remember(key, view);
  };
  const keyOf = (e164: string) => subjectKey(KNOWN_CALLER_KEY_PREFIX, e164, secret);
  let reserveHeldUntil = 0;

  async function readRecord(key: string, now: number): Promise<boolean> {
    try {
      const item = await store.get(key);
      const firstDay = item ? firstDayOf(item.data) : null;
      rememberRead(key, item ? { kind: 'exists', firstDay } : { kind: 'absent', absentOn: utcDay(now) });
      return firstDay !== null && isKnownSince(firstDay, now);
    } catch {
      // A failed read is a stranger: the fair share holds the caller as it would without the memory.
      rememberRead(key, { kind: 'unreadable', until: now + UNREADABLE_RECORD_RETRY_MS });
      return false;
    }
  }

  return {
    isKnown(e164, now) {
      const key = keyOf(e164);
      const view = views.get(key);
      if (view?.kind === 'exists' && view.firstDay !== null) return Promise.resolve(isKnownSince(view.firstDay, now));
      if (view?.kind === 'absent' && view.absentOn === utcDay(now)) return Promise.resolve(false);
      if (view?.kind === 'unreadable' && now < view.until) return Promise.resolve(false);
      const pending = reading.get(key);
      if (pending) return pending;
      if (!readFits(now)) return Promise.resolve(false);
      const read: Promise<boolean> = readRecord(key, now).finally(() => {
        if (reading.get(key) === read) reading.delete(key);
      });
      reading.set(key, read);
      return read;
    },
    async noteAdmitted(e164, now, ttlSec) {
      const key = keyOf(e164);
      if (views.get(key)?.kind === 'exists') return 'already_recorded';
      const firstDay = utcDay(now);
      try {
        const written = await store.create(key, { firstDay }, ttlSec);
        remember(key, written.ok ? { kind: 'exists', firstDay } : { kind: 'exists', firstDay: null });
        return written.ok ? 'created' : 'exists';
      } catch (error) {
        return { failed: storeErrorReason(error) };
      }
    },
    holdReserve(until) {
      reserveHeldUntil = Math.max(reserveHeldUntil, until);
    },
    reserveHeld: (now) => now < reserveHeldUntil,
  };
}
