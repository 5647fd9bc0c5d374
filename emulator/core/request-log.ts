import { BoundedList } from './bounded-list';
import { MAX_LOG_ENTRIES } from './limits';

/** One API round trip as the log records it. */
export interface RequestLogEntry {
  method: string;
  /** The normalised route name, e.g. `POST /sync/v1/Services/:svc/Maps/:map/Items`. */
  route: string;
  /** The request path as sent (no query string). */
  path: string;
  /** HTTP status answered; 0 when no response was sent (hang or reset fault, client gone). */
  status: number;
  /** Milliseconds from request arrival to response end or connection close. */
  ms: number;
}

/** The control API's view of the log. */
export interface RequestLogSnapshot {
  total: number;
  byRoute: Record<string, number>;
  /** Exact counts per HTTP status answered (`"429": 12`); `"0"` counts requests never answered. */
  byStatus: Record<string, number>;
  entries: RequestLogEntry[];
}

/**
 * Counts API round trips per route so tests and benchmarks can assert how many requests a code
 * path made. Counts are exact; only the last MAX_LOG_ENTRIES entries are kept. Control API calls
 * are not logged.
 */
export class RequestLog {
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private readonly entries = new BoundedList<RequestLogEntry>(MAX_LOG_ENTRIES);

  record(entry: RequestLogEntry): void {
    this.total += 1;
    this.byRoute.set(entry.route, (this.byRoute.get(entry.route) ?? 0) + 1);
    this.byStatus.set(String(entry.status), (this.byStatus.get(String(entry.status)) ?? 0) + 1);
    this.entries.push(entry);
  }

  snapshot(): RequestLogSnapshot {
    return { total: this.total, byRoute: Object.fromEntries(this.byRoute), byStatus: Object.fromEntries(this.byStatus), entries: this.entries.toArray() };
  }

  reset(): void {
    this.total = 0;
    this.byRoute = new Map();
    this.byStatus = new Map();
    this.entries.clear();
  }
}
