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
 *   update or delete, as if another writer got there first;
 * - `502-after-handling`: the request is carried out (a call or message is created), then answered
 *   with a 502 gateway page instead of the result, as when a proxy loses Twilio's answer: the
 *   client sees a failure although the resource exists;
 * - `twilio-error`: a Twilio error body with the given `status` and `code` (e.g. 403 / 21215, a
 *   call refused by Geo Permissions), for errors that depend on account state the emulator does
 *   not model.
 */
export type FaultKind = '429' | '500-html' | '502-after-handling' | 'hang' | 'reset' | 'conflict' | 'twilio-error';

export const FAULT_KINDS: readonly FaultKind[] = ['429', '500-html', '502-after-handling', 'hang', 'reset', 'conflict', 'twilio-error'];

/** A fault as registered through the control API. */
export interface FaultSpec {
  route: string;
  kind: FaultKind;
  /** How many matching requests fail; default 1. */
  count?: number;
  /** `twilio-error` only (and required there): the HTTP status, 400 to 599. */
  status?: number;
  /** `twilio-error` only (and required there): the Twilio error code, 10000 to 99999. */
  code?: number;
  /**
   * Form parameters the request must carry, all of them, for the fault to fire (e.g.
   * `{ "From": "+14155552671" }`: only calls from that caller id fail). Other requests skip the
   * fault without consuming it.
   */
  params?: Record<string, string>;
}

/** A registered fault and how many firings remain. */
export interface FaultView {
  id: number;
  route: string;
  kind: FaultKind;
  remaining: number;
  status?: number;
  code?: number;
  params?: Record<string, string>;
}

/** What a request that drew a fault must answer. */
export interface FiredFault {
  kind: FaultKind;
  /** Set for `twilio-error`. */
  status?: number;
  code?: number;
}

interface Fault extends FaultView {
  selector: RouteSelector;
}

function paramsMatch(wanted: Record<string, string> | undefined, form: URLSearchParams | undefined): boolean {
  if (!wanted) return true;
  if (!form) return false;
  return Object.entries(wanted).every(([name, value]) => form.get(name) === value);
}

/** Largest `count` accepted, so "always" can be expressed without an unbounded counter. */
export const MAX_FAULT_COUNT = 1_000_000;
/** Most form parameters one fault may filter on. */
export const MAX_FAULT_PARAMS = 10;

function validateTwilioError(spec: FaultSpec): void {
  if (spec.kind === 'twilio-error') {
    if (!Number.isInteger(spec.status) || (spec.status as number) < 400 || (spec.status as number) > 599) {
      throw new Error('a "twilio-error" fault needs status, a whole number from 400 to 599');
    }
    if (!Number.isInteger(spec.code) || (spec.code as number) < 10000 || (spec.code as number) > 99999) {
      throw new Error('a "twilio-error" fault needs code, a Twilio error code from 10000 to 99999 (e.g. 21215)');
    }
  } else if (spec.status !== undefined || spec.code !== undefined) {
    throw new Error('status and code apply only to kind "twilio-error"');
  }
}

function validateParams(params: unknown): Record<string, string> | undefined {
  if (params === undefined) return undefined;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new Error('params must be an object of form parameter names to values, e.g. { "From": "+14155552671" }');
  }
  const entries = Object.entries(params);
  if (entries.length === 0 || entries.length > MAX_FAULT_PARAMS) throw new Error(`params must name 1 to ${MAX_FAULT_PARAMS} form parameters`);
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new Error(`params.${name} must be a string`);
  }
  return { ...(params as Record<string, string>) };
}

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
    validateTwilioError(spec);
    const params = validateParams(spec.params);
    if (this.faults.length >= MAX_FAULTS) {
      throw new Error(`at most ${MAX_FAULTS} faults can be registered; DELETE /__emulator/faults first`);
    }
    const selector = compileRouteSelector(spec.route);
    const fault: Fault = { id: this.nextId, route: spec.route, kind: spec.kind, remaining: count, selector };
    if (spec.kind === 'twilio-error') {
      fault.status = spec.status;
      fault.code = spec.code;
    }
    if (params) fault.params = params;
    this.nextId += 1;
    this.faults.push(fault);
    return this.view(fault);
  }

  /**
   * Consumes and returns the fault for this request, if any. `applies` says whether a kind makes
   * sense for the request (a `conflict` only does on Sync Map Item writes); faults that do not
   * apply, or whose `params` the request's `form` does not carry, are skipped without being
   * consumed.
   */
  take(method: string, path: string, applies: (kind: FaultKind) => boolean, form?: URLSearchParams): FiredFault | null {
    for (const fault of this.faults) {
      if (fault.remaining <= 0 || !fault.selector.matches(method, path) || !applies(fault.kind) || !paramsMatch(fault.params, form)) continue;
      fault.remaining -= 1;
      if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
      return fault.kind === 'twilio-error' ? { kind: fault.kind, status: fault.status, code: fault.code } : { kind: fault.kind };
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
    const view: FaultView = { id: fault.id, route: fault.route, kind: fault.kind, remaining: fault.remaining };
    if (fault.status !== undefined) view.status = fault.status;
    if (fault.code !== undefined) view.code = fault.code;
    if (fault.params) view.params = { ...fault.params };
    return view;
  }
}
