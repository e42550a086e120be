#!/usr/bin/env node
// npm run bench [-- --runs N] [--parts]: times synth, cdktf synth, the test suite and the type-check on this machine, and
// the same jobs of a cdktf-init reference app (scripts/bench-reference.cjs) in the same run, interleaved after one warm-up
// each. Suite and synth budgets are ratios to the reference, because absolute seconds differ between our machines.
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { referenceDir, referenceFiles, referenceVersions } = require('./bench-reference.cjs');

const root = join(__dirname, '..');
const MiB = 1024 * 1024;
const CDKTF = join(root, 'node_modules', '.bin', 'cdktf');
/**
 * `npm run test:all` against the reference's npm test: 1.38 to 1.44 in the runs here when set at 1.6, 1.47 to 1.63
 * with the IAM simulator suite (about 6 s alone, 2,500 decisions), hence 2.0 (README, Performance).
 */
const TEST_ALL_RATIO = 2.0;

/** The reference's jobs: what a `cdktf init` user runs. Its app command is `npx ts-node main.ts` (type-checking ts-node). */
const REFERENCES = [
  { name: 'reference cdktf synth', command: [CDKTF, 'synth'] },
  { name: 'reference npm test', command: ['npm', 'test', '--silent'], warmUp: ['npm', 'test', '--silent', '--', '--ci=false'] },
];

/**
 * Our jobs and their budgets: `ratio` of a reference job's median, or absolute `seconds`; `mib` for peak memory.
 * `npm test` is the loop people run on every change; `npm run test:all` adds the integration suites (the app, the Task
 * wrappers and the GitLab pipeline, run whole as people and CI run them), which CI runs on every push.
 */
const BENCHMARKS = [
  { name: 'npm run synth', command: ['npm', 'run', '-s', 'synth'], ratio: 0.1, of: 'reference cdktf synth', mib: 300 },
  { name: 'npx cdktf synth', command: ['npx', 'cdktf', 'synth'], seconds: 3.0 },
  { name: 'npm test', command: ['npm', 'test', '--silent'], ratio: 0.5, of: 'reference npm test' },
  { name: 'npm run test:all', command: ['npm', 'run', '-s', 'test:all'], ratio: TEST_ALL_RATIO, of: 'reference npm test' },
  // A whole check, as on a fresh clone: npm test's own check is incremental (tsconfig.json), and warm here.
  { name: 'type-check', command: ['npm', 'run', '-s', 'typecheck', '--', '--incremental', 'false'], seconds: 3.0 },
];

/** With --parts: each integration suite alone, as a share of the reference's npm test, without a verdict. */
const JEST = join(root, 'node_modules', '.bin', 'jest');
const INTEGRATION = {
  'the pipeline suite': 'pipeline.integration.test.ts',
  'the Task-wrapper suite': 'tasks.integration.test.ts',
  'the app-run suite': 'synth.integration.test.ts',
  'the IAM simulator suite': 'iam.integration.test.ts',
};
const PARTS = Object.entries(INTEGRATION).map(([name, file]) => ({
  name: `part: ${name}`,
  command: [JEST, '-c', 'jest.all.config.cjs', `test/${file}`],
  share: 'reference npm test',
}));

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One run: wall seconds, and peak resident memory of the largest process (through GNU time when installed). */
function runOnce(command, cwd = root, time = existsSync('/usr/bin/time')) {
  const argv = time ? ['/usr/bin/time', '-f', '%M', ...command] : command;
  const start = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { cwd, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0)
    throw new Error(`${command.join(' ')} failed (exit ${run.status}):\n${run.stdout.slice(-2000)}${run.stderr.slice(-2000)}`);
  const kib = time ? Number(run.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, bytes: kib * 1024 };
}

/** Median, range and verdict of one job's runs; `references` holds the reference medians a ratio budget divides by. */
function summarize(benchmark, runs, references = {}) {
  const seconds = runs.map((r) => r.seconds);
  const peak = Math.max(...runs.map((r) => r.bytes));
  const med = median(seconds);
  const fails = [];
  let ratio;
  let budget;
  if (benchmark.ratio !== undefined) {
    const reference = references[benchmark.of];
    if (reference === undefined) throw new Error(`${benchmark.name}: no median for ${benchmark.of}`);
    ratio = med / reference;
    budget = `≤ ${benchmark.ratio} × ${benchmark.of}`;
    if (ratio > benchmark.ratio) fails.push(`ratio ${ratio.toFixed(2)} > ${benchmark.ratio}`);
  } else if (benchmark.share !== undefined) {
    const reference = references[benchmark.share];
    if (reference === undefined) throw new Error(`${benchmark.name}: no median for ${benchmark.share}`);
    ratio = med / reference;
    budget = `share of ${benchmark.share}`;
  } else if (benchmark.seconds !== undefined) {
    budget = `≤ ${benchmark.seconds.toFixed(1)} s`;
    if (med > benchmark.seconds) fails.push(`median ${med.toFixed(2)} s > ${benchmark.seconds} s`);
  }
  if (benchmark.mib !== undefined) {
    budget = `${budget ? `${budget}, ` : ''}≤ ${benchmark.mib} MiB`;
    if (!(peak <= benchmark.mib * MiB))
      fails.push(`peak ${Number.isNaN(peak) ? 'unknown' : (peak / MiB).toFixed(0)} MiB > ${benchmark.mib} MiB`);
  }
  return {
    name: benchmark.name,
    median: med,
    min: Math.min(...seconds),
    max: Math.max(...seconds),
    peakMiB: peak / MiB,
    ratio,
    budget: budget ?? 'reference',
    pass: fails.length === 0,
    fails,
  };
}

function table(rows, runs) {
  const lines = [
    `| command | median s | min–max s (${runs} runs) | peak MiB | ratio | budget | result |`,
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        '',
        `\`${r.name}\``,
        r.median.toFixed(2),
        `${r.min.toFixed(2)}–${r.max.toFixed(2)}`,
        Number.isNaN(r.peakMiB) ? 'n/a' : r.peakMiB.toFixed(0),
        r.ratio === undefined ? '' : r.ratio.toFixed(2),
        r.budget,
        r.budget === 'reference' || r.budget.startsWith('share of') ? '' : r.pass ? 'PASS' : `FAIL: ${r.fails.join('; ')}`,
        '',
      ]
        .join(' | ')
        .trim(),
    ),
  ];
  return lines.join('\n');
}

/** Writes the reference app under the temporary folder and installs it once per set of versions. */
function prepareReference() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const versions = referenceVersions(pkg);
  const dir = referenceDir(versions);
  const files = referenceFiles(versions, join(root, 'node_modules', 'cdktf-cli', 'bundle', 'templates'));
  rmSync(join(dir, '__tests__'), { recursive: true, force: true });
  rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const installed = join(dir, 'node_modules', '.amc-bench-installed');
  if (!existsSync(installed)) {
    process.stderr.write(`installing the reference app in ${dir} (once per set of versions)\n`);
    const run = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, stdio: 'inherit' });
    if (run.status !== 0) throw new Error(`npm install in ${dir} failed (exit ${run.status})`);
    writeFileSync(installed, `${JSON.stringify(versions)}\n`);
  }
  return dir;
}

function main(argv) {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of 1 or more');
  const parts = argv.includes('--parts') ? PARTS : [];
  const reference = prepareReference();
  const jobs = [
    ...REFERENCES.map((job) => ({ ...job, cwd: reference })),
    ...[...BENCHMARKS, ...parts].map((job) => ({ ...job, cwd: root })),
  ];
  for (const job of jobs) {
    process.stderr.write(`${job.name}: warm-up\n`);
    runOnce(job.warmUp ?? job.command, job.cwd);
  }
  // Interleaved, so that a machine slowing down mid-run weighs on both sides of a ratio alike.
  const results = jobs.map(() => []);
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`run ${i + 1} of ${runs}\n`);
    jobs.forEach((job, j) => results[j].push(runOnce(job.command, job.cwd)));
  }
  const medians = Object.fromEntries(jobs.map((job, j) => [job.name, median(results[j].map((r) => r.seconds))]));
  const rows = jobs.map((job, j) => summarize(job, results[j], medians));
  console.log(table([...rows.slice(REFERENCES.length), ...rows.slice(0, REFERENCES.length)], runs));
  return rows.every((r) => r.pass) ? 0 : 1;
}

module.exports = { BENCHMARKS, PARTS, REFERENCES, median, prepareReference, summarize, table };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
