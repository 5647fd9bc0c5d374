import type { TrafficGroup } from './scenario';

/** What one traffic group did and what the gate let through, as the summary and `--json` report it. */
export interface GroupResult {
  name: string;
  kind: TrafficGroup['kind'];
  action: TrafficGroup['action'];
  /** Sessions: users (legit) or attack attempts started by the arrival process. */
  sessions: number;
  /** Gate requests that could cost money (starts, resends, retries, calls). */
  attempts: number;
  /** Codes sent through Verify, calls placed, or inbound calls admitted. */
  sends: number;
  /** Code checks made (verify only). */
  checks: number;
  /** Refused attempts and checks by rule or reason. */
  refusedBy: Record<string, number>;
  /** Legit only: sessions that meant to finish (would enter the code; every call). */
  intending?: number;
  /** Legit only: of those, the ones that verified (or were connected) within 10 minutes of their first attempt. */
  succeeded?: number;
  /** Legit only: succeeded / intending. */
  successRate?: number;
  /** Per simulated hour. */
  hourly: { attempts: number[]; sends: number[]; refused: number[] };
}

/** Counts one group's events into a `GroupResult`. */
export class GroupStats {
  readonly result: GroupResult;

  constructor(group: TrafficGroup, hours: number) {
    const zeros = () => new Array<number>(hours).fill(0);
    this.result = {
      name: group.name,
      kind: group.kind,
      action: group.action,
      sessions: 0,
      attempts: 0,
      sends: 0,
      checks: 0,
      refusedBy: {},
      ...(group.kind === 'legit' ? { intending: 0, succeeded: 0 } : {}),
      hourly: { attempts: zeros(), sends: zeros(), refused: zeros() },
    };
  }

  attempt(hour: number, passed: boolean, refusedBy: string | undefined): void {
    const { result } = this;
    result.attempts += 1;
    this.bump(result.hourly.attempts, hour);
    if (passed) {
      result.sends += 1;
      this.bump(result.hourly.sends, hour);
    } else {
      this.refused(hour, refusedBy);
    }
  }

  refused(hour: number, refusedBy: string | undefined): void {
    const key = refusedBy ?? 'unknown';
    this.result.refusedBy[key] = (this.result.refusedBy[key] ?? 0) + 1;
    this.bump(this.result.hourly.refused, hour);
  }

  /** The finished result: success rate computed, refusals sorted by name (stable JSON). */
  finish(): GroupResult {
    const { result } = this;
    const refusedBy = Object.fromEntries(Object.entries(result.refusedBy).sort(([a], [b]) => a.localeCompare(b)));
    const successRate = result.intending === undefined ? undefined : result.intending === 0 ? 1 : (result.succeeded ?? 0) / result.intending;
    return { ...result, refusedBy, ...(successRate === undefined ? {} : { successRate: Math.round(successRate * 10_000) / 10_000 }) };
  }

  private bump(series: number[], hour: number): void {
    if (hour >= 0 && hour < series.length) series[hour] += 1;
  }
}
