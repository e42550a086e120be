// @ts-check
import { readdirSync } from 'node:fs';
import base from './stryker.config.mjs';
import { sampledRanges } from './scripts/mutate-sample.mjs';

const FILES = ['constructs', 'stacks'].flatMap((dir) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => `${dir}/${file}`),
);
// MUTATE_SAMPLE=N: a seeded random N of the mutants (MUTATE_SEED, default 1); the whole set takes hours here.
const sample = Number(process.env.MUTATE_SAMPLE ?? 0);
// MUTATE_SNAPSHOTS=1 keeps the snapshot tests, to measure what they add.
const snapshots = process.env.MUTATE_SNAPSHOTS === '1';

/**
 * `npm run mutate:all`: constructs/ and stacks/, which the tests synthesize inside `describe` bodies. Per-test coverage
 * never sees a mutant run there, and 'all' misses what only the spawned synths run (addContexts), so coverage is 'off':
 * every mutant runs every test file that imports it. The snapshot tests are left out: the score counts what the named
 * assertions catch, not a snapshot diff.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  ...base,
  jest: {
    ...base.jest,
    config: {
      // Also left out: the synth test that breaks rules by editing source text, which Stryker has instrumented.
      testNamePattern: snapshots
        ? '^(?!npm run synth fails on a broken security rule)'
        : '^(?!.* matches the snapshot$)(?!npm run synth fails on a broken security rule)',
      // Every source folder in the module map, so that Jest finds the tests a mutant can reach (test → helpers → stacks → constructs).
      roots: ['<rootDir>/test', '<rootDir>/config', '<rootDir>/constructs', '<rootDir>/stacks'],
    },
  },
  mutate: sample > 0 ? await sampledRanges(FILES, sample, Number(process.env.MUTATE_SEED ?? 1)) : FILES,
  coverageAnalysis: 'off',
  // Net test time leaves out the synths in describe bodies and child processes: with the default 5 s on top, a mutant
  // no test notices could still time out, and Stryker counts a timeout as detected.
  timeoutMS: 60000,
  // A Jest worker slows down over dozens of runs of every stack; fresh workers turn spurious timeouts into real results.
  maxTestRunnerReuse: 10,
  // 67.6% when this was set: the named assertions of constructs/ leave much to the snapshots (README, Test).
  thresholds: { high: 80, low: 70, break: 65 },
  htmlReporter: { fileName: 'reports/mutation/all.html' },
  jsonReporter: { fileName: 'reports/mutation/all.json' },
  incrementalFile: 'reports/stryker-incremental-all.json',
};
