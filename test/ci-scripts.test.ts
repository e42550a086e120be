// Cost: 0.6 s here (2 cores, whole suite running): the CI scripts against stub programs; the made-up releases are built in-process.
// The CI helper scripts on their own: the pinned-tool installer against a stub curl serving made-up releases, the
// variable check, the drift report, and the Checkov scan of saved plans.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { names } from '../config';
import { contexts, ROOT } from './fixtures';
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

  test('installs each pinned CLI from its release once the sha256 matches; the next job re-hashes the cached download', () => {
    pins();
    const into = join(dir, 'tools-ok');
    const run = install(['terraform', 'task', 'aws', 'kubectl', 'flux'], into);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const tool of ['terraform', 'task', 'aws', 'kubectl', 'flux']) {
      expect(spawnSync(join(into, 'bin', tool), { encoding: 'utf8' }).stdout).toBe(`${tool} (made up)\n`);
    }
    expect(run.stdout).toContain('ci-tools: terraform 1.11.4 installed (sha256 checked, from the download)');
    const again = install(['terraform', 'aws'], into);
    expect(again.stdout).toBe(
      'ci-tools: terraform 1.11.4 installed (sha256 checked, from the cache)\nci-tools: aws 2.22.0 installed (sha256 checked, from the cache)\n',
    );
    expect(stubs.calls()).toEqual([]);
  });

  test('never runs a program the cache restored: bin/ is unpacked anew from checked downloads', () => {
    pins();
    const into = join(dir, 'tools-planted');
    install(['task'], into);
    // What a poisoned cache would restore: another program in bin/, a changed download beside the real one's name.
    writeFileSync(join(into, 'bin', 'task'), '#!/bin/sh\necho planted\n', { mode: 0o755 });
    writeFileSync(join(into, 'bin', 'kubectl'), '#!/bin/sh\necho planted\n', { mode: 0o755 });
    writeFileSync(join(into, 'downloads', 'task_linux_amd64.tar.gz'), 'not the release');
    const run = install(['task'], into);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(
      `ci-tools: the cached task_linux_amd64.tar.gz does not have sha256 ${sums.TASK} (ci/tools.env); downloading it again\n`,
    );
    expect(stubs.calls()).toEqual([expect.stringContaining('task_linux_amd64.tar.gz')]);
    expect(spawnSync(join(into, 'bin', 'task'), { encoding: 'utf8' }).stdout).toBe('task (made up)\n');
    expect(existsSync(join(into, 'bin', 'kubectl'))).toBe(false);
    expect(sha256(join(into, 'downloads', 'task_linux_amd64.tar.gz'))).toBe(sums.TASK);
  });

  test("AMC_TOOLS_FROM_PATH=true takes the image's CLIs, downloading nothing, and names one that is missing", () => {
    pins();
    const into = join(dir, 'tools-image');
    // The names are checked first, as without it.
    const unknown = stubs.run('bash', ['scripts/ci-tools.sh', 'curl'], {
      cwd: dir,
      env: { AMC_TOOLS_FROM_PATH: 'true', AMC_TOOLS_DIR: into },
    });
    expect(unknown.status).toBe(2);
    const image = join(dir, 'image-bin');
    mkdirSync(image, { recursive: true });
    writeFileSync(join(image, 'kubectl'), '#!/bin/sh\n', { mode: 0o755 });
    const found = spawnSync('bash', ['scripts/ci-tools.sh', 'kubectl'], {
      cwd: dir,
      encoding: 'utf8',
      env: { AMC_TOOLS_FROM_PATH: 'true', AMC_TOOLS_DIR: into, PATH: `${image}:/usr/bin:/bin` },
    });
    expect(found.stdout).toBe(`ci-tools: kubectl from the image (${join(image, 'kubectl')})\n`);
    const missing = spawnSync('bash', ['scripts/ci-tools.sh', 'flux'], {
      cwd: dir,
      encoding: 'utf8',
      env: { AMC_TOOLS_FROM_PATH: 'true', AMC_TOOLS_DIR: into, PATH: `${image}:/usr/bin:/bin` },
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('ci-tools: AMC_TOOLS_FROM_PATH=true, but flux is not on PATH in this image\n');
    expect(existsSync(join(into, 'downloads'))).toBe(false);
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
    const run = check(['AWS_ID_TOKEN', 'AMC_TERRAFORM_ROLE_ARN', 'AMC_PLAN_ROLE_ARN_prod', 'GITLAB_TOKEN'], {
      GITLAB_TOKEN: 'x',
      AMC_TERRAFORM_ROLE_ARN: '',
    });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      [
        "ci-require: AWS_ID_TOKEN is not set (the job's OIDC ID token: declare it under id_tokens); see README, CI/CD",
        "ci-require: AMC_TERRAFORM_ROLE_ARN is not set (a protected CI/CD variable scoped to the job's environment: the bootstrap stack's Terraform role ARN); see README, CI/CD",
        "ci-require: AMC_PLAN_ROLE_ARN_prod is not set (a CI/CD variable, not protected and in every environment scope: the plan role ARN of prod's bootstrap stack); see README, CI/CD",
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

  /** What the plan jobs leave (scripts/ci-plan.sh): each plan with status "planned", and the `others`' statuses. */
  const layout = (plans: string[], baselines: string[], hard = 'CKV_AWS_39,CKV_AWS_58\n', others: Record<string, string> = {}) => {
    mkdirSync(join(dir, 'tmp', 'plans'), { recursive: true });
    mkdirSync(join(dir, 'cdktf.out', 'checkov'), { recursive: true });
    for (const id of plans) writeFileSync(join(dir, 'tmp', 'plans', `${id}.plan.json`), '{}');
    for (const [id, status] of [...plans.map((p) => [p, 'planned']), ...Object.entries(others)])
      writeFileSync(join(dir, 'tmp', 'plans', `${id}.status`), `${status}\n`);
    expected = [...plans, ...Object.keys(others)].join(' ');
    for (const id of baselines) writeFileSync(join(dir, 'cdktf.out', 'checkov', `${id}.baseline.json`), '{"failed_checks": []}');
    if (hard) writeFileSync(join(dir, 'cdktf.out', 'checkov', 'hard-fail-on'), hard);
  };
  let expected = '';
  const scan = (env: Record<string, string> = {}) =>
    stubs.run('bash', [join(ROOT, 'scripts', 'ci-checkov.sh')], { cwd: dir, env: { AMC_MR_PLANS: expected, ...env } });

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

  test('names a skipped plan and scans the others; passes with every plan skipped, with nothing to scan', () => {
    const why = 'ci-require: AMC_PLAN_ROLE_ARN_prod is not set (...); see README, CI/CD';
    layout(['amc-dev'], ['amc-dev'], undefined, { 'amc-prod': `skipped: ${why}` });
    const run = scan();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `ci-checkov: amc-prod not planned, not scanned: ${why}\nci-checkov: amc-dev\nci-checkov: 1 plan(s) agree with the policy pack; 1 skipped\n`,
    );
    rmSync(join(dir, 'tmp'), { recursive: true });
    layout([], ['amc-dev'], undefined, { 'amc-dev': `skipped: ${why}`, 'amc-prod': `skipped: ${why}` });
    const none = scan();
    expect(none.status).toBe(0);
    expect(none.stdout).toContain('ci-checkov: every plan was skipped; nothing to scan');
    // The first layout's one plan was scanned; the second's none.
    expect(stubs.calls().map((c) => c.split(' ').slice(0, 3).join(' '))).toEqual(['checkov --file tmp/plans/amc-dev.plan.json']);
  });

  test('fails when a plan failed or its job left no status, still scanning the others', () => {
    layout(['amc-dev'], ['amc-dev'], undefined, { 'amc-prod': 'failed: exit 1' });
    const run = scan({ AMC_MR_PLANS: 'amc-dev amc-prod amc-flux-dev' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('ci-checkov: amc-prod was not planned: exit 1\n');
    expect(run.stderr).toContain('ci-checkov: amc-flux-dev was not planned: its plan job left no status (see its log)\n');
    expect(run.stderr).toContain('ci-checkov: failed for amc-prod amc-flux-dev:');
    expect(stubs.calls()).toHaveLength(1);
  });

  test('fails without plans or without the checks to enforce, running nothing', () => {
    layout([], ['amc-dev']);
    expect(scan({ AMC_MR_PLANS: 'amc-dev' }).stderr).toBe(
      'ci-checkov: amc-dev was not planned: its plan job left no status (see its log)\n' +
        'ci-checkov: no plan JSON in tmp/plans/: the plan jobs saved none (see their logs)\n',
    );
    expect(scan({ AMC_MR_PLANS: '' }).stderr).toContain('AMC_MR_PLANS: set AMC_MR_PLANS to the stack ids the plan jobs plan');
    rmSync(join(dir, 'cdktf.out', 'checkov', 'hard-fail-on'));
    layout(['amc-dev'], ['amc-dev'], '');
    const run = scan();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cdktf.out/checkov/hard-fail-on is missing');
    expect(stubs.calls()).toEqual([]);
  });
});

/**
 * The scripts that name a context's things through scripts/names.ts, in a copy of scripts/ with config/ and
 * node_modules linked, so that what they write (tmp/) stays out of the repository.
 */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amc-ci-ws-'));
  cpSync(join(ROOT, 'scripts'), join(dir, 'scripts'), { recursive: true });
  for (const linked of ['config', 'node_modules', 'package.json']) symlinkSync(join(ROOT, linked), join(dir, linked));
  return dir;
}

describe('scripts/ci-plan.sh', () => {
  let dir: string;
  // task -x tft:plan -- ...: fails with $PLAN_FAILS when set, else saves the plan as tft.sh would.
  const stubs = new StubBin({
    task: 'echo "role=$AWS_ROLE_ARN token=$(cat "$AWS_WEB_IDENTITY_TOKEN_FILE")" >> "$STUB/auth"; [ -z "${PLAN_FAILS:-}" ] || exit "$PLAN_FAILS"',
  });
  beforeAll(() => (dir = workspace()));
  beforeEach(() => stubs.reset());
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    stubs.remove();
  });
  const plan = (env: Record<string, string>) =>
    stubs.run('bash', ['scripts/ci-plan.sh', '--', '-lock=false'], {
      cwd: dir,
      env: { TFT_CONTEXT: 'prod', TFT_STACK: 'amc', AMC_ROLE_ARN_VARIABLE: 'AMC_PLAN_ROLE_ARN_prod', ...env },
    });
  const status = () => readFileSync(join(dir, 'tmp', 'plans', 'amc-prod.status'), 'utf8');

  test('plans as the role the variable names, with the token in a file, and records "planned"', () => {
    const run = plan({ AWS_ID_TOKEN: 'jwt', AMC_PLAN_ROLE_ARN_prod: 'arn:aws:iam::222222222222:role/amc-prod-plan' });
    expect(run.status).toBe(0);
    expect(stubs.calls()).toEqual(['task -x tft:plan -- -lock=false']);
    expect(readFileSync(join(stubs.dir, 'auth'), 'utf8')).toBe('role=arn:aws:iam::222222222222:role/amc-prod-plan token=jwt\n');
    expect(status()).toBe('planned\n');
  });

  test('exits 3 without the role variable, recording why, and runs nothing', () => {
    const run = plan({ AWS_ID_TOKEN: 'jwt' });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('ci-require: AMC_PLAN_ROLE_ARN_prod is not set');
    expect(status()).toMatch(/^skipped: ci-require: AMC_PLAN_ROLE_ARN_prod is not set .*; see README, CI\/CD\n$/);
    expect(stubs.calls()).toEqual([]);
  });

  test("passes a failed plan's exit code through, recording it", () => {
    const run = plan({ AWS_ID_TOKEN: 'jwt', AMC_PLAN_ROLE_ARN_prod: 'arn', PLAN_FAILS: '2' });
    expect(run.status).toBe(2);
    expect(status()).toBe('failed: exit 2\n');
  });
});

describe('scripts/ci-apply.sh', () => {
  let dir: string;
  const stubs = new StubBin({ task: 'exit 0' });
  beforeAll(() => (dir = workspace()));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    stubs.remove();
  });

  test('applies the saved plan of its stack, and without one says what to do, applying nothing', () => {
    const env = { TFT_CONTEXT: 'dev', TFT_STACK: 'amc-flux' };
    const missing = stubs.run('bash', ['scripts/ci-apply.sh'], { cwd: dir, env });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(
      'ci-apply: no saved plan for amc-flux-dev in this job: the artifacts of amc-flux:plan expired (they are kept 30 days) or ' +
        'were not passed. Run amc-flux:plan of this pipeline again, review its plan, then run this job again.\n',
    );
    expect(stubs.calls()).toEqual([]);
    mkdirSync(join(dir, 'tmp', 'plans'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'plans', 'amc-flux-dev.tfplan'), 'plan');
    expect(stubs.run('bash', ['scripts/ci-apply.sh'], { cwd: dir, env }).status).toBe(0);
    expect(stubs.calls()).toEqual(['task -x tft:apply']);
  });
});

describe('scripts/ci-cluster.sh', () => {
  let dir: string;
  const [dev] = contexts.filter((c) => c.name === 'dev');
  const name = names(dev, { remoteBackend: true });
  /**
   * kubectl with the contexts in $CONTEXTS, answering through each unless $AGENT_DOWN; aws answering describe-cluster
   * with an endpoint, or as EKS does for a deleted cluster ($GONE) or a denied call ($DENIED); curl failing on
   * $UNREACHABLE.
   */
  const stubs = new StubBin({
    kubectl: `case "$*" in
  "config get-contexts -o name") printf '%s\\n' \${CONTEXTS:-} ;;
  "--context "*" version"*) if [ -n "\${AGENT_DOWN:-}" ]; then echo "Unable to connect to the server: EOF" >&2; exit 1; fi ;;
esac`,
    aws: `if [ "$1 $2" = "eks describe-cluster" ]; then
  if [ -n "\${GONE:-}" ]; then echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: $4." >&2; exit 254; fi
  if [ -n "\${DENIED:-}" ]; then echo "An error occurred (AccessDeniedException)" >&2; exit 254; fi
  echo "https://ABCD.gr7.eu-west-1.eks.amazonaws.com"
fi`,
    curl: '[ -z "${UNREACHABLE:-}" ]',
  });
  beforeAll(() => (dir = workspace()));
  beforeEach(() => stubs.reset());
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    stubs.remove();
  });
  const connect = (env: Record<string, string>, ...args: string[]) =>
    stubs.run('bash', ['scripts/ci-cluster.sh', 'connect', ...args], {
      cwd: dir,
      env: { TFT_CONTEXT: 'dev', TFT_STACK: 'amc-flux', ...env },
    });
  const exported = () => readFileSync(join(dir, 'tmp', 'ci-cluster.env'), 'utf8');
  /** What the sourced env file sets, as bash would read it. */
  const sourced = () =>
    spawnSync('bash', ['-c', `. ${join(dir, 'tmp', 'ci-cluster.env')}; echo "$TFT_KUBE_CONTEXT|$KUBE_CONFIG_PATH"`], { encoding: 'utf8' })
      .stdout;

  test("uses the GitLab agent's context when the job's KUBECONFIG has it and it answers, for kubectl and the synth", () => {
    const run = connect({ KUBECONFIG: '/builds/amc.tmp/KUBECONFIG', CONTEXTS: `other/project:agent ${name.agentKubeContext}` });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`ci-cluster: ${name.cluster} through the GitLab agent (kube context ${name.agentKubeContext})\n`);
    expect(stubs.calls()).toEqual([
      'kubectl config get-contexts -o name',
      `kubectl --context ${name.agentKubeContext} --request-timeout=10s version -o json`,
      `kubectl config use-context ${name.agentKubeContext}`,
    ]);
    expect(sourced()).toBe(`${name.agentKubeContext}|/builds/amc.tmp/KUBECONFIG\n`);
  });

  test("falls back to the endpoint when the agent's context is missing or does not answer; exports nothing then", () => {
    for (const env of [
      { KUBECONFIG: '/k', CONTEXTS: `${name.agentKubeContext}`, AGENT_DOWN: '1' } as Record<string, string>,
      { KUBECONFIG: '/k', CONTEXTS: 'other:agent' },
      {},
    ]) {
      stubs.reset();
      const run = connect(env);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(
        `ci-cluster: the API of ${name.cluster} answers at https://ABCD.gr7.eu-west-1.eks.amazonaws.com; kubectl points at it\n`,
      );
      expect(stubs.calls()).toContain(`aws eks update-kubeconfig --name ${name.cluster} --region ${dev.aws.region}`);
      expect(exported()).toBe('');
    }
    expect(connect({ KUBECONFIG: '/k', CONTEXTS: name.agentKubeContext, AGENT_DOWN: '1' }).stderr).toBe(
      `ci-cluster: the GitLab agent's context ${name.agentKubeContext} did not answer (Unable to connect to the server: EOF); trying the EKS endpoint\n`,
    );
  });

  test('without the agent and without reach, says in one message what to set up, and fails', () => {
    const run = connect({ UNREACHABLE: '1' });
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`cannot reach ${name.cluster} from this job: no GitLab agent context ${name.agentKubeContext} here`);
    expect(run.stderr).toContain('set the CI/CD variable AMC_CLUSTER_RUNNER_TAG');
    expect(run.stderr).toContain('apply amc-flux from a laptop inside cluster.publicAccessCidrs');
    expect(stubs.calls().filter((c) => c.includes('update-kubeconfig'))).toEqual([]);
  });

  test("a cluster already gone ends the teardown's connect quietly, and fails any other job", () => {
    const teardown = connect({ GONE: '1', TFT_STACK: '' }, '--may-be-gone');
    expect(teardown.status).toBe(0);
    expect(teardown.stdout).toBe(`ci-cluster: ${name.cluster} no longer exists; nothing to drain, the teardown destroys what is left\n`);
    const plan = connect({ GONE: '1' });
    expect(plan.status).toBe(1);
    expect(plan.stderr).toBe(`ci-cluster: ${name.cluster} does not exist; deploy the amc stack of dev first\n`);
    const denied = connect({ DENIED: '1' }, '--may-be-gone');
    expect(denied.status).toBe(1);
    expect(denied.stderr).toBe(`ci-cluster: cannot describe ${name.cluster}: An error occurred (AccessDeniedException)\n`);
  });

  test('needs no cluster for the other stacks, and refuses unknown arguments', () => {
    const run = connect({ TFT_STACK: 'amc' });
    expect(run.stdout).toBe('ci-cluster: amc does not talk to the cluster API; no cluster needed\n');
    expect(stubs.calls()).toEqual([]);
    expect(exported()).toBe('');
    expect(stubs.run('bash', ['scripts/ci-cluster.sh', 'preflight'], { cwd: dir, env: { TFT_CONTEXT: 'dev' } }).status).toBe(2);
    expect(connect({}, '--force').stderr).toBe("ci-cluster: unknown option '--force' (only --may-be-gone)\n");
  });
});
