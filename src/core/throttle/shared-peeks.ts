import type { PeekResult } from './decision-types';
import type { ThrottleSubject } from './subject';
import type { Throttle } from './throttle';

/**
 * A view of `throttle` for the checks of one request, in which each log is peeked at most once:
 * the low-conversion rule and the unconverted-send budget of a range both judge on the range's
 * approvals (`verify-conversion-prefix`), and without this a busy range would cost a start the
 * same Sync read twice. A check asked again after a lost write race gets the first read's
 * answer; approvals only ever make these rules more lenient, so an answer a few milliseconds old
 * errs strict. Make one per request: the memory is the request's, never an instance's.
 *
 * @example
 * const shared = sharePeeks(runtime.throttle);
 * await Promise.all([shared.peek('verify-conversion-prefix', subject), shared.peek('verify-conversion-prefix', subject)]); // one read
 */
export function sharePeeks(throttle: Throttle): Throttle {
  const peeks = new Map<string, Promise<PeekResult>>();
  return {
    ruleSets: throttle.ruleSets,
    storeShards: throttle.storeShards,
    evaluate: (action, subject, options) => throttle.evaluate(action, subject, options),
    tally: (ruleName, subject) => throttle.tally(ruleName, subject),
    peek(ruleName: string, subject: ThrottleSubject) {
      const key = `${ruleName}\u0000${JSON.stringify(subject)}`;
      let read = peeks.get(key);
      if (!read) {
        read = throttle.peek(ruleName, subject);
        peeks.set(key, read);
      }
      return read;
    },
  };
}
