/**
 * Every suite: jest.config.js (`npm test`) and the integration suites it leaves out, test/*.integration.test.ts, which
 * run the app, the Task wrappers and the GitLab pipeline whole, as people and CI run them, each case starting
 * processes of its own (`npm run test:all`, CI; README, Test).
 */
const base = require('./jest.config.js');

module.exports = {
  ...base,
  testPathIgnorePatterns: base.testPathIgnorePatterns.filter((pattern) => !pattern.includes('integration')),
};
