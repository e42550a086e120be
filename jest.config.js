/** Transpile only (tsconfig isolatedModules): `npm run typecheck` is the one type-check. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
};
