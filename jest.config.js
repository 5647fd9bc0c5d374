/**
 * Jest runs TypeScript through SWC (transpile only; `tsc --noEmit` in `npm run build` does the
 * type-checking), which keeps a full run fast on a 2-core machine.
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
  maxWorkers: 2,
};
