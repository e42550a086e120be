#!/usr/bin/env node
// npm test and npm run test:all: the one type-check (TypeScript 7's tsc --noEmit, as `npm run typecheck`) runs beside
// jest rather than before it, on the core jest leaves idle while it starts. Arguments go to jest. Jest's output streams
// as it comes; the type-check's errors follow it. The exit status is jest's, or the type-check's when jest passed; a
// process ended by a signal counts 128 + its number, as in a shell. SIGINT and SIGTERM reach both.
// Under --watch or --watchAll jest never ends and clears the terminal on every run, so there is no one-shot check to
// report: it says to run `npm run typecheck -- --watch` beside it instead.
const { spawn } = require('node:child_process');
const { constants } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const TSC = join(root, 'node_modules', 'typescript7', 'bin', 'tsc');
const JEST = join(root, 'node_modules', 'jest', 'bin', 'jest.js');

const children = [];
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((child) => child.kill(signal)));

/** Runs node on `argv`; resolves to its exit status, and its output when `capture` is set. */
function run(argv, capture) {
  const child = spawn(process.execPath, argv, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  children.push(child);
  let output = '';
  if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ status: code ?? 128 + (constants.signals[signal] ?? 0), output })),
  );
}

async function main(args) {
  if (args.some((arg) => /^--watch(All)?(=true)?$/.test(arg))) {
    process.stderr.write('jest watches; the type-check does not: run `npm run typecheck -- --watch` beside it\n');
    return (await run([JEST, ...args], false)).status;
  }
  const [typecheck, tests] = await Promise.all([run([TSC, '--noEmit', '-p', '.'], true), run([JEST, ...args], false)]);
  if (typecheck.status !== 0) process.stderr.write(`\ntype-check failed (TypeScript 7, tsc --noEmit):\n${typecheck.output}`);
  return tests.status || typecheck.status;
}

main(process.argv.slice(2)).then((status) => (process.exitCode = status));
