export interface PrefixMatch {
  prefix: string;
  list: 'allow' | 'deny';
}

/**
 * Compiles allow and deny prefix lists once into a longest-match lookup: the longest prefix of
 * the number found in either list wins, and on equal length deny beats allow. Lookup costs one
 * map probe per possible prefix length (at most 16), whatever the size of the lists.
 *
 * @example
 * const match = compilePrefixMatcher({ allow: ['+3712'], deny: ['+371'] });
 * match('+37120123456') // { prefix: '+3712', list: 'allow' }
 */
export function compilePrefixMatcher(lists: { allow: readonly string[]; deny: readonly string[] }): (e164: string) => PrefixMatch | undefined {
  const table = new Map<string, 'allow' | 'deny'>();
  for (const prefix of lists.allow) table.set(prefix, 'allow');
  for (const prefix of lists.deny) table.set(prefix, 'deny');
  const lengths = [...new Set([...table.keys()].map((prefix) => prefix.length))].sort((a, b) => b - a);
  return (e164) => {
    for (const length of lengths) {
      if (length > e164.length) continue;
      const prefix = e164.slice(0, length);
      const list = table.get(prefix);
      if (list) return { prefix, list };
    }
    return undefined;
  };
}
