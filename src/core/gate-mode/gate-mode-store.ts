import type twilio from 'twilio';
import { StoreError } from '../throttle/store';
import { DEFAULT_SYNC_SERVICE, toStoreError } from '../throttle/sync-store';
import { classifyTwilioError } from '../twilio';
import { parseGateModeDocument, type GateModeDocument } from './gate-mode';

/** The Sync Document's unique name. One document for the whole gate, so every instance agrees. */
export const GATE_MODE_DOCUMENT = 'gate-mode';

/** Sync Document error codes this store branches on. */
export const SYNC_DOCUMENT_ERROR = {
  notFound: 54100,
  revisionMismatch: 54103,
  uniqueNameExists: 54301,
} as const;

/**
 * What a read found: the document, none at all, or something stored there that is not a valid
 * document (reported, so an operator can fix it; the gate treats it like no document).
 */
export type GateModeRead = { kind: 'document'; document: GateModeDocument } | { kind: 'absent' } | { kind: 'invalid' };

/** Where the mode lives. Failures reject with a `StoreError`. */
export interface GateModeStore {
  read(): Promise<GateModeRead>;
  /** Replaces the document (creating it on first use). Last writer wins: a mode is a command, not a counter. */
  write(document: GateModeDocument): Promise<void>;
}

export interface SyncGateModeStoreOptions {
  client: Pick<twilio.Twilio, 'sync'>;
  /** Sync service SID or `default`. Default `default`. */
  serviceSid?: string;
}

const hasCode = (error: unknown, code: number) => {
  const failure = classifyTwilioError(error);
  return failure.kind === 'api' && failure.code === code;
};

/**
 * Creates the mode's store on the Sync Document `gate-mode`. A Document rather than a Map item
 * because there is exactly one, read by every instance and written by people and webhooks; its
 * revision is not used, since the newest command must win.
 *
 * @example
 * const store = createSyncGateModeStore({ client });
 * await store.read(); // GET .../Documents/gate-mode
 */
export function createSyncGateModeStore(options: SyncGateModeStoreOptions): GateModeStore {
  const documents = () => options.client.sync.v1.services(options.serviceSid ?? DEFAULT_SYNC_SERVICE).documents;
  return {
    async read() {
      try {
        const found = await documents()(GATE_MODE_DOCUMENT).fetch();
        const document = parseGateModeDocument(found.data);
        return document === null ? { kind: 'invalid' } : { kind: 'document', document };
      } catch (error) {
        if (hasCode(error, SYNC_DOCUMENT_ERROR.notFound)) return { kind: 'absent' };
        throw toStoreError(error, 'gate mode read');
      }
    },
    async write(document) {
      const data = { ...document };
      try {
        await documents()(GATE_MODE_DOCUMENT).update({ data });
        return;
      } catch (error) {
        if (!hasCode(error, SYNC_DOCUMENT_ERROR.notFound)) throw toStoreError(error, 'gate mode write');
      }
      try {
        await documents().create({ uniqueName: GATE_MODE_DOCUMENT, data });
      } catch (error) {
        // Someone created it between our update and create: theirs is older than ours, replace it.
        if (!hasCode(error, SYNC_DOCUMENT_ERROR.uniqueNameExists)) throw toStoreError(error, 'gate mode write');
        try {
          await documents()(GATE_MODE_DOCUMENT).update({ data });
        } catch (retryError) {
          throw toStoreError(retryError, 'gate mode write');
        }
      }
    },
  };
}

/** A store kept in memory: for the simulator, tests and a gate without Sync. */
export function createMemoryGateModeStore(initial: GateModeDocument | null = null): GateModeStore & { failing: boolean } {
  let current = initial;
  const store = {
    failing: false,
    async read(): Promise<GateModeRead> {
      if (store.failing) throw new StoreError('unavailable', 'memory gate mode store is failing');
      return current === null ? { kind: 'absent' } : { kind: 'document', document: current };
    },
    async write(document: GateModeDocument) {
      if (store.failing) throw new StoreError('unavailable', 'memory gate mode store is failing');
      current = document;
    },
  };
  return store;
}
