import { storeErrorReason, type Store, type StoreErrorReason } from '../throttle/store';
import { subjectKey } from '../throttle/subject-key';
import { isKnownSince, utcDay } from './known-callers';

/** The key prefix of a caller's record: `voice-inbound-known:<hashSubject(secret, number)>`, never the number. */
export const KNOWN_CALLER_KEY_PREFIX = 'voice-inbound-known';

/** Callers one instance remembers the record of; the oldest remembered goes first. */
export const MAX_REMEMBERED_CALLERS = 10_000;

/** What recording an admitted caller did: nothing (this instance knows its record exists), a create, or a failed write. */
export type KnownCallerWrite = 'already_recorded' | 'created' | 'exists' | { failed: StoreErrorReason };

/**
 * Which callers were admitted on an earlier UTC day (`inbound.knownCallers`), as one store item
 * per caller holding the UTC day of its first admission. Written once per caller per day per
 * instance, create-only (no read: an existing record is left as it is); read only when a caller's
 * country is over its room under pressure.
 */
export interface KnownCallerMemory {
  /** Whether `e164` was first admitted on an earlier UTC day than `now`'s. False when it was not, or when the record cannot be read (the caller is then a stranger, as without the memory). */
  isKnown(e164: string, now: number): Promise<boolean>;
  /** Records that `e164` was admitted at `now`, unless this instance knows its record exists. Never rejects. */
  noteAdmitted(e164: string, now: number, ttlSec: number): Promise<KnownCallerWrite>;
  /**
   * Remembers that an overall window reached `maxFill` (no known caller can pass) until `until`,
   * so that the calls this instance refuses from its hold read no record meanwhile: a flood of
   * numbers warmed on earlier days then costs nothing there, as a stranger's flood does.
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
type RecordView = { readonly kind: 'exists'; readonly firstDay: number | null } | { readonly kind: 'absent'; readonly absentOn: number };

export interface KnownCallerMemoryOptions {
  store: Store;
  /** The deployment's hash secret (`GATE_HASH_SECRET`): the record's key is the HMAC of the number. */
  secret: string;
  /** Default `MAX_REMEMBERED_CALLERS`. */
  maxEntries?: number;
}

function firstDayOf(data: Record<string, unknown>): number | null {
  return typeof data.firstDay === 'number' && Number.isInteger(data.firstDay) ? data.firstDay : null;
}

/**
 * Creates one instance's known-caller memory on `store` (the throttle's Sync Maps). A warm
 * instance remembers what it read or wrote per caller, so a returning caller costs no request
 * once it is known, and a stranger costs one read per UTC day.
 *
 * @example
 * const known = createKnownCallerMemory({ store, secret });
 * await known.noteAdmitted('+447700900123', now, 60 * 86_400); // 'created'
 * await known.isKnown('+447700900123', now + 86_400_000); // true: admitted the day before
 */
export function createKnownCallerMemory({ store, secret, maxEntries = MAX_REMEMBERED_CALLERS }: KnownCallerMemoryOptions): KnownCallerMemory {
  const views = new Map<string, RecordView>();
  const remember = (key: string, view: RecordView) => {
    views.delete(key);
    if (views.size >= maxEntries) views.delete(views.keys().next().value as string);
    views.set(key, view);
  };
  const keyOf = (e164: string) => subjectKey(KNOWN_CALLER_KEY_PREFIX, e164, secret);
  let reserveHeldUntil = 0;

  return {
    async isKnown(e164, now) {
      const key = keyOf(e164);
      const view = views.get(key);
      if (view?.kind === 'exists' && view.firstDay !== null) return isKnownSince(view.firstDay, now);
      if (view?.kind === 'absent' && view.absentOn === utcDay(now)) return false;
      try {
        const item = await store.get(key);
        const firstDay = item ? firstDayOf(item.data) : null;
        remember(key, item ? { kind: 'exists', firstDay } : { kind: 'absent', absentOn: utcDay(now) });
        return firstDay !== null && isKnownSince(firstDay, now);
      } catch {
        // A failed read is a stranger: the fair share holds the caller as it would without the memory.
        return false;
      }
    },
    async noteAdmitted(e164, now, ttlSec) {
      const key = keyOf(e164);
      if (views.get(key)?.kind === 'exists') return 'already_recorded';
      const firstDay = utcDay(now);
      try {
        const written = await store.create(key, { firstDay }, ttlSec);
        if (written.ok) {
          remember(key, { kind: 'exists', firstDay });
          return 'created';
        }
        remember(key, { kind: 'exists', firstDay: null });
        return 'exists';
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
