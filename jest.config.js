/**
 * Jest runs TypeScript through SWC (transpile only; `tsc --noEmit` in `npm run build` does the
 * type-checking), which keeps a full run fast on a 2-core machine.
 *
 * One test file at a time by default: the integration and reliability files each run an emulator
 * and the code under test in one process and assert time budgets (store timeouts, deadlines,
 * flood limits); two such files competing for 2 cores made them flaky. `JEST_WORKERS=2` runs two
 * at once for a quicker local pass.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  testTimeout: 30000,
  maxWorkers: Number(process.env.JEST_WORKERS ?? 1),
};
