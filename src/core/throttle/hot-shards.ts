import type { ThrottleRuleSet, ThrottleWindow } from './rules';

/** Separates a sharded key's hashed subject from its shard number: `<rule>:<hash>~<shard>`. */
const SHARD_SEPARATOR = '~';
const SHARD_SUFFIX = /~(\d{1,3})$/;

/**
 * How many items a rule set's subject is spread over, given how many Maps the store has (`all`
 * means one per Map). Never more than its smallest limit, so every shard admits at least one.
 */
export function shardCountOf(ruleSet: ThrottleRuleSet, storeShards: number): number {
  const wanted = ruleSet.shards === 'all' ? storeShards : ruleSet.shards;
  return Math.max(1, Math.min(wanted, ...ruleSet.windows.map((window) => window.limit)));
}

/**
 * Shard `index`'s part of `windows` split over `count` shards: the limit divided evenly, the
 * remainder to the first shards, so the shards' limits add up to exactly the rule set's.
 *
 * @example
 * shardWindows([{ limit: 10, per: '1m', windowMs: 60000 }], 3, 0) // limit 4 (then 3 and 3)
 */
export function shardWindows(windows: readonly ThrottleWindow[], count: number, index: number): ThrottleWindow[] {
  if (count === 1) return [...windows];
  return windows.map((window) => ({ ...window, limit: Math.max(1, Math.floor(window.limit / count) + (index < window.limit % count ? 1 : 0)) }));
}

/** The store key of shard `index` of a hashed subject key (the key itself when not sharded). */
export function shardKey(key: string, count: number, index: number): string {
  return count === 1 ? key : `${key}${SHARD_SEPARATOR}${index}`;
}

/** The shard number a key names, if it is a shard key; a store places shard i in Map i mod K. */
export function shardIndexOfKey(key: string): number | undefined {
  const match = SHARD_SUFFIX.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** A random shard other than those `tried`, or `undefined` when every one was tried. */
export function pickShard(count: number, tried: readonly number[], random: () => number): number | undefined {
  const left = Array.from({ length: count }, (_, index) => index).filter((index) => !tried.includes(index));
  return left.length === 0 ? undefined : left[Math.floor(random() * left.length)];
}
