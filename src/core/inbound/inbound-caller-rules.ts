import { compilePrefixMatcher } from '../phone/prefix-matcher';
import type { AnonymousCallers, Policy } from '../policy/parse-policy';

/** The policy file's `inbound` section, compiled for per-call use. */
export interface InboundCallerRules {
  /** The `inbound.deny` entry that refuses this caller (`inbound.deny.prefixes[+4479112]`), or null. */
  denies(e164: string): string | null;
  anonymous: AnonymousCallers;
}

const compiled = new WeakMap<Policy['inbound'], InboundCallerRules>();

/**
 * Compiles `inbound.deny` (exact numbers into a set, prefixes into a longest-match table) once
 * per loaded policy: `loadPolicy` returns the same object while the file is unchanged, so a warm
 * instance compiles it once.
 *
 * @example
 * inboundCallerRules(policy).denies('+447911123456') // 'inbound.deny.numbers' when listed
 */
export function inboundCallerRules(policy: Pick<Policy, 'inbound'>): InboundCallerRules {
  const section = policy.inbound;
  const known = compiled.get(section);
  if (known) return known;
  const numbers = new Set(section.deny.numbers);
  const matchPrefix = compilePrefixMatcher({ allow: [], deny: section.deny.prefixes });
  const rules: InboundCallerRules = {
    denies(e164) {
      if (numbers.has(e164)) return 'inbound.deny.numbers';
      const prefix = matchPrefix(e164);
      return prefix ? `inbound.deny.prefixes[${prefix.prefix}]` : null;
    },
    anonymous: section.anonymous,
  };
  compiled.set(section, rules);
  return rules;
}
