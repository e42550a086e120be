// @ts-check
/**
 * `npm run mutate`: do config/'s own tests (test/config*.test.ts) kill every mutant of config/? Stryker's `testFiles`
 * idea, done with Jest's testMatch. With the whole suite every mutant would synthesize every stack: over half an hour here.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'jest',
  // config/'s tests read no synthesized stack: no shared synth (test/global-setup.ts) for every mutant.
  jest: {
    // Stryker activates mutants through its own Jest environment, which only Jest's default runner loads.
    configFile: 'jest.default-runner.config.cjs',
    config: { testMatch: ['**/test/config*.test.ts'], globalSetup: null, globalTeardown: null },
  },
  // dev.ts and prod.ts are the user's data, not logic; types.ts compiles to nothing.
  mutate: ['config/**/*.ts', '!config/dev.ts', '!config/prod.ts', '!config/types.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  thresholds: { high: 98, low: 95, break: 95 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  clearTextReporter: { allowColor: false, reportTests: false },
  htmlReporter: { fileName: 'reports/mutation/config.html' },
  jsonReporter: { fileName: 'reports/mutation/config.json' },
  incrementalFile: 'reports/stryker-incremental-config.json',
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['cdktf.out', 'coverage', 'reports'],
};
