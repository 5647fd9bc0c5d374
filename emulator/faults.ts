import { MAX_FAULTS } from './limits';
import { compileRouteSelector, type RouteSelector } from './route-selector';

/**
 * Injectable failures:
 * - `429`: Twilio's 429 (code 54009 on Sync routes, 20429 elsewhere);
 * - `500-html`: status 500 with an HTML body, as a failing proxy answers;
 * - `hang`: no answer until the client gives up, `POST /__emulator/reset`, `DELETE /__emulator/faults`
 *   or `close()` (which drop the connection);
 * - `reset`: the connection is reset without an answer;
 * - `conflict`: on Sync Map Item routes only, 409 / 54208 for a create and 412 / 54205 for an
 *   update or delete, as if another writer got there first.
 */
export type FaultKind = '429' | '500-html' | 'hang' | 'reset' | 'conflict';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500-html', 'hang', 'reset', 'conflict'];

/** A fault as registered through the control API. */
export interface FaultSpec {
  route: string;
  kind: FaultKind;
  /** How many matching requests fail; default 1. */
  count?: number;
}

/** A registered fault and how many firings remain. */
export interface FaultView {
  id: number;
  route: string;
  kind: FaultKind;
  remaining: number;
}

interface Fault extends FaultView {
  selector: RouteSelector;
}

/** Largest `count` accepted, so "always" can be expressed without an unbounded counter. */
export const MAX_FAULT_COUNT = 1_000_000;

/**
 * Registered faults, consumed in registration order: the first fault whose route matches and that
 * applies to the request fires and loses one from its count.
 */
export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  /** Registers a fault; throws an Error with a readable message on bad input. */
  add(spec: FaultSpec): FaultView {
    if (!FAULT_KINDS.includes(spec.kind)) {
      throw new Error(`kind must be one of ${FAULT_KINDS.map((k) => `"${k}"`).join(', ')}`);
    }
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > MAX_FAULT_COUNT) {
      throw new Error(`count must be a whole number from 1 to ${MAX_FAULT_COUNT}`);
    }
    if (this.faults.length >= MAX_FAULTS) {
      throw new Error(`at most ${MAX_FAULTS} faults can be registered; DELETE /__emulator/faults first`);
    }
    const selector = compileRouteSelector(spec.route);
    const fault: Fault = { id: this.nextId, route: spec.route, kind: spec.kind, remaining: count, selector };
    this.nextId += 1;
    this.faults.push(fault);
    return this.view(fault);
  }

  /**
   * Consumes and returns the fault for this request, if any. `applies` says whether a kind makes
   * sense for the request (a `conflict` only does on Sync Map Item writes); faults that do not
   * apply are skipped without being consumed.
   */
  take(method: string, path: string, applies: (kind: FaultKind) => boolean): FaultKind | null {
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || !fault.selector.matches(method, path) || !applies(fault.kind)) continue;
      fault.remaining -= 1;
      if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
      return fault.kind;
    }
    return null;
  }

  list(): FaultView[] {
    return this.faults.map((fault) => this.view(fault));
  }

  clear(): void {
    this.faults = [];
  }

  private view(fault: Fault): FaultView {
    return { id: fault.id, route: fault.route, kind: fault.kind, remaining: fault.remaining };
  }
}
