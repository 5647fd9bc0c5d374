/**
 * The composition root: builds each warm instance's runtime (policy, throttle, stores, caches) and
 * the glue that hands it to the webhooks. Imported by the functions and the simulator (which the
 * CLI's `simulate` runs) only; nothing in `src/core` imports it (test/unit/layout/layering.test.ts holds that).
 */
export * from './gate-runtime';
export * from './voice-gate';
export * from './usage-alert-gate';
export * from './debugger-alert-gate';
