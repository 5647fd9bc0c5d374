import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The dashboard's page is rebuilt at most this often (and the page reloads itself as often). */
export const SERVE_REFRESH_MS = 60_000;

/**
 * The served page and when it was built; one build at a time, shared by the requests that wait
 * for it. Credentials stay in this process: the browser only ever gets the finished HTML.
 */
export class ReportPageCache {
  private page: string | undefined;
  private builtAt = Number.NEGATIVE_INFINITY;
  private building: Promise<string> | undefined;

  constructor(
    private readonly build: () => Promise<string>,
    private readonly now: () => number = Date.now,
  ) {}

  current(): Promise<string> {
    if (this.page !== undefined && this.now() - this.builtAt < SERVE_REFRESH_MS) return Promise.resolve(this.page);
    this.building ??= this.build().then(
      (page) => {
        this.page = page;
        this.builtAt = this.now();
        this.building = undefined;
        return page;
      },
      (error: unknown) => {
        this.building = undefined;
        throw error;
      },
    );
    return this.building;
  }
}

/** Host headers the dashboard answers: its own loopback address (a DNS-rebinding page gets 403). */
function allowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/**
 * Serves the report page on 127.0.0.1 at `/`; every other path is 404, other methods 405.
 *
 * @example
 * const server = await serveReport(new ReportPageCache(buildPage), 4141);
 */
export async function serveReport(cache: ReportPageCache, port: number, onError: (error: unknown) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const { port: own } = server.address() as AddressInfo;
    if (!allowedHost(req.headers.host, own)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('forbidden: open the dashboard at its 127.0.0.1 address\n');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/' && path !== '/index.html') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    cache.current().then(
      (page) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : page),
      (error: unknown) => {
        onError(error);
        res.writeHead(502, { 'Content-Type': 'text/plain' }).end('the report could not be built; see the terminal\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}
