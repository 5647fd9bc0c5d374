/**
 * How early a sharded rule set refuses. A request tries a random shard and, when that one is full,
 * at most one other (`pickShard`), so a request can be refused while other shards still have
 * room. Replays that choice (the engine's own `pickShard` and `shardWindows`) for one window until
 * the first refusal, many times over, and reports how much of the limit had been admitted by then:
 * the worst and the median share over the trials. Sequential requests; concurrency adds nothing
 * here, since each shard's own limit is exact.
 */
import { pickShard, shardWindows, type ThrottleWindow } from '../src/core/throttle';
import { createRandom } from '../src/sim/random';
import { median } from './stats';

function admittedAtFirstRefusal(limit: number, shards: number, random: () => number): number {
  const window: ThrottleWindow = { limit, per: '10m', windowMs: 600_000 };
  const room = Array.from({ length: shards }, (_, index) => shardWindows([window], shards, index)[0].limit);
  let admitted = 0;
  for (;;) {
    const tried: number[] = [];
    let placed = false;
    for (let attempt = 0; attempt < 2 && !placed; attempt += 1) {
      const shard = pickShard(shards, tried, random);
      if (shard === undefined) break;
      tried.push(shard);
      if (room[shard] > 0) {
        room[shard] -= 1;
        placed = true;
      }
    }
    if (!placed) return admitted;
    admitted += 1;
  }
}

export interface EarlyRefusal {
  limit: number;
  shards: number;
  trials: number;
  /** Share of the limit admitted when the first request was refused: worst trial and median. */
  worstShare: number;
  medianShare: number;
}

export function measureEarlyRefusal(limit: number, shards: number, trials = 200): EarlyRefusal {
  const random = createRandom(20261204).next;
  const shares = Array.from({ length: trials }, () => admittedAtFirstRefusal(limit, shards, random) / limit);
  return { limit, shards, trials, worstShare: Math.min(...shares), medianShare: median(shares) };
}
