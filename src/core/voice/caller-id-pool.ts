import { createHash } from 'node:crypto';

/**
 * The caller ids to try for one destination, in order: the first is picked by a hash of the
 * destination, so a person always sees calls from the same number of the pool (recognised,
 * answered, and callable back), and a pool's calls spread evenly over its numbers; the second is
 * the next number of the pool, for the one retry after a failed create. A pool of one number has
 * nothing to retry with.
 *
 * @example
 * callerIdOrder(['+14155552671', '+14155552672'], '+447911123456') // e.g. ['+14155552672', '+14155552671']
 */
export function callerIdOrder(pool: readonly string[], destination: string): string[] {
  if (pool.length === 0) return [];
  const first = createHash('sha256').update(destination, 'utf8').digest().readUInt32BE(0) % pool.length;
  return pool.length === 1 ? [pool[first]] : [pool[first], pool[(first + 1) % pool.length]];
}
