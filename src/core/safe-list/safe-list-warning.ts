import { parsePhone, type LineType } from '../phone/parse-phone';

/** Line types whose calls and messages earn the number's operator money: a pumper's own numbers. */
const REVENUE_SHARING_TYPES: ReadonlySet<LineType> = new Set(['PREMIUM_RATE', 'SHARED_COST']);

/**
 * What an operator should hear before safe-listing a number: a premium-rate or shared-cost number
 * earns its operator a share of every code sent to it, which is the whole business of SMS
 * pumping, so a "stuck customer" on such a number is more likely the fraud itself. `undefined`
 * when there is nothing to warn about.
 *
 * @example
 * safeListWarning('+449061234567') // 'is a premium-rate number: ...'
 */
export function safeListWarning(e164: string): string | undefined {
  const parsed = parsePhone(e164);
  if (!parsed.ok || !REVENUE_SHARING_TYPES.has(parsed.type)) return undefined;
  const kind = parsed.type === 'PREMIUM_RATE' ? 'premium-rate' : 'shared-cost';
  return `is a ${kind} number: every code sent to it earns its operator money, which is what SMS pumping is after. Safe-list it only if you know its owner, and give it a short --for`;
}
