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
import { names } from '../config';
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
if [ -n "\${TFT_KUBE_CONTEXT:-}" ]; then log "kube: \${TFT_KUBE_CONTEXT} \${KUBE_CONFIG_PATH:-}"; fi
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
 * aws answering describe-cluster with an endpoint that names the cluster, or as EKS does once it is deleted ($GONE),
 * each call logged in $STUB/aws-calls as `job|role|TFT_ROLE|args`; curl fails to reach $UNREACHABLE's. kubectl has the
 * GitLab agent's contexts that $AGENTS names, as GitLab's KUBECONFIG would, each call logged in $STUB/kubectl-calls as
 * `job|args`. npm logs `job|GITLAB_TOKEN?|AWS_ID_TOKEN?|args` in $STUB/npm-calls.
 */
const PROGRAMS: Record<string, string> = {
  task: TASK,
  terraform: 'echo "$CI_JOB_NAME|$*" >> "$STUB/terraform-calls"',
  aws: `echo "$CI_JOB_NAME|\${AWS_ROLE_ARN:-}|\${TFT_ROLE:-}|$*" >> "$STUB/aws-calls"
if [ "$1 $2" = "eks describe-cluster" ]; then
  if [ -n "\${GONE:-}" ]; then echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: $4." >&2; exit 254; fi
  echo "https://ABCD.gr7.eu-west-1.eks.amazonaws.com/$4"
fi`,
  kubectl: `echo "$CI_JOB_NAME|$*" >> "$STUB/kubectl-calls"
if [ "$*" = "config get-contexts -o name" ] && [ -n "\${KUBECONFIG:-}" ]; then printf '%s\\n' \${AGENTS:-}; fi`,
  flux: 'exit 0',
  curl: `if [ -n "\${UNREACHABLE:-}" ] && [[ "$*" == *"$UNREACHABLE"* ]]; then exit 28; fi`,
  npm: 'echo "$CI_JOB_NAME|gitlab=${GITLAB_TOKEN:+set}|aws=${AWS_ID_TOKEN:+set}|$*" >> "$STUB/npm-calls"',
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
const AUTH = { AWS_ID_TOKEN: TOKEN, AMC_TERRAFORM_ROLE_ARN: ROLE, AMC_PLAN_ROLE_ARN_dev: PLAN_ROLE, AMC_PLAN_ROLE_ARN_prod: PLAN_ROLE };
/** GITLAB_TOKEN as the README says to set it: scoped to the contexts' environments, which only the deploy jobs declare. */
const GITLAB_TOKEN = { GITLAB_TOKEN: { dev: 'glpat-x', prod: 'glpat-x' } };
/** The dev cluster's GitLab agent context, in a job's KUBECONFIG when the agent authorizes the job (GitLab docs). */
const agentOf = (ctx: string) => names(contexts.filter((c) => c.name === ctx)[0], { remoteBackend: true }).agentKubeContext;
const AGENT = agentOf('dev');
const KUBECONFIG = '/builds/acme/amc.tmp/KUBECONFIG';
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
  // Between protected branches GITLAB_TOKEN, scoped to the environments, still reaches no job: the plans declare none.
  // Nobody has set prod's AMC_PLAN_ROLE_ARN_prod yet. Only the plans and the scan run.
  {
    name: 'merge request from dev to main',
    variables: { ...mergeRequest('8', 'dev', 'main'), AWS_ID_TOKEN: TOKEN, AMC_TERRAFORM_ROLE_ARN: ROLE, AMC_PLAN_ROLE_ARN_dev: PLAN_ROLE },
    scoped: GITLAB_TOKEN,
    unset: ['CI_COMMIT_BRANCH'],
    env: { CHECKOV_FAILS: 'amc-dev' },
    only: ['checkov', '--needs'],
  },
  // dev's GitLab agent runs: GitLab gives the jobs of its environment the agent's context.
  {
    name: 'push to dev',
    variables: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'dev', KUBECONFIG, ...AUTH },
    scoped: GITLAB_TOKEN,
    env: { AGENTS: AGENT },
  },
  // A person runs each manual prod apply. prod has no agent yet; its API answers this runner.
  {
    name: 'push to main',
    variables: { CI_PIPELINE_SOURCE: 'push', CI_COMMIT_BRANCH: 'main', ...AUTH },
    scoped: GITLAB_TOKEN,
    manual: STACKS.map((stack) => `${stack}:apply`),
  },
  // Without GITLAB_TOKEN, someone changed the amc stack's resources by hand, and prod's API is closed to the runner,
  // which has no agent context either.
  {
    name: 'schedule',
    variables: { CI_PIPELINE_SOURCE: 'schedule', CI_COMMIT_BRANCH: 'main', KUBECONFIG, ...AUTH },
    env: { DRIFT: 'amc', UNREACHABLE: 'amc-prod-eks', AGENTS: 'acme/other:agent' },
  },
  {
    name: 'web',
    variables: { CI_PIPELINE_SOURCE: 'web', CI_COMMIT_BRANCH: 'dev', CI_COMMIT_REF_PROTECTED: 'true', ...AUTH },
    scoped: GITLAB_TOKEN,
    manual: ['teardown'],
  },
  // The teardown run again after one that destroyed the cluster and then failed or timed out.
  {
    name: 'web, after a teardown that stopped halfway',
    variables: { CI_PIPELINE_SOURCE: 'web', CI_COMMIT_BRANCH: 'dev', CI_COMMIT_REF_PROTECTED: 'true', ...AUTH },
    scoped: GITLAB_TOKEN,
    env: { GONE: 'amc-dev-eks' },
    manual: ['teardown'],
    only: ['teardown'],
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

/** The stubs, also standing in for the CLIs: scripts/ci-tools.sh takes them from PATH (AMC_TOOLS_FROM_PATH=true). */
function stubsAsTools(): { stubs: StubBin; tools: string } {
  const stubs = new StubBin(PROGRAMS);
  const tools = mkdtempSync(join(tmpdir(), 'amc-tools-'));
  symlinkSync(stubs.dir, join(tools, 'bin'));
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
  /** Each kubectl call as `job|argv`. */
  kubectl: string[];
  /** Each npm call as `job|gitlab=set?|aws=set?|argv`. */
  npm: string[];
  /** The cache keys the run's jobs wrote (gitlab-ci-local keeps each under .gitlab-ci-local/cache/<key>). */
  caches: string[];
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
/** The pipeline with includes, extends and references expanded (gitlab-ci-local --preview): each job's keywords. */
let preview: Record<string, { timeout?: string; tags?: string[]; environment?: unknown; artifacts?: { access?: string } }> = {};
/**
 * gitlab-ci-local 4.72's copy of GitLab's schema predates artifacts:access maintainer (gitlab-org/gitlab!201918): that
 * one enum is left unchecked, and a test below checks every access value instead.
 */
const IGNORED_SCHEMA = ['--ignore-schema-paths', '#/properties/access/enum'];
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
      const listed = await gitlabCiLocal(dir, source, ['--list-json', ...once, ...IGNORED_SCHEMA]);
      if (source === SOURCES[0]) preview = parse((await gitlabCiLocal(dir, source, ['--preview', '--no-json-schema-validation'])).stdout);
      const jobs = (JSON.parse(listed.stdout) as Run['jobs']).filter((job) => job.when !== 'never');
      // Every run gets the stubs first on PATH: a real npm ci would empty the linked node_modules.
      const env = { ...source.env, PATH: `${stubs.dir}:${process.env.PATH}` };
      const withTools = { ...source, variables: { ...source.variables, AMC_TOOLS_DIR: tools, AMC_TOOLS_FROM_PATH: 'true' } };
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
        kubectl: lines('kubectl-calls'),
        npm: lines('npm-calls'),
        caches: existsSync(join(dir, '.gitlab-ci-local', 'cache')) ? readdirSync(join(dir, '.gitlab-ci-local', 'cache')).sort() : [],
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

  test("stops prod's plans before anything runs without prod's AMC_PLAN_ROLE_ARN_prod, as a warning the scan names", () => {
    for (const stack of MR_STACKS) {
      const job = `plan: [prod,${stack}]`;
      expect(run().status[job]).toBe('WARN');
      const why =
        "ci-require: AMC_PLAN_ROLE_ARN_prod is not set (a CI/CD variable, not protected and in every environment scope: the plan role ARN of prod's bootstrap stack); see README, CI/CD";
      expect(jobLog(run(), job)).toContain(`> ${why}`);
      expect(jobLog(run(), 'checkov')).toContain(`> ci-checkov: ${stack}-prod not planned, not scanned: ${why}`);
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
  run.tasks.filter((t) => !t.startsWith('validate|') && !/\|(auth|applies|kube):/.test(t)).map((t) => t.split('|').slice(0, 2).join(' '));
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
    // The jobs reach dev's cluster through its agent: the AWS CLI is not called at all (push to main: below).
    expect(run().aws).toEqual([]);
    for (const line of runs['push to main'].aws) expect(line).toMatch(new RegExp(`^[^|]+\\|${ROLE}\\|\\|`));
    expect(runs['push to main'].aws.length).toBeGreaterThanOrEqual(6);
    expect([...run().tasks, ...run().aws, run().out].join('\n')).not.toContain(PLAN_ROLE);
    expect(run().out).not.toMatch(/AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)/);
  });

  test("reaches the cluster through dev's GitLab agent in every job that talks to it, and the synth uses its context", () => {
    const log = jobLog(run(), 'flux:status');
    const order = ['$ scripts/ci-cluster.sh connect', '$ . tmp/ci-cluster.env', '$ task flux:status'].map((l) => log.indexOf(l));
    expect(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1]))).toBe(true);
    for (const job of ['amc-flux:plan', 'amc-flux:apply', 'flux:status']) {
      expect(jobLog(run(), job)).toContain(`> ci-cluster: amc-dev-eks through the GitLab agent (kube context ${AGENT})`);
      expect(run().kubectl).toContain(`${job}|config use-context ${AGENT}`);
    }
    // The amc-flux plan and apply synthesize with TFT_KUBE_CONTEXT, and the providers read the job's KUBECONFIG.
    expect(run().tasks.filter((t) => t.includes('|kube:'))).toEqual(
      ['amc-flux:plan|dev|amc-flux', 'amc-flux:apply|dev|amc-flux', 'flux:status|dev|amc-flux'].map(
        (j) => `${j}|kube: ${AGENT} ${KUBECONFIG}`,
      ),
    );
    expect(jobLog(run(), 'amc:plan')).toContain('> ci-cluster: amc does not talk to the cluster API; no cluster needed');
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

  test('fails the amc-flux check within seconds when neither an agent nor the API answers, saying what to set up', () => {
    const job = 'drift: [amc-flux]';
    expect(run().status[job]).toBe('FAIL');
    const log = jobLog(run(), job).join('\n');
    expect(log).toContain(`cannot reach amc-prod-eks from this job: no GitLab agent context ${agentOf('prod')} here`);
    expect(log).toContain('set the CI/CD variable AMC_CLUSTER_RUNNER_TAG');
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
      '$ scripts/ci-cluster.sh connect --may-be-gone',
      '$ . tmp/ci-cluster.env',
      '$ task -x tft:teardown -- -auto-approve',
    ]);
    expect(run.tasks).toContain('teardown|dev||-x tft:teardown -- -auto-approve');
    expect(run.aws).toContain(`teardown|${ROLE}||eks update-kubeconfig --name amc-dev-eks --region eu-west-1`);
  });

  test('resumes a teardown whose cluster is already gone: no drain preflight, no kubeconfig, the rest destroyed', () => {
    const run = runs['web, after a teardown that stopped halfway'];
    expect(run.status['teardown']).toBe('PASS');
    expect(jobLog(run, 'teardown')).toContain(
      '> ci-cluster: amc-dev-eks no longer exists; nothing to drain, the teardown destroys what is left',
    );
    expect(run.aws.filter((line) => line.includes('update-kubeconfig'))).toEqual([]);
    expect(run.tasks).toEqual(['teardown|dev||-x tft:teardown -- -auto-approve']);
  });
});

/** GitLab's job timeout, in minutes ("30m", "2h", "1h 30m"). */
const minutes = (timeout = '') =>
  [...timeout.matchAll(/(\d+)\s*(h|m)/g)].reduce((sum, [, n, unit]) => sum + Number(n) * (unit === 'h' ? 60 : 1), 0);
/** A job's name without its matrix suffix, as the preview names it. */
const base = (job: string) => job.replace(/: \[.*\]$/, '');
/** The jobs of a run that talk to the cluster API: those whose ci-cluster step looked for a cluster. */
const clusterJobs = (run: Run) =>
  run.jobs
    .map((j) => j.name)
    .filter((job) => jobLog(run, job).some((l) => /^> ci-cluster: (?!.*no cluster needed)/.test(l) || /ci-cluster: cannot reach/.test(l)));

describe("each pipeline source: which jobs use the agent, which need the runner tag, and each job's time limit", () => {
  const table = () =>
    SOURCES.map((source) => {
      const run = runs[source.name];
      return [
        `${source.name}:`,
        ...run.jobs.map((job) => {
          const log = jobLog(run, job.name);
          const reach = log.some((l) => l.includes('through the GitLab agent'))
            ? 'agent'
            : log.some((l) => /answers at|cannot reach|no longer exists/.test(l))
              ? 'endpoint'
              : '-';
          const keywords = preview[base(job.name)] ?? {};
          return `  ${job.name.padEnd(24)} timeout ${String(keywords.timeout).padEnd(4)} tags ${(keywords.tags ?? []).join(',') || '-'}  cluster ${reach}`;
        }),
      ].join('\n');
    });

  test('prints the table (AMC_TEST_PIPELINE_LOG=1)', () => {
    if (process.env.AMC_TEST_PIPELINE_LOG) console.log(table().join('\n'));
    expect(table()).toHaveLength(SOURCES.length);
  });

  test('every job has a time limit; teardown at least 2 h, the amc apply (an EKS create) at least 1 h', () => {
    const jobs = Object.entries(preview).filter(([name, job]) => !name.startsWith('.') && typeof job === 'object' && 'script' in job);
    expect(jobs.length).toBeGreaterThan(10);
    for (const [name, job] of jobs) expect([name, minutes(job.timeout) > 0]).toEqual([name, true]);
    expect(minutes(preview['teardown'].timeout)).toBeGreaterThanOrEqual(120);
    expect(minutes(preview['amc:apply'].timeout)).toBeGreaterThanOrEqual(60);
  });

  test('every job that talks to the cluster carries the runner tag; no check, plan of another stack or scan does', () => {
    const talking = new Set(SOURCES.flatMap((source) => clusterJobs(runs[source.name]).map(base)));
    expect([...talking].sort()).toEqual(['amc-flux:apply', 'amc-flux:plan', 'drift', 'flux:status', 'teardown']);
    const tagged = Object.entries(preview)
      .filter(([name, job]) => !name.startsWith('.') && typeof job === 'object' && job.tags)
      .map(([name, job]) => [name, job.tags] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    expect(tagged).toEqual([...talking].sort().map((name) => [name, ['$AMC_CLUSTER_RUNNER_TAG']]));
    expect(parse(readFileSync(join(ROOT, '.gitlab-ci.yml'), 'utf8')).variables.AMC_CLUSTER_RUNNER_TAG).toBe('saas-linux-small-amd64');
  });

  test('with the agent, the cluster jobs use it; without, the endpoint, or fail saying what to set up', () => {
    const reach = (source: string) =>
      Object.fromEntries(
        clusterJobs(runs[source]).map((job) => [job, jobLog(runs[source], job).find((l) => l.startsWith('> ci-cluster:'))]),
      );
    expect(Object.values(reach('push to dev')).every((l) => l?.includes('through the GitLab agent'))).toBe(true);
    expect(Object.keys(reach('push to dev'))).toEqual(['amc-flux:plan', 'amc-flux:apply', 'flux:status']);
    expect(Object.values(reach('push to main')).every((l) => l?.includes('answers at'))).toBe(true);
    expect(runs['schedule'].status['drift: [amc-flux]']).toBe('FAIL');
  });
});

describe('secrets stay with the jobs that need them', () => {
  const all = () => SOURCES.flatMap((source) => runs[source.name].npm);
  const checks = ['lint', 'test', 'synth'];

  // gitlab-ci-local makes no ID tokens, so AWS_ID_TOKEN, a plain variable here, reaches every job: which jobs GitLab
  // gives one is read from their id_tokens.
  const idToken = (job: string) => (preview[base(job)] as { id_tokens?: unknown }).id_tokens !== undefined;

  test('GITLAB_TOKEN and the AWS token never reach lint, test or synth, the jobs that install everything', () => {
    const ofChecks = all().filter((line) => checks.includes(line.split('|')[0]) && line.split('|')[3].startsWith('ci '));
    expect(ofChecks.length).toBeGreaterThanOrEqual(9);
    for (const line of ofChecks) expect(line).toMatch(/^\w+\|gitlab=\|aws=(set)?\|ci --cache \.npm --prefer-offline/);
    expect(checks.map(idToken)).toEqual([false, false, false]);
  });

  test('every job holding either token installs production dependencies only, running no install script', () => {
    const holding = all().filter(
      (line) => (line.includes('gitlab=set') || idToken(line.split('|')[0])) && line.split('|')[3].startsWith('ci '),
    );
    expect(holding.length).toBeGreaterThanOrEqual(20);
    for (const line of holding)
      expect(line.split('|')[3]).toBe('ci --omit=dev --ignore-scripts --cache .npm --prefer-offline --no-audit --no-fund');
    // GITLAB_TOKEN, scoped to the environments, reaches the deploy jobs of the branch's context, not the MR plans.
    expect(runs['push to dev'].npm.filter((line) => line.includes('gitlab=set')).map((line) => line.split('|')[0])).toEqual(
      expect.arrayContaining(['amc-gitlab:plan', 'amc-gitlab:apply']),
    );
    expect(runs['merge request from dev to main'].npm.filter((line) => line.includes('gitlab=set'))).toEqual([]);
  });

  test('plans and drift reports, which hold state, are for maintainers; kept as long as a prod apply may wait', () => {
    const access = Object.entries(preview)
      .filter(([name, job]) => !name.startsWith('.') && typeof job === 'object' && job.artifacts?.access)
      .map(([name, job]) => [name, job.artifacts?.access]);
    expect(Object.fromEntries(access)).toEqual({
      plan: 'maintainer',
      'amc-gitlab:plan': 'maintainer',
      'amc:plan': 'maintainer',
      'amc-flux:plan': 'maintainer',
      drift: 'maintainer',
      // Checkov's report of amc's plans, which hold no secret (README, CI/CD).
      checkov: 'developer',
    });
    expect((preview['amc:plan'] as { artifacts: { expire_in: string } }).artifacts.expire_in).toBe('30 days');
  });

  test('the merge-request plans declare no environment (a protected one would refuse them); the deploy jobs do', () => {
    expect(preview['plan'].environment).toBeUndefined();
    expect(preview['checkov'].environment).toBeUndefined();
    for (const job of ['amc:plan', 'amc:apply', 'drift', 'teardown']) expect(preview[job].environment).toBeDefined();
  });

  test("caches that reach a context's deploy jobs carry its name; a merge request's plans write none", () => {
    // gitlab-ci-local names a cache <index>_<key>: the prefix, then the hash of the key's files.
    const contextOf = (source: string) => [
      ...new Set(
        runs[source].caches.map((key) => {
          const match = /^\d+_[a-z-]+?-(dev|prod)?-[0-9a-f]{40}$/.exec(key);
          return match ? (match[1] ?? '') : `unexpected key ${key}`;
        }),
      ),
    ];
    for (const source of MERGE_REQUESTS) expect([source, contextOf(source)]).toEqual([source, ['']]);
    expect(contextOf('push to dev')).toEqual(['dev']);
    expect(contextOf('push to main')).toEqual(['prod']);
    expect(contextOf('web')).toEqual(['dev']);
    expect(runs['push to main'].caches.map((key) => key.replace(/^\d+_|-[0-9a-f]{40}$/g, ''))).toEqual([
      'npm-prod',
      'tools-prod',
      'terraform-plugins-prod',
    ]);
  });

  test("checkov's list of plans is the plan jobs' matrix, each stack of each context", () => {
    const plan = preview['plan'] as unknown as { parallel: { matrix: { TFT_CONTEXT: string[]; TFT_STACK: string[] }[] } };
    const ids = plan.parallel.matrix.flatMap((m) => m.TFT_CONTEXT.flatMap((ctx) => m.TFT_STACK.map((stack) => `${stack}-${ctx}`)));
    expect((preview['checkov'] as unknown as { variables: Record<string, string> }).variables.AMC_MR_PLANS.split(' ')).toEqual(ids);
  });
});

describe('one Terraform at a time per context', () => {
  // A job that takes the state lock (every tft:* task but a -lock=false plan) or writes: from what each job ran.
  const locking = () => {
    const jobs = SOURCES.flatMap((source) =>
      runs[source.name].tasks
        .map((line) => line.split('|'))
        .filter(
          ([, , , args]) => /tft:(apply|teardown|destroy|deploy)\b/.test(args) || (/tft:plan\b/.test(args) && !/-lock=false/.test(args)),
        )
        .map(([job]) => base(job)),
    );
    return [...new Set(jobs)].sort();
  };

  test("every job that locks a context's state is in its resource group and never interrupted; the merge-request plans, lock-free, are in none", () => {
    expect(locking()).toEqual(expect.arrayContaining(['amc:apply', 'amc:plan', 'drift', 'teardown']));
    const grouped = Object.entries(preview as Record<string, { resource_group?: string; interruptible?: boolean }>)
      .filter(([name, job]) => !name.startsWith('.') && typeof job === 'object' && job.resource_group)
      .map(([name, job]) => [name, job.resource_group, job.interruptible]);
    expect(grouped.map(([name]) => name).sort()).toEqual(locking());
    for (const [name, group, interruptible] of grouped) expect([name, group, interruptible]).toEqual([name, 'amc-$TFT_CONTEXT', false]);
    expect(preview['plan']).not.toHaveProperty('resource_group');
  });

  test('the README keeps the groups unordered, and says why not oldest_first', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const advice = readme.split('\n').filter((line) => /oldest_first|unordered|newest_ready_first/.test(line));
    expect(advice.join(' ')).toMatch(/unordered/);
    expect(advice.join(' ')).not.toMatch(/process_mode=oldest_first/);
    expect(advice.join(' ')).toMatch(/oldest_first.*(created|manual)/);
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
