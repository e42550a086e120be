#!/usr/bin/env node
// npm test and npm run test:all: the one type-check (TypeScript 7's tsc --noEmit) runs beside jest rather than before
// it, on the core jest leaves idle while it starts. Arguments go to jest. Jest's output streams as it comes; the
// type-check's errors follow it. The exit status is jest's, or the type-check's when jest passed.
const { spawn } = require('node:child_process');
const { join } = require('node:path');

const root = join(__dirname, '..');
const TSC = join(root, 'node_modules', 'typescript7', 'bin', 'tsc');
const JEST = join(root, 'node_modules', 'jest', 'bin', 'jest.js');

/** Runs node on `argv`; resolves to its exit status (1 for a signal), and its output when `capture` is set. */
function run(argv, capture) {
  const child = spawn(process.execPath, argv, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ status: code ?? 1, output })));
}

async function main(args) {
  const [typecheck, tests] = await Promise.all([run([TSC, '--noEmit', '-p', root], true), run([JEST, ...args], false)]);
  if (typecheck.status !== 0) process.stderr.write(`\ntype-check failed (TypeScript 7, tsc --noEmit):\n${typecheck.output}`);
  return tests.status || typecheck.status;
}

main(process.argv.slice(2)).then((status) => (process.exitCode = status));
