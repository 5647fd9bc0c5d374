import { MAX_LATENCY_MS, MAX_LATENCY_RULES } from './limits';
import { compileRouteSelector, type RouteSelector } from './route-selector';

/** Injected latency: a fixed delay, or a uniform random delay in [minMs, maxMs]. */
export type LatencySpec = ({ fixedMs: number } | { minMs: number; maxMs: number }) & {
  /** Route selector (see route-selector.ts); without it the rule applies to every API request. */
  route?: string;
};

/** A registered latency rule. */
export interface LatencyView {
  route: string | null;
  minMs: number;
  maxMs: number;
}

interface LatencyRule extends LatencyView {
  selector: RouteSelector | null;
}

function checkMs(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_LATENCY_MS) {
    throw new Error(`${name} must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}`);
  }
  return value;
}

/**
 * Latency rules. The most recently set rule whose route matches decides the delay; a rule without
 * a route is the default. Setting a rule for the same route (or the default) again replaces it.
 */
export class LatencyRules {
  private rules: LatencyRule[] = [];

  /** Adds or replaces a rule; throws an Error with a readable message on bad input. */
  set(spec: LatencySpec): LatencyView {
    let minMs: number;
    let maxMs: number;
    if ('fixedMs' in spec && spec.fixedMs !== undefined) {
      minMs = checkMs('fixedMs', spec.fixedMs);
      maxMs = minMs;
    } else if ('minMs' in spec) {
      minMs = checkMs('minMs', spec.minMs);
      maxMs = checkMs('maxMs', (spec as { maxMs?: unknown }).maxMs);
      if (maxMs < minMs) throw new Error('maxMs must not be below minMs');
    } else {
      throw new Error('give either { fixedMs } or { minMs, maxMs }');
    }
    const route = spec.route ?? null;
    const selector = route === null ? null : compileRouteSelector(route);
    const remaining = this.rules.filter((rule) => rule.route !== route);
    if (remaining.length >= MAX_LATENCY_RULES) {
      throw new Error(`at most ${MAX_LATENCY_RULES} latency rules; DELETE /__emulator/latency first`);
    }
    const rule: LatencyRule = { route, minMs, maxMs, selector };
    this.rules = [...remaining, rule];
    return { route, minMs, maxMs };
  }

  /** Milliseconds to delay this request (0 when no rule matches). */
  delayFor(method: string, path: string): number {
    for (let i = this.rules.length - 1; i >= 0; i -= 1) {
      const rule = this.rules[i];
      if (rule.selector && !rule.selector.matches(method, path)) continue;
      if (!rule.selector && this.rules.some((r) => r.selector?.matches(method, path))) continue;
      return rule.minMs + Math.floor(Math.random() * (rule.maxMs - rule.minMs + 1));
    }
    return 0;
  }

  list(): LatencyView[] {
    return this.rules.map(({ route, minMs, maxMs }) => ({ route, minMs, maxMs }));
  }

  clear(): void {
    this.rules = [];
  }
}
