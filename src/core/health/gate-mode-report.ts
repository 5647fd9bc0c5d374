import type twilio from 'twilio';
import { createGateModeReader, createSyncGateModeStore, type GateModeReader } from '../gate-mode';

/** The gate mode as `/health` shows it: the mode, where the answer came from, and the document's facts. */
export interface GateModeReport {
  mode: string;
  source: string;
  since?: string;
  until?: string | null;
  by?: string;
}

/**
 * Reads the gate mode for `/health` through a per-instance reader per deployment key, with the
 * gate's own 5 s cache (only `checks=all`, with the app token, asks). The reason is not shown:
 * it is the operator's free text.
 */
export class GateModeReports {
  private readers = new Map<string, GateModeReader>();

  async report(key: string, client: () => Pick<twilio.Twilio, 'sync'>, serviceSid: string | undefined): Promise<GateModeReport> {
    let reader = this.readers.get(key);
    if (!reader) {
      reader = createGateModeReader({ store: createSyncGateModeStore({ client: client(), serviceSid }) });
      this.readers.set(key, reader);
    }
    const state = await reader.current();
    const { document } = state;
    return {
      mode: state.mode,
      source: state.source,
      ...(document && state.mode !== 'normal'
        ? { since: new Date(document.since).toISOString(), until: document.until === null ? null : new Date(document.until).toISOString(), by: document.by }
        : {}),
    };
  }
}
