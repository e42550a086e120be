/**
 * Transpile only (tsconfig isolatedModules): `npm run typecheck` is the one type-check.
 *
 * jest-light-runner runs the test files in worker threads without Jest's per-file sandbox, so cdktf, the providers and
 * the stacks load once per worker instead of once per file (the stack suites went from 8.6 s to 1.4 s of serial time
 * here). What it gives up, and what stands in: module mocks, spies, fake timers, assertion counts and per-file isolation
 * of globals (none used; test/suites.test.ts keeps it so), a failure for a promise nobody awaits (eslint's
 * no-floating-promises), per-test timeouts (a watchdog for the whole run, test/global-setup.ts) and coverage
 * (`npm run test:coverage`, Jest's default runner). Test files and what they require are transpiled by scripts/register.cjs
 * (test/register.mjs); the transform below serves globalSetup and globalTeardown, which Jest itself loads, and Stryker,
 * which runs Jest's default runner (jest.default-runner.config.cjs).
 */
module.exports = {
  runner: 'jest-light-runner',
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores: a single worker on our 2-core machines.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Stryker's sandboxes hold a copy of test/: never run those. The integration suites (test/*.integration.test.ts: the
  // app, the Task wrappers and the GitLab pipeline, run whole as people and CI run them) are `npm run test:all`'s
  // (jest.all.config.cjs): `npm test` is the loop run on every change.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/', '<rootDir>/reports/', '\\.integration\\.test\\.ts$'],
  transform: { '^.+\\.ts$': '<rootDir>/test/transform.cjs' },
  setupFiles: ['<rootDir>/test/register.mjs'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
