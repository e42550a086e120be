// @ts-check
import base from './stryker.config.mjs';

/**
 * `npm run mutate:all`: constructs/ and stacks/, which the tests synthesize inside `describe` bodies.
 * Per-test coverage never sees a mutant run there, so every mutant runs the tests of the files that import it
 * ('all'). The snapshot tests are left out: the score counts what the named assertions catch, not a snapshot diff.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  jest: {
    ...base.jest,
    config: {
      testNamePattern: '^(?!.* matches the snapshot$)',
      // Every source folder in the module map, so that Jest finds the tests a mutant can reach (test → helpers → stacks → constructs).
      roots: ['<rootDir>/test', '<rootDir>/config', '<rootDir>/constructs', '<rootDir>/stacks'],
    },
  },
  mutate: ['constructs/**/*.ts', 'stacks/**/*.ts'],
  coverageAnalysis: 'all',
  thresholds: { high: 90, low: 80, break: 70 },
  htmlReporter: { fileName: 'reports/mutation/all.html' },
  jsonReporter: { fileName: 'reports/mutation/all.json' },
  incrementalFile: 'reports/stryker-incremental-all.json',
};
