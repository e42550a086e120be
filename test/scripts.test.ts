// Cost: 1.6 s here (2 cores, whole suite running): runs the scripts against stub programs; terraform-check replays the shared synth.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { parse } from 'yaml';
import { stackIds } from '../config';
import { appCopy, sharedSynth } from './fixtures';

const root = join(__dirname, '..');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

describe('Taskfile.yml', () => {
  const tasks = parse(readFileSync(join(root, 'Taskfile.yml'), 'utf8')).tasks as Record<
    string,
    { desc?: string; cmds: (string | { task: string })[] }
  >;

  test.each(Object.keys(tasks))('task %s has a one-line description', (name) => {
    expect(tasks[name].desc).toMatch(/^[^\n]{10,100}$/);
  });

  test.each(Object.keys(tasks))('task %s only calls npm scripts, scripts/ files or other tasks', (name) => {
    for (const cmd of tasks[name].cmds) {
      if (typeof cmd !== 'string') {
        expect(Object.keys(tasks)).toContain(cmd.task);
        continue;
      }
      const npm = /^npm (?:run |)([\w:]+)/.exec(cmd);
      const file = /(?:^|\s)(scripts\/[\w.-]+)/.exec(cmd);
      expect(npm || file).toBeTruthy();
      if (npm) expect(Object.keys(scripts).concat('test')).toContain(npm[1]);
      if (file) expect(existsSync(join(root, file[1]))).toBe(true);
    }
  });

  test('deploys a context in order and destroys it drained and in reverse', () => {
    expect(tasks.deploy.cmds).toEqual(['npm run deploy -- amc-gitlab-{{.CTX}} amc-{{.CTX}} amc-flux-{{.CTX}} {{.CLI_ARGS}}']);
    expect(tasks.destroy.cmds[0]).toEqual({ task: 'drain' });
    expect((tasks.destroy.cmds.slice(1) as string[]).map((c) => c.split(' ')[4])).toEqual([
      'amc-flux-{{.CTX}}',
      'amc-{{.CTX}}',
      'amc-gitlab-{{.CTX}}',
    ]);
  });
});

describe('scripts/names.ts', () => {
  // Compiled once, so that each run starts plain node instead of the transpile hook the Taskfile uses.
  let compiled: string;
  beforeAll(() => {
    compiled = join(mkdtempSync(join(tmpdir(), 'amc-names-')), 'names.js');
    buildSync({
      entryPoints: [join(root, 'scripts', 'names.ts')],
      outfile: compiled,
      bundle: true,
      packages: 'external',
      platform: 'node',
      target: 'node20',
    });
  });
  afterAll(() => rmSync(dirname(compiled), { recursive: true, force: true }));
  const names = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [compiled, ...args], {
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

describe('scripts/drain.sh', () => {
  let bin: string;
  const log = () => readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n');
  /** A kubectl that records its arguments and answers like a cluster with one LoadBalancer Service. */
  function fakeKubectl(context: string) {
    bin = mkdtempSync(join(tmpdir(), 'amc-bin-'));
    writeFileSync(
      join(bin, 'kubectl'),
      `#!/usr/bin/env bash
echo "$*" >> "${bin}/calls"
case "$*" in
  "config current-context") echo "${context}" ;;
  "get services"*) printf 'podinfo web\\n' ;;
esac
`,
    );
    chmodSync(join(bin, 'kubectl'), 0o755);
  }
  afterEach(() => rmSync(bin, { recursive: true, force: true }));
  const drain = () =>
    spawnSync('bash', ['scripts/drain.sh', 'dev'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    });

  test('suspends Flux, then deletes Ingresses, LoadBalancer Services and volumes, waiting for each', () => {
    fakeKubectl('arn:aws:eks:eu-west-1:111111111111:cluster/amc-dev-eks');
    const run = drain();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const calls = log();
    expect(calls[0]).toBe('config current-context');
    expect(calls.slice(1, 5)).toEqual(
      ['flux-system', 'apps', 'infra-configs', 'infra-controllers'].map(
        (k) => `-n flux-system patch kustomization ${k} --type merge -p {"spec":{"suspend":true}}`,
      ),
    );
    expect(calls.slice(5)).toEqual([
      'delete ingress --all --all-namespaces --wait=true --timeout=10m',
      expect.stringMatching(/^get services --all-namespaces -o jsonpath=/),
      '-n podinfo delete service web --wait=true --timeout=10m',
      'delete pvc --all --all-namespaces --wait=true --timeout=10m',
      'wait --for=delete persistentvolumes --all --timeout=10m',
    ]);
  });

  test('refuses to drain a cluster of another context', () => {
    fakeKubectl('arn:aws:eks:eu-west-1:111111111111:cluster/amc-prod-eks');
    const run = drain();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("kubectl points at 'arn:aws:eks:eu-west-1:111111111111:cluster/amc-prod-eks', not amc-dev-eks");
    expect(log()).toEqual(['config current-context']);
  });
});

/**
 * Points an app copy's cdktf.json at a stand-in that writes what `TFT_CONTEXT=<context> npm run synth` writes: the run's
 * one shared synth, cut to that context's stacks. The script under test still runs the app command in the app's folder
 * before every check; the stand-in fails unless the script passes TFT_CONTEXT on, as the real app would then write
 * other stacks.
 */
async function replaySynth(dir: string, context: string) {
  const keep = Object.values(stackIds(context));
  const synthesized = join(dir, 'synthesized');
  cpSync(await sharedSynth(), synthesized, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(synthesized, 'manifest.json'), 'utf8')) as { stacks: Record<string, unknown> };
  for (const stack of Object.keys(manifest.stacks).filter((name) => !keep.includes(name))) {
    rmSync(join(synthesized, 'stacks', stack), { recursive: true });
  }
  const stacks = Object.fromEntries(Object.entries(manifest.stacks).filter(([name]) => keep.includes(name)));
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
      ['amc-gitlab-dev', 'amc-dev', 'amc-flux-dev'].flatMap((stack) => [
        `${stack} no-backend init -backend=false -input=false -no-color`,
        `${stack} no-backend validate -no-color`,
      ]),
    );
    expect(run.stdout).toContain('3 of 3 stacks passed terraform validate');
  });

  test('plans against the real backend without locking, and fails on a stack that cannot plan', () => {
    const run = check('plan');
    expect(run.status).toBe(1);
    expect(calls().filter((call) => call.includes(' plan '))).toEqual(
      ['amc-gitlab-dev', 'amc-dev', 'amc-flux-dev'].map(
        (stack) => `${stack} with-backend plan -input=false -lock=false -detailed-exitcode -no-color`,
      ),
    );
    expect(run.stdout).toContain('PASS plan amc-dev: changes to apply');
    expect(run.stdout).toContain("FAIL plan amc-flux-dev: Error: reading EKS Cluster (amc-dev-eks): couldn't find resource");
    expect(run.stdout).toContain('2 of 3 stacks passed terraform plan');
  });

  test('checks only the stacks named, and refuses names it did not synthesize', () => {
    expect(check('validate', 'amc-dev').status).toBe(0);
    expect(calls().map((call) => call.split(' ')[0])).toEqual(['amc-dev', 'amc-dev']);
    const run = check('validate', 'amc-staging');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not a synthesized stack: amc-staging');
  });
});
