/**
 * `npm run test:coverage`: the whole suite with coverage of the app's TypeScript. jest-light-runner (jest.config.js)
 * reports none, so this runs Jest's default runner, as Stryker does (slower: each file loads cdktf again).
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  runner: 'jest-runner',
  setupFiles: [],
  coverageProvider: 'v8',
  collectCoverageFrom: ['config/**/*.ts', 'constructs/**/*.ts', 'stacks/**/*.ts', 'policy/**/*.ts', 'scripts/**/*.ts', 'main.ts'],
  coverageReporters: ['text-summary', 'html'],
};
