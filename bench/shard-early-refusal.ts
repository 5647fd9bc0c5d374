/**
 * How early a sharded rule set refuses. A request tries a random shard and, when that one is full,
 * at most one other (`pickShard`), so a request can be refused while other shards still have
 * room. Replays that choice (the engine's own `pickShard` and `shardWindows`) for one window until
 * the first refusal, many times over, and reports how much of the limit had been admitted by then:
 * the worst and the median share over the trials. Sequential requests; concurrency adds nothing
 * here, since each shard's own limit is exact.
 */
import { pickShard, shardWindows, type ThrottleWindow } from '../src/core/throttle';
import { median } from './stats';

/** A small seeded generator (mulberry32), so the figure is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
  const random = seeded(20261204);
  const shares = Array.from({ length: trials }, () => admittedAtFirstRefusal(limit, shards, random) / limit);
  return { limit, shards, trials, worstShare: Math.min(...shares), medianShare: median(shares) };
}
