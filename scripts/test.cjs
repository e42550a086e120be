#!/usr/bin/env node
// npm test and npm run test:all: the one type-check (TypeScript 7's tsc --noEmit, as `npm run typecheck`) runs beside
// jest rather than before it, on the core jest leaves idle while it starts. Arguments go to jest. Jest's output streams
// as it comes; the type-check's errors follow it, or come as soon as they are known under --watch/--watchAll, where
// jest does not end. The exit status is jest's, or the type-check's when jest passed. SIGINT and SIGTERM reach both.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const TSC = join(root, 'node_modules', 'typescript7', 'bin', 'tsc');
const JEST = join(root, 'node_modules', 'jest', 'bin', 'jest.js');

const children = [];
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => children.forEach((child) => child.kill(signal)));

/** Runs node on `argv`; resolves to its exit status (1 for a signal), and its output when `capture` is set. */
function run(argv, capture) {
  const child = spawn(process.execPath, argv, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  children.push(child);
  let output = '';
  if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ status: code ?? 1, output })));
}

const report = (typecheck) => {
  if (typecheck.status !== 0) process.stderr.write(`\ntype-check failed (TypeScript 7, tsc --noEmit):\n${typecheck.output}`);
};

async function main(args) {
  const watching = args.some((arg) => /^--watch(All)?(=|$)/.test(arg));
  const typecheck = run([TSC, '--noEmit', '-p', '.'], true).then((result) => (watching && report(result), result));
  const [checked, tests] = await Promise.all([typecheck, run([JEST, ...args], false)]);
  if (!watching) report(checked);
  return tests.status || checked.status;
}

main(process.argv.slice(2)).then((status) => (process.exitCode = status));
