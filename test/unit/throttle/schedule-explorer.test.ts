import { runSchedule } from './explorer/run-schedule';

/** Schedules explored by `npm test`; more with THROTTLE_EXPLORER_SCHEDULES (and a different start with THROTTLE_EXPLORER_SEED). */
const SCHEDULES = Number(process.env.THROTTLE_EXPLORER_SCHEDULES ?? 10_000);
const FIRST_SEED = Number(process.env.THROTTLE_EXPLORER_SEED ?? 1);

// Proof by exploration (issue 12): every seeded interleaving of concurrent decisions, rule sets,
// out-of-order veto answers and store faults must keep the throttle's promises.
describe('throttle schedule explorer', () => {
  it(`keeps every invariant over ${SCHEDULES} seeded schedules`, async () => {
    const failures: string[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SCHEDULES && failures.length < 5; seed++) {
      const { shape, violations } = await runSchedule(seed);
      if (violations.length > 0) failures.push(`seed ${seed} ${JSON.stringify(shape)}:\n  ${violations.join('\n  ')}`);
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
