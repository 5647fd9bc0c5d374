import type twilio from 'twilio';
import {
  createNumberList,
  createNumberListStore,
  type NumberList,
  type NumberListCheck,
  type NumberListKind,
  type NumberListOptions,
  type NumberListStore,
  type PrefixNumberList,
} from '../number-list';

/** Sync Maps holding the deny list are named `gate-deny-0..15`. */
export const DENY_LIST_MAP_PREFIX = 'gate-deny';

/** The deny list: exact callers as `deny:<HMAC>` items, and ranges in the one `deny-prefixes` item. */
export const DENY_LIST: NumberListKind = { name: 'deny-list', numberKeyPrefix: 'deny:', prefixesKey: 'deny-prefixes' };

/**
 * The answer for one caller: `denied`, and the entry that matched (`deny-list.numbers`, or
 * `deny-list.prefixes[+4479112]`). Never a rejection: a failed read is `storeError` and the
 * inbound gates go on to their throttles.
 */
export type DenyCheck = Omit<NumberListCheck, 'listed'> & { denied: boolean };

/** The runtime deny list shared by the inbound gates (`gatekeeper deny`), and its admin operations. */
export interface DenyList extends Omit<NumberList, 'check'> {
  check(e164: string): Promise<DenyCheck>;
  /** The listed ranges alone (one cached read): what `voice/outbound` asks of a destination. */
  checkPrefixes: PrefixNumberList['checkPrefixes'];
}

export type DenyListOptions = Omit<NumberListOptions, 'kind'>;

/**
 * The deny list's store: the number-list store on the `gate-deny-*` Maps.
 *
 * @example
 * const store = createDenyListStore({ client }); // GET .../Maps/gate-deny-7/Items/deny:5c0f…
 */
export function createDenyListStore(options: { client: Pick<twilio.Twilio, 'sync'>; serviceSid?: string }): NumberListStore {
  return createNumberListStore({ ...options, mapPrefix: DENY_LIST_MAP_PREFIX });
}

/**
 * Creates the deny list (a number list taking numbers and prefixes, see `createNumberList`).
 *
 * @example
 * const denyList = createDenyList({ store: createDenyListStore({ client }), secret });
 * await denyList.add({ kind: 'prefix', prefix: '+4479112' }, { ttlSeconds: 3600 });
 * (await denyList.check('+447911234567')).denied // true
 */
export function createDenyList(options: DenyListOptions): DenyList {
  const list = createNumberList({ ...options, kind: DENY_LIST });
  return {
    ...list,
    async check(e164) {
      const { listed, ...rest } = await list.check(e164);
      return { denied: listed, ...rest };
    },
  };
}
