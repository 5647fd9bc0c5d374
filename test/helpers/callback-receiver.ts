import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedPerFile } from './shared-per-file';

/** A request the receiver got: method, full URL as Twilio signs it, headers and form fields. */
export interface ReceivedCallback {
  method: string;
  url: string;
  signature: string | undefined;
  params: Record<string, string>;
}

/** A local HTTP server on 127.0.0.1 (ephemeral port) that records every request and answers 200. */
export interface CallbackReceiver {
  /** Base URL, e.g. `http://127.0.0.1:53121`. */
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}

export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = req.headers['x-twilio-signature'];
      received.push({
        method: req.method ?? 'GET',
        url: `${base}${req.url ?? '/'}`,
        signature: typeof signature === 'string' ? signature : undefined,
        params: Object.fromEntries(new URLSearchParams(body)),
      });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The receiver a test file shares: started once (`beforeAll`), closed after the file, and
 * emptied before each test so a test sees only the callbacks it caused.
 */
export function useCallbackReceiver(): CallbackReceiver {
  const current = sharedPerFile<CallbackReceiver>({
    name: 'useCallbackReceiver',
    start: startCallbackReceiver,
    close: (receiver) => receiver.close(),
    beforeEachTest: (receiver) => {
      receiver.received.length = 0;
    },
  });
  return {
    get url() {
      return current().url;
    },
    get received() {
      return current().received;
    },
    close: () => current().close(),
  };
}
