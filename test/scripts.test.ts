// Cost: 2.2 s here (2 cores, whole suite running): runs the scripts against stub programs, the test runner against stub tsc and jest, and the transpile hook in copies; terraform-check replays the shared synth.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACKS } from '../config';
import { appCopy, sharedSynth } from './fixtures';

const root = join(__dirname, '..');

describe('scripts/names.ts', () => {
  const names = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['-r', './scripts/register.cjs', 'scripts/names.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });

  test('prints the names the stacks use, with the edition', () => {
    expect(names(['dev', 'cluster']).stdout).toBe('amc-dev-eks\n');
    expect(names(['prod', 'zone'], { TFT_EDITION: 'pr7' }).stdout).toBe('prod-pr7.example.com\n');
  });

  test('fails on an unknown context', () => {
    const run = names(['qa', 'cluster']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('usage: names.ts <dev|prod>');
  });
});

/**
 * Points an app copy's cdktf.json at a stand-in that writes what `TFT_CONTEXT=<context> npm run synth` writes: the run's
 * one shared synth, cut to that context's stacks. The script under test still runs the app command in the app's folder
 * before every check, but its four runs cost no synth (2.4 s of CPU here); the stand-in fails unless the script passes
 * TFT_CONTEXT on, as the real app would then write other stacks. test/synth.test.ts runs the real app.
 */
async function replaySynth(dir: string, context: string) {
  const keep = Object.values(STACKS).map((stack) => `${stack}-${context}`);
  const synthesized = join(dir, 'synthesized');
  cpSync(await sharedSynth(), synthesized, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(synthesized, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  for (const stack of Object.keys(manifest.stacks).filter((name) => !keep.includes(name))) {
    rmSync(join(synthesized, 'stacks', stack), { recursive: true });
  }
  const stacks = Object.fromEntries(Object.entries(manifest.stacks).filter(([name]) => keep.includes(name)));
  expect(Object.keys(stacks).sort()).toEqual([...keep].sort());
  writeFileSync(join(synthesized, 'manifest.json'), JSON.stringify({ ...manifest, stacks }, null, 2));
  writeFileSync(
    join(dir, 'replay.cjs'),
    `if (process.env.TFT_CONTEXT !== ${JSON.stringify(context)}) {
  console.error(\`replay: TFT_CONTEXT is \${process.env.TFT_CONTEXT}, not ${context}\`);
  process.exit(1);
}
require('node:fs').cpSync('synthesized', 'cdktf.out', { recursive: true });
`,
  );
  const config = JSON.parse(readFileSync(join(dir, 'cdktf.json'), 'utf8')) as { app: string };
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ ...config, app: 'node replay.cjs' }));
}

describe('scripts/terraform-check.cjs', () => {
  let app: string;
  let bin: string;
  /** A terraform that records where and how it ran, and fails to plan the flux stack as it would before its cluster exists. */
  beforeAll(async () => {
    app = appCopy();
    await replaySynth(app, 'dev');
    bin = mkdtempSync(join(tmpdir(), 'amc-bin-'));
    writeFileSync(
      join(bin, 'terraform'),
      `#!/usr/bin/env bash
stack=$(basename "$PWD"); [[ "$(dirname "$PWD")" == "${realpathSync(tmpdir())}" ]] && stack=\${stack%-*}
backend=$(grep -Eq '"backend": ?[{]' cdk.tf.json && echo with-backend || echo no-backend)
echo "$stack $backend $*" >> "${bin}/calls"
case "$1 $stack" in
  "plan amc-flux-dev") echo "Error: reading EKS Cluster (amc-dev-eks): couldn't find resource" >&2; exit 1 ;;
  plan*) exit 2 ;;
esac
`,
    );
    chmodSync(join(bin, 'terraform'), 0o755);
  });
  afterAll(() => [app, bin].forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  beforeEach(() => rmSync(join(bin, 'calls'), { force: true }));

  const check = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/terraform-check.cjs', ...args], {
      cwd: app,
      encoding: 'utf8',
      env: { ...process.env, TFT_CONTEXT: 'dev', PATH: `${bin}:${process.env.PATH}` },
    });
  const calls = () => readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');

  test('validates every stack without its backend, in deploy order', () => {
    const run = check('validate');
    expect(run.status).toBe(0);
    expect(calls()).toEqual(
      ['amc-bootstrap-dev', 'amc-gitlab-dev', 'amc-dev', 'amc-flux-dev'].flatMap((stack) => [
        `${stack} no-backend init -backend=false -input=false -no-color`,
        `${stack} no-backend validate -no-color`,
      ]),
    );
    expect(run.stdout).toContain('4 of 4 stacks passed terraform validate');
  });

  test('plans against the real backend without locking, and fails on a stack that cannot plan', () => {
    const run = check('plan');
    expect(run.status).toBe(1);
    expect(calls().filter((call) => call.includes(' plan '))).toEqual(
      ['amc-bootstrap-dev', 'amc-gitlab-dev', 'amc-dev', 'amc-flux-dev'].map(
        (stack) => `${stack} with-backend plan -input=false -lock=false -detailed-exitcode -no-color`,
      ),
    );
    expect(run.stdout).toContain('PASS plan amc-dev: changes to apply');
    expect(run.stdout).toContain("FAIL plan amc-flux-dev: Error: reading EKS Cluster (amc-dev-eks): couldn't find resource");
    expect(run.stdout).toContain('3 of 4 stacks passed terraform plan');
  });

  test('checks only the stacks named, and refuses names it did not synthesize', () => {
    expect(check('validate', 'amc-dev').status).toBe(0);
    expect(calls().map((call) => call.split(' ')[0])).toEqual(['amc-dev', 'amc-dev']);
    const run = check('validate', 'amc-staging');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not a synthesized stack: amc-staging');
  });
});

describe('scripts/register.cjs', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS require hook, without types
  const { cacheFile, transpile } = require('../scripts/register.cjs') as {
    cacheFile: (source: string, filename: string) => string;
    transpile: (source: string, filename: string) => string;
  };

  test('caches a file by its content and name, not its folder, with a source map that resolves beside it', () => {
    // The same text every run: once cached, this worker need not start esbuild for it.
    const source = 'export const probe: number = 1;\n';
    expect(cacheFile(source, '/one/app/probe.ts')).toBe(cacheFile(source, '/two/copy/probe.ts'));
    expect(cacheFile(source, '/one/app/other.ts')).not.toBe(cacheFile(source, '/one/app/probe.ts'));
    expect(cacheFile(`${source} `, '/one/app/probe.ts')).not.toBe(cacheFile(source, '/one/app/probe.ts'));
    const code = transpile(source, '/one/app/probe.ts');
    expect(readFileSync(cacheFile(source, '/one/app/probe.ts'), 'utf8')).toBe(code);
    expect(transpile(source, '/two/copy/probe.ts')).toBe(code);
    const map = /sourceMappingURL=data:application\/json;base64,(\S+)/.exec(code)?.[1] ?? '';
    expect(JSON.parse(Buffer.from(map, 'base64').toString('utf8')).sources).toEqual(['probe.ts']);
  });

  test('a node start in another copy of the hook and config/, its files cached by the first, never loads esbuild', () => {
    // Two copies of what a node start with the hook reads here: the hook, config/ and node_modules (linked).
    const copies = [0, 1].map(() => {
      const copy = mkdtempSync(join(tmpdir(), 'amc-register-'));
      cpSync(join(root, 'scripts', 'register.cjs'), join(copy, 'scripts', 'register.cjs'));
      cpSync(join(root, 'config'), join(copy, 'config'), { recursive: true });
      symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
      return copy;
    });
    try {
      const run = (dir: string) =>
        spawnSync(
          process.execPath,
          [
            '-r',
            './scripts/register.cjs',
            '-e',
            "require('./config/index.ts'); console.log(Object.keys(require.cache).some((f) => f.includes('/esbuild/lib/')))",
          ],
          { cwd: dir, encoding: 'utf8' },
        );
      run(copies[0]);
      expect(run(copies[1]).stdout.trim().split('\n').pop()).toBe('false');
    } finally {
      for (const dir of copies) rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scripts/test.cjs (npm test, npm run test:all)', () => {
  let dir: string;
  // Stand-ins for TypeScript 7's tsc and jest, which log their argv to $PROBE/calls. The type-check waits until jest has
  // started, so a runner that ran one after the other fails. Each answers with the status and output the case asks for.
  // With HANG set, each runs on until a signal: the type-check logs SIGTERM and exits 143, jest dies of it; either
  // ends by itself after 5 s, so a runner that fails to stop them leaves nothing behind.
  const STUB = `const fs = require('node:fs');
const probe = (file) => process.env.PROBE + '/' + file;
const log = (line) => fs.appendFileSync(probe('calls'), line + '\\n');
const end = (status) => (process.env.HANG ? setTimeout(() => process.exit(99), 5000) : process.exit(status));
log(NAME + ' ' + process.argv.slice(2).join(' '));`;
  const TSC = `const NAME = 'tsc';
${STUB}
if (process.env.HANG) process.on('SIGTERM', () => (log('tsc got SIGTERM'), process.exit(143)));
for (const until = Date.now() + 5000; !fs.existsSync(probe('jest-started')); ) {
  if (Date.now() > until) { console.log('jest did not start beside the type-check'); process.exit(9); }
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
}
if (process.env.TSC_SAYS) console.log(process.env.TSC_SAYS);
fs.writeFileSync(probe('tsc-waiting'), '');
end(Number(process.env.TSC_EXIT));`;
  const JEST = `const NAME = 'jest';
${STUB}
fs.writeFileSync(probe('jest-started'), '');
console.log('Tests: all ran');
end(Number(process.env.JEST_EXIT));`;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amc-test-runner-'));
    cpSync(join(root, 'scripts', 'test.cjs'), join(dir, 'scripts', 'test.cjs'));
    for (const [file, body] of [
      ['node_modules/typescript7/bin/tsc', TSC],
      ['node_modules/jest/bin/jest.js', JEST],
    ]) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), body);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const env = (probe: string, tsc: number, jest: number, says: string, hang = false) => ({
    ...process.env,
    PROBE: probe,
    TSC_EXIT: String(tsc),
    JEST_EXIT: String(jest),
    TSC_SAYS: says,
    HANG: hang ? '1' : '',
  });
  const calls = (probe: string) => readFileSync(join(probe, 'calls'), 'utf8').trim().split('\n').sort();
  const run = (tsc: number, jest: number, args: string[], says = '') => {
    const probe = mkdtempSync(join(dir, 'probe-'));
    const result = spawnSync(process.execPath, [join(dir, 'scripts', 'test.cjs'), ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: env(probe, tsc, jest, says),
    });
    return { ...result, calls: calls(probe) };
  };

  test('runs `npm run typecheck` beside jest, passing the arguments to jest, and passes when both do', () => {
    const result = run(0, 0, ['-c', 'jest.all.config.cjs', '-t', 'names', '--watchAll=false']);
    expect(result.calls).toEqual(['jest -c jest.all.config.cjs -t names --watchAll=false', 'tsc --noEmit -p .']);
    const typecheck = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
      .typecheck;
    expect(typecheck).toBe(`node node_modules/typescript7/bin/${result.calls[1]}`);
    expect(result.stdout).toBe('Tests: all ran\n');
    expect([result.status, result.stderr]).toEqual([0, '']);
  });

  test("fails with the type-check's status and errors, after jest's output, when only the type-check fails", () => {
    const result = run(2, 0, [], "main.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.");
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('Tests: all ran\n');
    expect(result.stderr).toBe(
      "\ntype-check failed (TypeScript 7, tsc --noEmit):\nmain.ts(3,7): error TS2322: Type 'string' is not assignable to type 'number'.\n",
    );
  });

  test("fails with jest's status when the tests fail, still reporting the type-check's errors", () => {
    const result = run(2, 1, [], 'main.ts(1,1): error TS1005');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('\ntype-check failed (TypeScript 7, tsc --noEmit):\nmain.ts(1,1): error TS1005\n');
  });

  test.each([['--watch'], ['--watchAll']])('under %s runs jest alone, saying how to watch the types beside it', (watch) => {
    const result = run(2, 1, [watch]);
    expect(result.calls).toEqual([`jest ${watch}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('jest watches; the type-check does not: run `npm run typecheck -- --watch` beside it\n');
  });

  test('passes SIGTERM on to the type-check and jest, and exits as a shell would for one it ended', async () => {
    const probe = mkdtempSync(join(dir, 'probe-'));
    const child = spawn(process.execPath, [join(dir, 'scripts', 'test.cjs')], { cwd: dir, env: env(probe, 0, 0, '', true) });
    let ended = false;
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => ((ended = true), resolve(code))));
    // Both listen for signals once the type-check waits (it waited for jest to start); a runner that never started
    // them ends the wait, and so does a deadline.
    for (const until = Date.now() + 10_000; !existsSync(join(probe, 'tsc-waiting')) && !ended && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGTERM');
    expect(await closed).toBe(128 + 15);
    expect(calls(probe)).toEqual(['jest ', 'tsc --noEmit -p .', 'tsc got SIGTERM']);
  });
});
