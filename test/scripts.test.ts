// Cost: 8.3 s here (2 cores, whole suite running): the scripts against stub programs; each terraform-check run synthesizes (2.6 s alone).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appCopy } from './fixtures';

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

describe('scripts/terraform-check.cjs', () => {
  let app: string;
  let bin: string;
  /** A terraform that records where and how it ran, and fails to plan the flux stack as it would before its cluster exists. */
  beforeAll(() => {
    app = appCopy();
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
