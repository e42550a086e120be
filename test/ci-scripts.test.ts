// Cost: 0.6 s here (2 cores, whole suite running): the CI scripts against stub programs; the made-up releases are built in-process.
// The CI helper scripts on their own: the pinned-tool installer against a stub curl serving made-up releases, the
// variable check, the drift report, and the Checkov scan of saved plans.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './fixtures';
import { StubBin, zipArchive } from './stubs';

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('scripts/ci-tools.sh', () => {
  let dir: string;
  let releases: string;
  // curl -fsSL --retry 3 -o <file> <url>: serves $RELEASES/<last part of the url>, or fails like a 404.
  const stubs = new StubBin({ curl: 'f=$RELEASES/${6##*/}; [ -f "$f" ] || exit 22; cp "$f" "$5"' });
  const sums: Record<string, string> = {};

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amc-ci-tools-'));
    releases = join(dir, 'releases');
    const build = join(dir, 'build');
    for (const sub of [join(dir, 'scripts'), join(dir, 'ci'), releases, join(build, 'aws')]) mkdirSync(sub, { recursive: true });
    cpSync(join(ROOT, 'scripts', 'ci-tools.sh'), join(dir, 'scripts', 'ci-tools.sh'));
    const program = (name: string) => `#!/bin/sh\necho "${name} (made up)"\n`;
    for (const name of ['task', 'flux', 'terraform']) writeFileSync(join(build, name), program(name), { mode: 0o755 });
    writeFileSync(join(releases, 'kubectl'), program('kubectl'), { mode: 0o755 });
    // The AWS CLI's own installer: --install-dir <dir> --bin-dir <dir> --update
    writeFileSync(
      join(build, 'aws', 'install'),
      `#!/bin/sh\nmkdir -p "$2/v2" "$4"\nprintf '#!/bin/sh\\necho "aws (made up)"\\n' > "$2/v2/aws"\nchmod +x "$2/v2/aws"\nln -sf "$2/v2/aws" "$4/aws"\n`,
      { mode: 0o755 },
    );
    const run = (cmd: string, args: string[]) => expect(spawnSync(cmd, args, { cwd: build }).status).toBe(0);
    run('tar', ['-czf', join(releases, 'task_linux_amd64.tar.gz'), 'task']);
    run('tar', ['-czf', join(releases, 'flux_2.7.5_linux_amd64.tar.gz'), 'flux']);
    const file = (name: string) => ({ data: readFileSync(join(build, name), 'utf8'), mode: 0o755 });
    writeFileSync(join(releases, 'terraform_1.11.4_linux_amd64.zip'), zipArchive({ terraform: file('terraform') }));
    writeFileSync(join(releases, 'awscli-exe-linux-x86_64-2.22.0.zip'), zipArchive({ 'aws/install': file('aws/install') }));
    sums.TERRAFORM = sha256(join(releases, 'terraform_1.11.4_linux_amd64.zip'));
    sums.TASK = sha256(join(releases, 'task_linux_amd64.tar.gz'));
    sums.AWSCLI = sha256(join(releases, 'awscli-exe-linux-x86_64-2.22.0.zip'));
    sums.KUBECTL = sha256(join(releases, 'kubectl'));
    sums.FLUX = sha256(join(releases, 'flux_2.7.5_linux_amd64.tar.gz'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    stubs.remove();
  });

  /** ci/tools.env with the real versions and the made-up releases' sums, but for `wrong`. */
  const pins = (wrong: Record<string, string> = {}) => {
    const real = readFileSync(join(ROOT, 'ci', 'tools.env'), 'utf8');
    const made = real.replace(/^(\w+)_SHA256=.*$/gm, (_, name: string) => `${name}_SHA256=${wrong[name] ?? sums[name]}`);
    writeFileSync(join(dir, 'ci', 'tools.env'), made);
  };
  const install = (tools: string[], into: string) => {
    stubs.reset();
    return stubs.run('bash', ['scripts/ci-tools.sh', ...tools], { cwd: dir, env: { RELEASES: releases, AMC_TOOLS_DIR: into } });
  };

  test('installs each pinned CLI from its release once the sha256 matches, and keeps it the next time', () => {
    pins();
    const into = join(dir, 'tools-ok');
    const run = install(['terraform', 'task', 'aws', 'kubectl', 'flux'], into);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const tool of ['terraform', 'task', 'aws', 'kubectl', 'flux']) {
      expect(spawnSync(join(into, 'bin', tool), { encoding: 'utf8' }).stdout).toBe(`${tool} (made up)\n`);
    }
    expect(run.stdout).toContain('ci-tools: terraform 1.11.4 installed');
    const again = install(['terraform', 'aws'], into);
    expect(again.stdout).toBe('ci-tools: terraform 1.11.4 (cached)\nci-tools: aws 2.22.0 (cached)\n');
    expect(stubs.calls()).toEqual([]);
  });

  test('refuses a download whose sha256 is not the pinned one, and installs nothing', () => {
    pins({ TASK: '0'.repeat(64) });
    const into = join(dir, 'tools-bad');
    const run = install(['task'], into);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `ci-tools: https://github.com/go-task/task/releases/download/v3.40.1/task_linux_amd64.tar.gz has sha256 ${sums.TASK}, not ${'0'.repeat(64)} (ci/tools.env); nothing installed\n`,
    );
    expect(existsSync(join(into, 'bin', 'task'))).toBe(false);
  });

  test('installs again when the pin changes', () => {
    pins();
    const into = join(dir, 'tools-bump');
    install(['flux'], into);
    writeFileSync(
      join(dir, 'ci', 'tools.env'),
      readFileSync(join(dir, 'ci', 'tools.env'), 'utf8').replace('FLUX_VERSION=2.7.5', 'FLUX_VERSION=2.7.6'),
    );
    // The made-up release server has no 2.7.6: curl fails as on a 404, after asking for the new version.
    const run = install(['flux'], into);
    expect(run.status).toBe(22);
    expect(stubs.calls()).toEqual([
      expect.stringContaining('https://github.com/fluxcd/flux2/releases/download/v2.7.6/flux_2.7.6_linux_amd64.tar.gz'),
    ]);
  });

  test('rejects an unknown tool', () => {
    pins();
    const run = install(['helm'], join(dir, 'tools-none'));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("ci-tools: unknown tool 'helm' (one of terraform, task, aws, kubectl, flux)\n");
  });
});

describe('scripts/ci-require.sh', () => {
  const check = (names: string[], env: Record<string, string>) =>
    spawnSync('bash', [join(ROOT, 'scripts', 'ci-require.sh'), ...names], { encoding: 'utf8', env: { PATH: process.env.PATH, ...env } });

  test('passes when every variable has a value', () => {
    expect(check(['GITLAB_TOKEN', 'AMC_TERRAFORM_ROLE_ARN'], { GITLAB_TOKEN: 'x', AMC_TERRAFORM_ROLE_ARN: 'y' }).status).toBe(0);
  });

  test('fails with exit 3, naming each missing or empty variable and where it comes from', () => {
    const run = check(['AWS_ID_TOKEN', 'AMC_TERRAFORM_ROLE_ARN', 'AMC_PLAN_ROLE_ARN', 'GITLAB_TOKEN'], {
      GITLAB_TOKEN: 'x',
      AMC_TERRAFORM_ROLE_ARN: '',
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      [
        "ci-require: AWS_ID_TOKEN is not set (the job's OIDC ID token: declare it under id_tokens); see README, CI/CD",
        "ci-require: AMC_TERRAFORM_ROLE_ARN is not set (a protected CI/CD variable scoped to the job's environment: the bootstrap stack's Terraform role ARN); see README, CI/CD",
        "ci-require: AMC_PLAN_ROLE_ARN is not set (a CI/CD variable scoped to the job's environment, not protected: the bootstrap stack's plan role ARN); see README, CI/CD",
        '',
      ].join('\n'),
    );
  });
});

describe('scripts/plan-drift.cjs', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'amc-drift-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const report = (plan: unknown) => {
    const file = join(dir, 'amc-flux-dev.plan.json');
    writeFileSync(file, JSON.stringify(plan));
    return spawnSync(process.execPath, [join(ROOT, 'scripts', 'plan-drift.cjs'), file], { encoding: 'utf8' });
  };
  const change = (address: string, ...actions: string[]) => ({ address, change: { actions } });

  test('lists each resource whose actions are not no-op, skipping data sources read at apply time', () => {
    const run = report({
      resource_changes: [
        change('helm_release.flux', 'update'),
        change('data.aws_eks_cluster.this', 'read'),
        change('kubernetes_namespace.flux', 'no-op'),
      ],
    });
    expect(run.stdout).toBe('drift: amc-flux-dev: 1 resource differs from the code:\n  update         helm_release.flux\n');
  });

  test('says when only outputs differ, and when nothing does', () => {
    expect(report({ resource_changes: [], output_changes: { zone: { actions: ['update'] } } }).stdout).toBe(
      'drift: amc-flux-dev: no resource differs; outputs differ: zone\n',
    );
    expect(report({}).stdout).toBe('drift: amc-flux-dev: none\n');
  });
});

describe('scripts/ci-checkov.sh', () => {
  let dir: string;
  // checkov --file <plan> ...: fails for the plans named in $FAILS, as a --hard-fail-on check failing would.
  const stubs = new StubBin({ checkov: 'for p in ${FAILS:-}; do [[ "$2" != *"/$p.plan.json" ]] || exit 1; done' });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'amc-checkov-'));
    stubs.reset();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(() => stubs.remove());

  const layout = (plans: string[], baselines: string[], hard = 'CKV_AWS_39,CKV_AWS_58\n') => {
    mkdirSync(join(dir, 'tmp', 'plans'), { recursive: true });
    mkdirSync(join(dir, 'cdktf.out', 'checkov'), { recursive: true });
    for (const id of plans) writeFileSync(join(dir, 'tmp', 'plans', `${id}.plan.json`), '{}');
    for (const id of baselines) writeFileSync(join(dir, 'cdktf.out', 'checkov', `${id}.baseline.json`), '{"failed_checks": []}');
    if (hard) writeFileSync(join(dir, 'cdktf.out', 'checkov', 'hard-fail-on'), hard);
  };
  const scan = (env: Record<string, string> = {}) => stubs.run('bash', [join(ROOT, 'scripts', 'ci-checkov.sh')], { cwd: dir, env });

  test("scans each plan with its own baseline, enforcing the pack's checks, and passes when Checkov does", () => {
    layout(['amc-dev', 'amc-flux-dev'], ['amc-dev', 'amc-flux-dev', 'amc-gitlab-dev']);
    const run = scan();
    expect(run.status).toBe(0);
    expect(stubs.calls()).toEqual(
      ['amc-dev', 'amc-flux-dev'].map(
        (id) =>
          `checkov --file tmp/plans/${id}.plan.json --framework terraform_plan --baseline cdktf.out/checkov/${id}.baseline.json --output-baseline-as-skipped ` +
          `--hard-fail-on CKV_AWS_39,CKV_AWS_58 --compact --output cli --output junitxml --output-file-path console,tmp/checkov/${id}.xml`,
      ),
    );
    expect(run.stdout).toContain('ci-checkov: 2 plan(s) agree with the policy pack');
    expect(existsSync(join(dir, 'tmp', 'checkov'))).toBe(true);
  });

  test('scans every plan before failing, naming each that failed or has no baseline', () => {
    layout(['amc-dev', 'amc-flux-dev', 'amc-prod'], ['amc-dev', 'amc-flux-dev']);
    const run = scan({ FAILS: 'amc-dev' });
    expect(run.status).toBe(1);
    expect(stubs.calls()).toHaveLength(2);
    expect(run.stderr).toContain('ci-checkov: no baseline for amc-prod (cdktf.out/checkov/amc-prod.baseline.json)');
    expect(run.stderr).toContain('ci-checkov: failed for amc-dev amc-prod:');
  });

  test('fails without plans or without the checks to enforce, running nothing', () => {
    layout([], ['amc-dev']);
    expect(scan().stderr).toBe('ci-checkov: no plan JSON in tmp/plans/: the plan jobs saved none (see their logs)\n');
    rmSync(join(dir, 'cdktf.out', 'checkov', 'hard-fail-on'));
    layout(['amc-dev'], ['amc-dev'], '');
    const run = scan();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cdktf.out/checkov/hard-fail-on is missing');
    expect(stubs.calls()).toEqual([]);
  });
});
