import {
  readWindowLog,
  resolveSubject,
  shardCountOf,
  shardKey,
  shardWindows,
  subjectKey,
  windowLogSize,
  type SyncStore,
  type ThrottleRuleSets,
  type ThrottleSubject,
} from '../src/core/throttle';

/**
 * How many admissions a rule set's log holds for a subject, summed over its shards: what a bench
 * compares with the decisions it saw admitted (fewer stored than admitted is an over-admission).
 */
export async function storedAdmissions(
  ruleSets: ThrottleRuleSets,
  store: SyncStore,
  options: { rule: string; subject: ThrottleSubject; secret: string; storeShards: number },
): Promise<number> {
  const ruleSet = ruleSets.get(options.rule);
  if (!ruleSet) throw new Error(`no rule set ${options.rule}`);
  const resolved = resolveSubject(ruleSet.subject, options.subject);
  if (!resolved.ok) throw new Error(`subject for ${options.rule}: ${resolved.reason}`);
  const key = subjectKey(ruleSet.name, resolved.value, options.secret);
  const count = shardCountOf(ruleSet, options.storeShards);
  const sizes = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const item = await store.get(shardKey(key, count, index));
      const windows = shardWindows(ruleSet.windows, count, index);
      const log = readWindowLog(ruleSet, windows, item ? item.data : null);
      return log ? windowLogSize(log, windows) : 0;
    }),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}
