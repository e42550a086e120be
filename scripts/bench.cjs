#!/usr/bin/env node
// npm run bench [-- --runs N]: times synth, cdktf synth, the test suite and the type-check on this machine,
// after one warm-up run each, and checks them against the budgets for our 2-core machines.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const MiB = 1024 * 1024;
const BENCHMARKS = [
  { name: 'npm run synth', command: ['npm', 'run', '-s', 'synth'], seconds: 1.0, mib: 300 },
  { name: 'npx cdktf synth', command: ['npx', 'cdktf', 'synth'], seconds: 3.0 },
  { name: 'npm test', command: ['npm', 'test', '--silent'], seconds: 15 },
  { name: 'type-check', command: ['npx', 'tsc', '--noEmit', '-p', '.'], seconds: 3.0 },
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One run: wall seconds, and peak resident memory of the largest process (through GNU time when installed). */
function runOnce(command, time = existsSync('/usr/bin/time')) {
  const argv = time ? ['/usr/bin/time', '-f', '%M', ...command] : command;
  const start = process.hrtime.bigint();
  const run = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`${command.join(' ')} failed (exit ${run.status}):\n${run.stderr.slice(-2000)}`);
  const kib = time ? Number(run.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, bytes: kib * 1024 };
}

/** Median, range and verdict of one benchmark's runs. */
function summarize(benchmark, runs) {
  const seconds = runs.map((r) => r.seconds);
  const peak = Math.max(...runs.map((r) => r.bytes));
  const med = median(seconds);
  const fails = [];
  if (med > benchmark.seconds) fails.push(`median ${med.toFixed(2)} s > ${benchmark.seconds} s`);
  if (benchmark.mib !== undefined && !(peak <= benchmark.mib * MiB))
    fails.push(`peak ${Number.isNaN(peak) ? 'unknown' : (peak / MiB).toFixed(0)} MiB > ${benchmark.mib} MiB`);
  return {
    name: benchmark.name,
    median: med,
    min: Math.min(...seconds),
    max: Math.max(...seconds),
    peakMiB: peak / MiB,
    budget: `≤ ${benchmark.seconds.toFixed(1)} s${benchmark.mib ? `, ≤ ${benchmark.mib} MiB` : ''}`,
    pass: fails.length === 0,
    fails,
  };
}

function table(rows, runs) {
  const lines = [
    `| command | median s | min–max s (${runs} runs) | peak MiB | budget | result |`,
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.name}\` | ${r.median.toFixed(2)} | ${r.min.toFixed(2)}–${r.max.toFixed(2)} | ${Number.isNaN(r.peakMiB) ? 'n/a' : r.peakMiB.toFixed(0)} | ${r.budget} | ${r.pass ? 'PASS' : `FAIL: ${r.fails.join('; ')}`} |`,
    ),
  ];
  return lines.join('\n');
}

function main(argv) {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of 1 or more');
  const rows = BENCHMARKS.map((benchmark) => {
    process.stderr.write(`${benchmark.name}: warm-up + ${runs} runs\n`);
    runOnce(benchmark.command);
    return summarize(
      benchmark,
      Array.from({ length: runs }, () => runOnce(benchmark.command)),
    );
  });
  console.log(table(rows, runs));
  return rows.every((r) => r.pass) ? 0 : 1;
}

module.exports = { BENCHMARKS, median, summarize, table };
if (require.main === module) process.exitCode = main(process.argv.slice(2));
