// Cost: 11.1 s here (2 cores, npm run test:all running; 10.3 s before the second merge request's pipeline, which added
// 7% to the suite alone): six gitlab-ci-local pipelines (thirteen runs, about 44 jobs since merge requests plan amc
// only), in beforeAll.
// The GitLab pipeline (.gitlab-ci.yml and ci/), offline, with gitlab-ci-local 4.72.0 (it validates GitLab's JSON schema
// first): the jobs each pipeline source runs and their `when`, then each source's pipeline run once for real
// (--force-shell-executor --shell-isolation, so artifacts travel only as GitLab passes them) in a throw-away git copy
// of the repository, against stub task, terraform, aws, kubectl, flux, curl, npm and apt-get that record their calls.
// The merge requests' checkov jobs run against a stub checkov that records its argv.
// Alone: 11.5 s and 17 s of CPU on our 2-core machines before that pipeline (about 12.3 s and 18 s after; 11.2 s and
// 18 s at best with amc-only merge-request plans, 16 s on a busier machine), nearly all of it the pipelines that
// beforeAll runs at once (the assertions only read their output). perf puts about three quarters of it in
// gitlab-ci-local itself: its JavaScript, and the rsync and git it runs to copy the work tree, caches and artifacts for
// each job; the job scripts take a tenth.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { contexts, ROOT } from './fixtures';
import { StubBin } from './stubs';

const CLI = join(ROOT, 'node_modules', 'gitlab-ci-local', 'dist', 'index.js');
const PINS = readFileSync(join(ROOT, 'ci', 'tools.env'), 'utf8');
const pin = (name: string) => new RegExp(`^${name}=(.+)$`, 'm').exec(PINS)?.[1];
const ROLE = 'arn:aws:iam::123456789012:role/amc-terraform';
const PLAN_ROLE = 'arn:aws:iam::123456789012:role/amc-plan';
const TOKEN = 'eyJ.id-token.sig';

/**
 * task as the Taskfile's tft:* would behave, as far as CI sees: a plan saves tmp/plans/<id>.* and the stack's JSON, an
 * apply refuses without its saved plan, and a failed command exits 201 unless `task -x` passes its code through.
 * Each call is logged in $STUB/tasks as `job|context|stack|args`, with what auth (the role, TFT_ROLE, the token) and
 * artifacts the job had.
 * $DRIFT names a stack whose -detailed-exitcode plan finds drift.
 */
const TASK = `log() { echo "$CI_JOB_NAME|\${TFT_CONTEXT:-}|\${TFT_STACK:-}|$*" >> "$STUB/tasks"; }
log "$@"
x=; if [ "$1" = -x ]; then x=1; shift; fi
name=$1; shift; if [ "\${1:-}" = -- ]; then shift; fi
id="$TFT_STACK-$TFT_CONTEXT"
status=0
case "$name" in
  tft:plan)
    mkdir -p tmp/plans "cdktf.out/stacks/$id"
    echo "plan of $id by $CI_JOB_NAME in pipeline $CI_PIPELINE_ID" > "tmp/plans/$id.tfplan"
    echo '{"stack": "'"$id"'"}' > "cdktf.out/stacks/$id/cdk.tf.json"
    echo '{"create": 1, "update": 0, "delete": 0}' > "tmp/plans/$id.summary.json"
    # What the synth behind a plan writes for the checkov job (policy/pack.ts writeReport).
    mkdir -p cdktf.out/checkov
    echo '{"failed_checks": []}' > "cdktf.out/checkov/$id.baseline.json"
    echo 'CKV_AWS_39,CKV_AWS_58' > cdktf.out/checkov/hard-fail-on
    if [ "$TFT_STACK" = "\${DRIFT:-}" ] && [[ " $* " == *" -detailed-exitcode "* ]]; then
      echo '{"resource_changes": [
        {"address": "aws_eks_cluster.cluster", "change": {"actions": ["update"]}},
        {"address": "aws_security_group.nodes", "change": {"actions": ["delete", "create"]}},
        {"address": "data.aws_caller_identity.me", "change": {"actions": ["read"]}},
        {"address": "aws_kms_key.secrets", "change": {"actions": ["no-op"]}}]}' > "tmp/plans/$id.plan.json"
      status=2
    else
      echo '{"resource_changes": []}' > "tmp/plans/$id.plan.json"
    fi
    log "auth: role=\${AWS_ROLE_ARN:-} TFT_ROLE=\${TFT_ROLE:-} token=$(cat "\${AWS_WEB_IDENTITY_TOKEN_FILE:-/dev/null}")"
    ;;
  tft:apply)
    if [ -f "tmp/plans/$id.tfplan" ] && [ -f "cdktf.out/stacks/$id/cdk.tf.json" ]; then
      log "applies: $(cat "tmp/plans/$id.tfplan"); plans here: $(cd tmp/plans && echo *)"
    else
      echo "tft: no saved plan for $id" >&2; status=1
    fi
    ;;
esac
if [ "$status" = 0 ]; then exit 0; fi
if [ -n "$x" ]; then exit "$status"; fi
exit 201`;

/**
 * aws answering describe-cluster with an endpoint that names the cluster, each call logged in $STUB/aws-calls as
 * `job|role|TFT_ROLE|args`; curl fails to reach $UNREACHABLE's.
 */
const PROGRAMS: Record<string, string> = {
  task: TASK,
  terraform: 'exit 0',
  aws: `echo "$CI_JOB_NAME|\${AWS_ROLE_ARN:-}|\${TFT_ROLE:-}|$*" >> "$STUB/aws-calls"
if [ "$1 $2" = "eks describe-cluster" ]; then echo "https://ABCD.gr7.eu-west-1.eks.amazonaws.com/$4"; fi`,
  kubectl: 'exit 0',
  flux: 'exit 0',
  curl: `if [ -n "\${UNREACHABLE:-}" ] && [[ "$*" == *"$UNREACHABLE"* ]]; then exit 28; fi`,
  npm: 'exit 0',
  'apt-get': 'exit 0',
  // Checkov 3.3 as the job calls it; it fails the plan named by $CHECKOV_FAILS, like a hard-fail-on check failing.
  checkov: `echo "$CI_JOB_NAME|$*" >> "$STUB/scans"; [[ "$*" != *"\${CHECKOV_FAILS:-none}.plan.json"* ]]`,
};

const STACKS = ['amc-gitlab', 'amc', 'amc-flux'];
/**
 * What a merge request plans: amc only. The plan role reads amc's state and no secret; amc-gitlab's plan reads the
 * deploy key and amc-flux's Flux's secrets in the cluster, so both are planned on the context's branch (README, CI/CD).
 */
const MR_STACKS = ['amc'];
type Source = {
  name: string;
  variables: Record<string, string>;
  unset?: string[];
  manual?: string[];
  env?: Record<string, string>;
  /** Only these jobs (gitlab-ci-local's job arguments and --needs), rather than the whole pipeline. */
  only?: string[];
  /** CI/CD variables by environment scope, as GitLab's settings hold them (gitlab-ci-local's variables file). */
  scoped?: Record<string, Record<string, string>>;
};
// Both roles' variables reach every pipeline here, so that a job using the wrong one shows.
const AUTH = { AWS_ID_TOKEN: TOKEN, AMC_TERRAFORM_ROLE_ARN: ROLE, AMC_PLAN_ROLE_ARN: PLAN_ROLE };
/** A merge request's pipeline: GitLab runs it on the source branch, whose name its ID token's `sub` carries. */
const mergeRequest = (iid: string, source: string, target: string) => ({
  CI_PIPELINE_SOURCE: 'merge_request_event',
  CI_MERGE_REQUEST_IID: iid,
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: source,
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: target,
  CI_COMMIT_REF_NAME: source,
});
const MERGE_REQUESTS = ['merge request', 'merge request from dev to main'];
const SOURCES: Source[] = [
  // From an unprotected feature branch: GITLAB_TOKEN, being protected, does not reach it; the amc plans need none.
  { name: 'merge request', variables: { ...mergeRequest('7', 'feature', 'dev'), ...AUTH }, unset: ['CI_COMMIT_BRANCH'] },
  // Between protected branches GITLAB_TOKEN may reach it (README, CI/CD), and still no amc-gitlab plan runs; nobody has
  // set prod's AMC_PLAN_ROLE_ARN yet. Only the plans and the scan run.
  {
    name: 'merge request from dev to main',
    variables: { ...mergeRequest('8', 'dev', 'main'), GITLAB_TOKEN: 'glpat-x', AWS_ID_TOKEN: TOKEN, AMC_TERRAFORM_ROLE_ARN: ROLE },
    scoped: { AMC_PLAN_ROLE_ARN: { dev: PLAN_ROLE } },
    unset: ['CI_COMMIT_BRANCH'],
    env: { CHECKOV_FAILS: 'amc-dev' },
    only: ['checkov', '--needs'],
  },
  { name: 'push to dev', variables: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'dev', GITLAB_TOKEN: 'glpat-x', ...AUTH } },
  // A person runs each manual prod apply.
  {
    name: 'push to main',
    variables: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', GITLAB_TOKEN: 'glpat-x', ...AUTH },
    manual: STACKS.map((stack) => `${stack}:apply`),
  },
  // Without GITLAB_TOKEN, someone changed the amc stack's resources by hand, and prod's API is closed to the runner.
  {
    name: 'schedule',
    variables: { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', ...AUTH },
    env: { DRIFT: 'amc', UNREACHABLE: 'amc-prod-eks' },
  },
  {
    name: 'web',
    variables: { CI_PIPELINE_SOURCE: 'web', CI_COMMIT_BRANCH: 'dev', CI_COMMIT_REF_PROTECTED: 'true', GITLAB_TOKEN: 'glpat-x', ...AUTH },
    manual: ['teardown'],
  },
];

/**
 * A git repository holding what the jobs read of this one's tracked and new files, with node_modules linked, as
 * gitlab-ci-local wants. --shell-isolation copies the whole work tree into each job's build folder, so the copy is kept
 * small: the app's sources, tests and Flux tree are left out (with task, npm and the CLIs stubbed, no job reads them;
 * scripts/names.ts reads config/), and git's own files live outside the work tree, a `.git` file pointing at them.
 * That makes about 60 files a job instead of 350, which was most of this suite's CPU.
 */
const NOT_READ_BY_JOBS = /^(test|constructs|stacks|policy|flux)\//;
function repoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amc-pipeline-'));
  const files = spawnSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim().split('\n');
  for (const file of files.filter((f) => !NOT_READ_BY_JOBS.test(f) && existsSync(join(ROOT, f)))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q', '-b', 'main', '--template=', `--separate-git-dir=${dir}.git`);
  git('add', '-A');
  git('-c', 'user.name=amc', '-c', 'user.email=amc@example.com', 'commit', '-qm', 'copy');
  git('remote', 'add', 'origin', 'git@gitlab.com:acme/amc.git');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  return dir;
}

/** The stubs, also standing in for the cached CLIs that scripts/ci-tools.sh finds at their pinned versions. */
function stubsAsTools(): { stubs: StubBin; tools: string } {
  const stubs = new StubBin(PROGRAMS);
  const tools = mkdtempSync(join(tmpdir(), 'amc-tools-'));
  symlinkSync(stubs.dir, join(tools, 'bin'));
  for (const [tool, version] of [
    ['terraform', 'TERRAFORM'],
    ['task', 'TASK'],
    ['aws', 'AWSCLI'],
    ['kubectl', 'KUBECTL'],
    ['flux', 'FLUX'],
  ]) {
    writeFileSync(join(stubs.dir, `.${tool}-${pin(`${version}_VERSION`)}`), '');
  }
  return { stubs, tools };
}

function gitlabCiLocal(cwd: string, source: Source, extra: string[], env: Record<string, string> = {}) {
  const args = [CLI, '--no-color', '--home', join(cwd, '.home'), '--ignore-predefined-vars', Object.keys(source.variables).join(',')];
  for (const [key, value] of Object.entries(source.variables)) args.push('--variable', `${key}=${value}`);
  for (const key of source.unset ?? []) args.push('--unset-variable', key);
  return new Promise<{ stdout: string; out: string }>((resolve) => {
    const child = spawn(process.execPath, [...args, ...extra], { cwd, env: { ...process.env, ...env } });
    let [stdout, out] = ['', ''];
    child.stdout.on('data', (d) => ((stdout += d), (out += d)));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', () => resolve({ stdout, out }));
  });
}

type Run = {
  jobs: { name: string; when: string; allow_failure: unknown }[];
  /** What the --list-json run printed besides the list: the schema check. */
  listed: string;
  /** Each checkov call as `job|argv`. */
  checkov: string[];
  /** Each aws call as `job|AWS_ROLE_ARN|TFT_ROLE|argv`. */
  aws: string[];
  out: string;
  status: Record<string, string>;
  tasks: string[];
  /** What gitlab-ci-local says when asked to run the pipeline with no manual job run. */
  unattended: string;
};

/** The lines a job printed, without the job-name column. */
function jobLog(run: Run, job: string): string[] {
  const prefix = new RegExp(`^${job.replace(/[[\]]/g, '\\$&')} +`);
  return run.out
    .split('\n')
    .filter((line) => prefix.test(line))
    .map((line) => line.replace(prefix, ''));
}

const runs: Record<string, Run> = {};
const cleanup: string[] = [];

beforeAll(async () => {
  await Promise.all(
    SOURCES.map(async (source) => {
      const dir = repoCopy();
      if (source.scoped) {
        const values = Object.fromEntries(Object.entries(source.scoped).map(([key, scopes]) => [key, { values: scopes }]));
        writeFileSync(join(dir, '.gitlab-ci-local-variables.yml'), stringify(values));
      }
      const { stubs, tools } = stubsAsTools();
      cleanup.push(dir, `${dir}.git`, tools, stubs.dir);
      // GitLab's schema is checked once, by the first listing: the expanded file is the same for every source (0.3 s a run).
      const once = source === SOURCES[0] ? [] : ['--no-json-schema-validation'];
      const listed = await gitlabCiLocal(dir, source, ['--list-json', ...once]);
      const jobs = (JSON.parse(listed.stdout) as Run['jobs']).filter((job) => job.when !== 'never');
      // Every run gets the stubs first on PATH: a real npm ci would empty the linked node_modules.
      const env = { ...source.env, PATH: `${stubs.dir}:${process.env.PATH}` };
      const withTools = { ...source, variables: { ...source.variables, AMC_TOOLS_DIR: tools } };
      // The first listing validated the schema already.
      const shell = ['--force-shell-executor', '--shell-isolation', '--no-artifacts-to-source', '--no-json-schema-validation'];
      const unattended = source.name === 'push to main' ? (await gitlabCiLocal(dir, withTools, shell, env)).out : '';
      const manual = (source.manual ?? []).flatMap((job) => ['--manual', job]);
      const { out } = await gitlabCiLocal(dir, withTools, [...shell, ...manual, ...(source.only ?? [])], env);
      const status: Record<string, string> = {};
      for (const line of out.split('\n')) {
        const result = /^ (PASS|WARN|FAIL) {2}(.+?)\s*(?:pre_script)?$/.exec(line);
        if (result) status[result[2]] = result[1];
      }
      const lines = (name: string) => {
        const log = join(stubs.dir, name);
        return existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n') : [];
      };
      runs[source.name] = {
        jobs,
        listed: listed.out,
        out,
        status,
        tasks: lines('tasks'),
        checkov: lines('scans'),
        aws: lines('aws-calls'),
        unattended,
      };
    }),
  );
}, 120_000);

afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const CHECKS = ['lint', 'test', 'synth', 'validate'].map((name) => [name, 'on_success']);
const deploy = (apply: string) => [
  ...STACKS.flatMap((stack) => [
    [`${stack}:plan`, 'on_success'],
    [`${stack}:apply`, apply],
  ]),
  ['flux:status', 'on_success'],
];

describe('the jobs each pipeline source runs, and when', () => {
  test('the pipeline passes GitLab JSON schema', () => {
    expect(runs[SOURCES[0].name].listed).toContain('json schema validated');
    expect(Object.keys(runs)).toHaveLength(SOURCES.length);
  });

  const mrJobs = [
    ...CHECKS,
    ...['dev', 'prod'].flatMap((ctx) => MR_STACKS.map((stack) => [`plan: [${ctx},${stack}]`, 'on_success'])),
    ['checkov', 'always'],
  ];
  test.each([
    ['merge request', mrJobs],
    ['merge request from dev to main', mrJobs],
    ['push to dev', [...CHECKS, ...deploy('on_success')]],
    ['push to main', [...CHECKS, ...deploy('manual')]],
    ['schedule', STACKS.map((stack) => [`drift: [${stack}]`, 'on_success'])],
    ['web', [...STACKS.map((stack) => [`drift: [${stack}]`, 'on_success']), ['teardown', 'manual']]],
  ])('%s', (source, expected) => {
    expect(runs[source].jobs.map((job) => [job.name, job.when])).toEqual(expected);
  });

  test.each(MERGE_REQUESTS)('a %s plans amc only: never amc-gitlab nor amc-flux, and never applies, drifts or tears down', (source) => {
    const names = runs[source].jobs.map((job) => job.name);
    expect(names.filter((name) => name.startsWith('plan'))).toEqual(['plan: [dev,amc]', 'plan: [prod,amc]']);
    expect(names.filter((name) => /apply|drift|teardown|amc-gitlab|amc-flux/.test(name))).toEqual([]);
    // No job of the pipeline ran a task on either stack but validate, which reads no state.
    expect(runs[source].tasks.filter((t) => !t.startsWith('validate|') && /\|amc-(gitlab|flux)\|/.test(t))).toEqual([]);
  });

  test('prod applies block the pipeline until someone runs them; the teardown does not', () => {
    const job = (source: string, name: string) => runs[source].jobs.find((j) => j.name === name);
    for (const stack of STACKS) expect(job('push to main', `${stack}:apply`)?.allow_failure).toBe(false);
    expect(job('web', 'teardown')?.allow_failure).toBe(true);
  });

  test('each context deploys from the branch its clusters sync from (gitlab.branch in config/<ctx>.ts)', () => {
    const contextOf = (source: string) => new Set(runs[source].tasks.filter((t) => t.includes('tft:plan')).map((t) => t.split('|')[1]));
    expect(contexts.map((c) => [c.name, c.gitlab.branch])).toEqual([
      ['dev', 'dev'],
      ['prod', 'main'],
    ]);
    expect(contextOf('push to dev')).toEqual(new Set(['dev']));
    expect(contextOf('push to main')).toEqual(new Set(['prod']));
  });
});

/** A job's task calls' auth lines, as `role TFT_ROLE token`. */
const auth = (run: Run) =>
  run.tasks
    .filter((t) => t.includes('|auth:'))
    .map((t) => [t.split('|')[0], /\|auth: role=(\S*) TFT_ROLE=(\S*) token=(\S*)$/.exec(t)?.slice(1).join(' ')]);

describe('a merge request pipeline, run', () => {
  const run = () => runs['merge request'];

  test('plans amc of each context, read-only, with the summary the MR widget reads', () => {
    for (const job of ['plan: [dev,amc]', 'plan: [prod,amc]']) {
      expect(run().status[job]).toBe('PASS');
      const [ctx, stack] = /\[(\w+),([\w-]+)\]/.exec(job)?.slice(1) ?? [];
      expect(run().tasks).toContain(`${job}|${ctx}|${stack}|-x tft:plan -- -lock=false`);
    }
    expect(run().tasks.filter((t) => /tft:(apply|teardown|destroy)/.test(t))).toEqual([]);
  });

  test('runs Checkov on the amc plans, which need no protected variable, and passes', () => {
    expect(run().checkov.map((c) => /--file (\S+)/.exec(c)?.[1])).toEqual(['tmp/plans/amc-dev.plan.json', 'tmp/plans/amc-prod.plan.json']);
    expect(run().status['checkov']).toBe('PASS');
    expect(jobLog(run(), 'checkov')).toContain('> ci-checkov: 2 plan(s) agree with the policy pack');
  });

  test('runs every test suite, the integration ones included, with the rsync gitlab-ci-local needs', () => {
    expect(run().status['test']).toBe('PASS');
    const log = jobLog(run(), 'test').filter((line) => line.startsWith('$ '));
    const rsync = log.findIndex((line) => /apt-get install .*\brsync\b/.test(line));
    expect(rsync).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('$ npm run test:all')).toBeGreaterThan(rsync);
  });

  test('validates every stack of every context', () => {
    expect(
      run()
        .tasks.filter((t) => t.startsWith('validate|'))
        .map((t) => t.split('|').slice(1).join(' ')),
    ).toEqual(['dev', 'prod'].flatMap((ctx) => STACKS.map((stack) => `${ctx} ${stack} tft:validate`)));
  });
});

describe('a merge request pipeline from dev to main, run (plans and checkov only)', () => {
  const run = () => runs['merge request from dev to main'];

  test("plans dev's amc stack, read-only, and no amc-gitlab though GITLAB_TOKEN reaches it", () => {
    for (const stack of MR_STACKS) {
      const job = `plan: [dev,${stack}]`;
      expect(run().status[job]).toBe('PASS');
      expect(run().tasks).toContain(`${job}|dev|${stack}|-x tft:plan -- -lock=false`);
    }
    expect(Object.keys(run().status).filter((job) => job.includes('amc-gitlab'))).toEqual([]);
  });

  test("stops prod's plans before anything runs without prod's AMC_PLAN_ROLE_ARN, as a warning", () => {
    for (const stack of MR_STACKS) {
      const job = `plan: [prod,${stack}]`;
      expect(run().status[job]).toBe('WARN');
      expect(jobLog(run(), job)).toContain(
        "> ci-require: AMC_PLAN_ROLE_ARN is not set (a CI/CD variable scoped to the job's environment, not protected: the bootstrap stack's plan role ARN); see README, CI/CD",
      );
      expect(run().tasks.filter((t) => t.startsWith(job))).toEqual([]);
    }
  });

  test("runs Checkov on each saved plan with its stack's baseline, failing only on the checks the policy pack maps to", () => {
    const planned = ['amc-dev'];
    expect(run().checkov).toEqual(
      planned.map(
        (id) =>
          `checkov|--file tmp/plans/${id}.plan.json --framework terraform_plan --baseline cdktf.out/checkov/${id}.baseline.json --output-baseline-as-skipped ` +
          `--hard-fail-on CKV_AWS_39,CKV_AWS_58 --compact --output cli --output junitxml --output-file-path console,tmp/checkov/${id}.xml`,
      ),
    );
    // The stub fails amc-dev: the job fails naming it (scripts/ci-checkov.sh scans every plan first: test/ci-scripts).
    expect(run().status['checkov']).toBe('FAIL');
    expect(jobLog(run(), 'checkov').join('\n')).toContain('ci-checkov: failed for amc-dev:');
  });
});

describe.each(MERGE_REQUESTS)('a %s pipeline, as GitLab would authenticate it', (source) => {
  const run = () => runs[source];

  test('plans amc as the plan role (AMC_PLAN_ROLE_ARN, TFT_ROLE=plan), with the OIDC token', () => {
    // prod's plan role is unset in the merge request from dev to main: its plan warns (above) and authenticates nothing.
    const planned = source === 'merge request' ? ['plan: [dev,amc]', 'plan: [prod,amc]'] : ['plan: [dev,amc]'];
    expect(planned.map((job) => run().status[job])).toEqual(planned.map(() => 'PASS'));
    // The plan jobs share a stage and run side by side: their order is not the pipeline's.
    expect(auth(run()).sort()).toEqual(planned.map((job) => [job, `${PLAN_ROLE} plan ${TOKEN}`]));
  });

  test('never uses the deploy role, though AMC_TERRAFORM_ROLE_ARN is set', () => {
    expect([...run().tasks, ...run().aws].filter((line) => line.includes(ROLE))).toEqual([]);
    expect(run().out).not.toContain(ROLE);
  });
});

/** The deploy jobs' task calls, in order, as `job context`. */
const steps = (run: Run) =>
  run.tasks.filter((t) => !t.startsWith('validate|') && !/\|(auth|applies):/.test(t)).map((t) => t.split('|').slice(0, 2).join(' '));
const ORDER = ['amc-gitlab:plan', 'amc-gitlab:apply', 'amc:plan', 'amc:apply', 'amc-flux:plan', 'amc-flux:apply', 'flux:status'];

describe('a push to dev, run', () => {
  const run = () => runs['push to dev'];

  test('plans and applies the stacks in deploy order, then shows Flux', () => {
    expect(steps(run())).toEqual(ORDER.map((job) => `${job} dev`));
    expect(Object.values(run().status).every((s) => s === 'PASS')).toBe(true);
  });

  test('applies the plan its own pipeline made, and only that one', () => {
    for (const stack of STACKS) {
      expect(run().tasks).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${stack}:apply\\|dev\\|${stack}\\|applies: plan of ${stack}-dev by ${stack}:plan in pipeline \\d+; plans here: ${stack}-dev.plan.json ${stack}-dev.summary.json ${stack}-dev.tfplan$`,
          ),
        ),
      );
    }
  });

  test('authenticates with the OIDC token in a file and the environment-scoped deploy role, no key', () => {
    expect(auth(run())).toEqual(STACKS.map((stack) => [`${stack}:plan`, `${ROLE}  ${TOKEN}`]));
    // The cluster preflights and flux:status's kubeconfig, as the deploy role too.
    expect(run().aws.length).toBeGreaterThanOrEqual(3);
    for (const line of run().aws) expect(line).toMatch(new RegExp(`^[^|]+\\|${ROLE}\\|\\|`));
    expect([...run().tasks, ...run().aws, run().out].join('\n')).not.toContain(PLAN_ROLE);
    expect(run().out).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)/);
  });

  test('checks the cluster API before each amc-flux job, and points kubectl at it for flux', () => {
    const log = jobLog(run(), 'flux:status');
    const order = ['$ scripts/ci-cluster.sh preflight', '$ scripts/ci-cluster.sh kubeconfig', '$ task flux:status'].map((l) =>
      log.indexOf(l),
    );
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]))).toBe(true);
    expect(log).toContain('> ci-cluster: the API of amc-dev-eks answers at https://ABCD.gr7.eu-west-1.eks.amazonaws.com/amc-dev-eks');
    expect(jobLog(run(), 'amc:plan')).toContain('> ci-cluster: amc does not talk to the cluster API; no preflight');
  });
});

describe('a push to main, run', () => {
  const run = () => runs['push to main'];

  test('goes no further than the first prod plan until someone runs its manual apply', () => {
    expect(run().unattended).toContain('amc-gitlab:apply is when:manual, its needed by amc:plan, and not specified in --manual');
  });

  test('deploys prod in order once each manual apply is run, each applying its own plan', () => {
    expect(steps(run())).toEqual(ORDER.map((job) => `${job} prod`));
    for (const stack of STACKS)
      expect(run().tasks).toContainEqual(expect.stringContaining(`applies: plan of ${stack}-prod by ${stack}:plan`));
  });
});

describe('a scheduled pipeline, run', () => {
  const run = () => runs['schedule'];

  test('fails the drift check of a changed stack, listing what differs, and applies nothing', () => {
    expect(run().status['drift: [amc]']).toBe('FAIL');
    const log = jobLog(run(), 'drift: [amc]');
    expect(log).toEqual(
      expect.arrayContaining([
        '> drift: amc-prod: 2 resources differ from the code:',
        '>   update         aws_eks_cluster.cluster',
        '>   delete+create  aws_security_group.nodes',
      ]),
    );
    expect(log.join('\n')).not.toMatch(/caller_identity|aws_kms_key/);
    // The drift jobs share a stage and need nothing, so they run side by side: their order is not the pipeline's.
    expect(
      run()
        .tasks.filter((t) => !t.includes('|auth:'))
        .map((t) => t.split('|').slice(1).join(' '))
        .sort(),
    ).toEqual(['prod amc -x tft:plan -- -detailed-exitcode']);
  });

  test('fails the amc-flux check within seconds when the cluster API does not answer, saying what to change', () => {
    const job = 'drift: [amc-flux]';
    expect(run().status[job]).toBe('FAIL');
    expect(jobLog(run(), job).join('\n')).toContain(
      "The runner's egress addresses must be in cluster.publicAccessCidrs, or a runner inside the VPC must run the amc-flux jobs.",
    );
    expect(run().tasks.filter((t) => t.startsWith(job))).toEqual([]);
  });

  test('fails the amc-gitlab check at once without GITLAB_TOKEN', () => {
    expect(run().status['drift: [amc-gitlab]']).toBe('FAIL');
    expect(jobLog(run(), 'drift: [amc-gitlab]').join('\n')).toContain('ci-require: GITLAB_TOKEN is not set');
  });
});

describe('a pipeline run from the web, run', () => {
  test('passes the drift checks of unchanged stacks', () => {
    for (const stack of STACKS) expect(runs['web'].status[`drift: [${stack}]`]).toBe('PASS');
  });

  test('tears the branch context down when someone runs it: cluster checked, kubectl pointed, drained and destroyed', () => {
    const run = runs['web'];
    expect(run.status['teardown']).toBe('PASS');
    const log = jobLog(run, 'teardown').filter(
      (line) => line.startsWith('$ ') && !/npm|ci-tools|export|mkdir|printf|ci-require/.test(line),
    );
    expect(log).toEqual([
      '$ TFT_STACK=amc-flux scripts/ci-cluster.sh preflight',
      '$ scripts/ci-cluster.sh kubeconfig',
      '$ task -x tft:teardown -- -auto-approve',
    ]);
    expect(run.tasks).toContain('teardown|dev||-x tft:teardown -- -auto-approve');
  });
});

describe('.gitlab-ci.yml', () => {
  const files = [
    '.gitlab-ci.yml',
    ...readdirSync(join(ROOT, 'ci'))
      .filter((f) => f.endsWith('.yml'))
      .map((f) => `ci/${f}`),
  ];
  const text = files.map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');

  test('includes only local files', () => {
    const include = parse(readFileSync(join(ROOT, '.gitlab-ci.yml'), 'utf8')).include as Record<string, string>[];
    expect(include.every((i) => Object.keys(i).join() === 'local' && existsSync(join(ROOT, i.local)))).toBe(true);
  });

  test('pins its image by exact version, and stores no AWS key', () => {
    expect(text).toMatch(/image: node:22\.\d+\.\d+-bookworm/);
    // Checkov's scanner image, tagged per release (bridgecrewio/checkov, .github/workflows/build.yml).
    expect(text).toMatch(/name: bridgecrew\/checkov:\d+\.\d+\.\d+\n/);
    expect(text).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)|:latest/);
  });

  test('pins every CLI it installs with a sha256', () => {
    for (const name of ['TERRAFORM', 'TASK', 'AWSCLI', 'KUBECTL', 'FLUX']) {
      expect(pin(`${name}_VERSION`)).toMatch(/^\d+\.\d+\.\d+$/);
      expect(pin(`${name}_SHA256`)).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
