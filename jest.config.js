/** Transpile only (tsconfig isolatedModules): `npm run typecheck` is the one type-check. */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker fewer than the cores: a single worker on our 2-core machines.
  maxWorkers: '100%',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Stryker's sandboxes hold a copy of test/: never run those.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/', '<rootDir>/reports/'],
  transform: { '^.+\\.ts$': '<rootDir>/test/transform.cjs' },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
};
