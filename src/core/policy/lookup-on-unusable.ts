/**
 * What a Lookup answer that cannot judge the number means (`lookup.onUnusable`): `refuse`, or
 * `free-checks` (the free checks' decision stands, as if Lookup had not been asked).
 */
export type LookupOnUnusable = 'refuse' | 'free-checks';
export const LOOKUP_ON_UNUSABLE: readonly LookupOnUnusable[] = ['refuse', 'free-checks'];
