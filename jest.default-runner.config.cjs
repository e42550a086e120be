/**
 * The suite under Jest's default runner, for what jest-light-runner (jest.config.js) cannot give: Stryker, whose mutant
 * switching lives in a Jest environment (stryker.config.mjs), and coverage (`npm run test:coverage`). Every suite, the
 * integration ones included (jest.all.config.cjs). Slower: each file loads cdktf again. The coverage settings apply only
 * with --coverage.
 */
const base = require('./jest.all.config.cjs');

module.exports = {
  ...base,
  runner: 'jest-runner',
  setupFiles: [],
  coverageProvider: 'v8',
  collectCoverageFrom: ['config/**/*.ts', 'constructs/**/*.ts', 'stacks/**/*.ts', 'policy/**/*.ts', 'scripts/**/*.ts', 'main.ts'],
  coverageReporters: ['text-summary', 'html'],
};
