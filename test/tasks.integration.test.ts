// Cost: 10.8 s here (2 cores, npm run test:all running; 10.0 s before the TFT_ROLE cases): each script run starts node once.
// The Task wrappers: Taskfile.yml, the TFT_* checks, and scripts/tft.sh and scripts/cluster.sh run against stub
// terraform, tofu, npm, kubectl, aws and flux in a configured copy of the app (one real synth, in beforeAll).
// About 6 s: each script run starts node once to read the TFT_* variables.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { tftEnv } from '../scripts/tft-env';
import { appCopy, contexts, synthContext } from './helpers';
import { CLUSTER, StubBin } from './stubs';

const root = join(__dirname, '..');
const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
const tasks = parse(readFileSync(join(root, 'Taskfile.yml'), 'utf8')).tasks as Record<string, Record<string, unknown>>;

describe('Taskfile.yml', () => {
  test.each(Object.keys(tasks))('task %s has a one-line description and one command', (name) => {
    expect(tasks[name].desc).toMatch(/^[^\n]{10,100}$/);
    expect(tasks[name].cmds).toEqual([expect.any(String)]);
  });

  test.each(Object.keys(tasks))('task %s calls a script in scripts/ or an npm script, and leaves TFT_* to the environment', (name) => {
    const [cmd] = tasks[name].cmds as string[];
    const npm = /^npm (?:run )?([\w:]+)$/.exec(cmd);
    const file = /^(scripts\/[\w.-]+)( [\w-]+)?( \{\{\.CLI_ARGS\}\})?$/.exec(cmd);
    expect(npm || file).toBeTruthy();
    if (npm) expect([...Object.keys(scripts), 'test']).toContain(npm[1]);
    if (file) expect(existsSync(join(root, file[1]))).toBe(true);
    expect(Object.keys(tasks[name]).sort()).toEqual(['cmds', 'desc']);
  });

  test("maps the article's commands to the tested scripts", () => {
    const command = (name: string) => (tasks[name].cmds as string[])[0];
    expect(command('tft:init')).toBe('scripts/tft.sh init {{.CLI_ARGS}}');
    expect(command('tft:plan')).toBe('scripts/tft.sh plan {{.CLI_ARGS}}');
    expect(command('tft:apply')).toBe('scripts/tft.sh apply {{.CLI_ARGS}}');
    expect(command('flux:status')).toBe('scripts/cluster.sh flux-status');
    expect(command('flux:apply')).toBe('scripts/cluster.sh flux-apply');
    expect(command('tft:test')).toBe('npm run test:all');
  });

  test('keeps none of the old CTX= vocabulary', () => {
    expect(readFileSync(join(root, 'Taskfile.yml'), 'utf8')).not.toMatch(/\bCTX\b/);
  });
});

describe('the TFT_* variables', () => {
  test.each([
    [{}, 'stack', 'set TFT_CONTEXT (one of dev, prod)'],
    [{ TFT_CONTEXT: 'qa' }, 'stack', "TFT_CONTEXT: 'qa' is not a context (one of dev, prod)"],
    [{ TFT_CONTEXT: 'dev' }, 'stack', 'set TFT_STACK (or TFT_UNIT) (one of amc-bootstrap, amc-gitlab, amc, amc-flux)'],
    [
      { TFT_CONTEXT: 'dev', TFT_STACK: 'amc-cluster' },
      'stack',
      "TFT_STACK 'amc-cluster' is not a stack (one of amc-bootstrap, amc-gitlab, amc, amc-flux)",
    ],
    [{ TFT_CONTEXT: 'dev', TFT_STACK: 'amc', TFT_UNIT: 'amc-flux' }, 'stack', "TFT_STACK 'amc' and TFT_UNIT 'amc-flux' differ; set one"],
    [
      { TFT_CONTEXT: 'dev', TFT_STACK: 'amc', TFT_CLI_EXE: 'opentofu' },
      'stack',
      "TFT_CLI_EXE 'opentofu' is not a Terraform CLI (one of terraform, tofu)",
    ],
    [
      { TFT_CONTEXT: 'dev', TFT_EDITION: 'PR-42' },
      'context',
      "TFT_EDITION: 'PR-42' is not 1-12 lower-case letters and digits, starting with a letter",
    ],
    [{ TFT_CONTEXT: 'dev', TFT_REMOTE_BACKEND: 'no' }, 'context', "TFT_REMOTE_BACKEND: 'no' is not true or false"],
    [
      { TFT_CONTEXT: 'dev', TFT_STACK: 'amc-bootstrap', TFT_EDITION: 'pr42' },
      'stack',
      "amc-bootstrap has no editions: an edition uses its context's bucket and roles; unset TFT_EDITION",
    ],
    [{ TFT_CONTEXT: 'dev', TFT_STACK: 'amc', TFT_ROLE: 'admin' }, 'stack', "TFT_ROLE: 'admin' is not deploy or plan"],
    [
      { TFT_CONTEXT: 'prod', TFT_UNIT: 'amc-flux', TFT_ROLE: 'Plan' },
      'stack',
      "TFT_ROLE=plan does not plan amc-flux: its plan reads Flux's secrets in the cluster, which the read-only plan role may not; plan it on the context's branch",
    ],
    [
      { TFT_CONTEXT: 'prod', TFT_UNIT: 'amc-gitlab', TFT_ROLE: 'plan' },
      'stack',
      "TFT_ROLE=plan does not plan amc-gitlab: its plan reads the deploy key, in its state and in Secrets Manager, which the read-only plan role may not; plan it on the context's branch",
    ],
    [
      { TFT_CONTEXT: 'dev', TFT_STACK: 'amc-bootstrap', TFT_ROLE: 'plan' },
      'stack',
      'TFT_ROLE=plan does not plan amc-bootstrap: it runs with your own credentials, never a CI role; unset TFT_ROLE',
    ],
  ] as const)('rejects %j', (env, need, message) => {
    expect(() => tftEnv(env, need)).toThrow(expect.objectContaining({ message }));
  });

  test('takes TFT_UNIT as the name of the stack, tofu as the CLI, and the edition into the stack id', () => {
    expect(tftEnv({ TFT_CONTEXT: 'prod', TFT_UNIT: 'amc-flux', TFT_CLI_EXE: 'tofu', TFT_EDITION: 'pr42' }, 'stack')).toMatchObject({
      cli: 'tofu',
      stack: 'amc-flux',
      stack_id: 'amc-flux-prod-pr42',
      stack_ids: 'amc-gitlab-prod-pr42 amc-prod-pr42 amc-flux-prod-pr42',
      cluster: 'amc-prod-pr42-eks',
    });
  });

  test('passes the role on, deploy unless TFT_ROLE says plan, for amc, the one stack the plan role may plan', () => {
    for (const stack of ['amc-bootstrap', 'amc-gitlab', 'amc-flux'])
      expect(tftEnv({ TFT_CONTEXT: 'dev', TFT_STACK: stack }, 'stack').role).toBe('deploy');
    expect(tftEnv({ TFT_CONTEXT: 'dev', TFT_STACK: 'amc', TFT_ROLE: ' PLAN ' }, 'stack').role).toBe('plan');
    // A whole context: tft.sh refuses deploy and teardown itself.
    expect(tftEnv({ TFT_CONTEXT: 'dev', TFT_ROLE: 'plan' }, 'context').role).toBe('plan');
  });

  test('names stacks as the app does', () => {
    const { gitlab, cluster, flux } = synthContext(contexts[0]);
    const ids = [gitlab, cluster, flux].map(({ stack }) => stack.node.id);
    expect(tftEnv({ TFT_CONTEXT: 'dev' }, 'context').stack_ids.split(' ')).toEqual(ids);
  });
});

const TERRAFORM = `case "$1" in
  init) mkdir -p .terraform ;;
  plan) for a in "$@"; do case "$a" in -out=*) echo saved > "\${a#-out=}" ;; esac; done
    if [[ " \${PLAN_NO_CHANGES:-} " == *" \${PWD##*/} "* ]]; then exit 0; fi; exit "\${PLAN_EXIT:-0}" ;;
  show) echo '{"resource_changes":[{"change":{"actions":["create"]}},{"change":{"actions":["update"]}},{"change":{"actions":["delete","create"]}},{"change":{"actions":["no-op"]}}]}' ;;
  apply) if [ -n "\${STALE:-}" ]; then echo 'Error: Saved plan is stale' >&2; exit 1; fi ;;
  destroy) n=$(cat "$STUB/destroys" 2>/dev/null || echo 0); echo $((n + 1)) > "$STUB/destroys"
    if [ "$n" -lt "\${DESTROY_FAILS:-0}" ]; then echo 'Error: deleting IAM Role: DeleteConflict' >&2; exit 1; fi ;;
esac`;

describe('scripts/tft.sh', () => {
  let app: string;
  // npm (the synth) records the TFT_ROLE it was given, when one was.
  const npm = 'if [ -n "${TFT_ROLE:-}" ]; then echo "npm saw TFT_ROLE=$TFT_ROLE" >> "$STUB/calls"; fi';
  const stubs = new StubBin({ terraform: TERRAFORM, tofu: TERRAFORM, npm, ...CLUSTER }, ['terraform', 'tofu']);
  beforeAll(() => {
    app = appCopy();
    for (const name of ['dev', 'prod']) {
      const file = join(app, 'config', `${name}.ts`);
      const real = readFileSync(file, 'utf8')
        .replace(/111111111111/g, '123456789012')
        .replace(/example\.com/g, 'acme.io')
        .replace(/example-group\//g, 'acme/')
        .replace('203.0.113.0/24', '34.250.10.0/24');
      writeFileSync(file, real);
    }
    const synth = spawnSync(process.execPath, ['-r', './scripts/register.cjs', 'main.ts'], { cwd: app, encoding: 'utf8' });
    // Within 90 days of the version's end of standard support synth warns (config/kubernetes.ts), and goes on.
    expect(synth.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
  });
  afterAll(() => {
    rmSync(app, { recursive: true, force: true });
    stubs.remove();
  });

  const tft = (args: string[], env: Record<string, string> = {}, cwd = app) => {
    stubs.reset();
    rmSync(join(stubs.dir, 'destroys'), { force: true });
    return stubs.run('bash', ['scripts/tft.sh', ...args], {
      cwd,
      env: { LOG_GROUP_SETTLE: '0', DRAIN_POLL: '0', DRAIN_TIMEOUT: '5', ZONE: 'dev.acme.io', ...env },
    });
  };
  const dev = (stack: string, more: Record<string, string> = {}) => ({ TFT_STACK: stack, TFT_CONTEXT: 'dev', ...more });
  const plans = () => join(app, 'tmp', 'plans');

  test('init synthesizes the context, then inits the stack in its working directory', () => {
    const run = tft(['init'], dev('amc-gitlab'));
    expect(run.status).toBe(0);
    expect(stubs.calls()).toEqual(['npm run -s synth', 'terraform@amc-gitlab-dev init -input=false']);
  });

  test('plan saves the plan, its JSON and the summary, and passes exit code 2 through', () => {
    const run = tft(['plan', '-detailed-exitcode'], dev('amc', { PLAN_EXIT: '2' }));
    expect(run.status).toBe(2);
    const plan = join(plans(), 'amc-dev.tfplan');
    expect(stubs.calls()).toEqual([
      'npm run -s synth',
      'terraform@amc-dev init -input=false',
      `terraform@amc-dev plan -input=false -out=${plan} -detailed-exitcode`,
      `terraform@amc-dev show -json ${plan}`,
    ]);
    expect(JSON.parse(readFileSync(join(plans(), 'amc-dev.summary.json'), 'utf8'))).toEqual({ create: 2, update: 1, delete: 1 });
    expect(JSON.parse(readFileSync(join(plans(), 'amc-dev.plan.json'), 'utf8')).resource_changes).toHaveLength(4);
    expect(run.stdout).toContain(`tft: amc-dev: {"create":2,"update":1,"delete":1} saved to tmp/plans/amc-dev.tfplan`);
  });

  test('apply applies exactly the saved plan once, then refuses without one', () => {
    tft(['plan'], dev('amc'));
    const applied = tft(['apply'], dev('amc'));
    expect(applied.status).toBe(0);
    expect(stubs.calls()).toEqual([`terraform@amc-dev apply -input=false ${join(plans(), 'amc-dev.tfplan')}`]);
    const again = tft(['apply'], dev('amc'));
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      'tft: no saved plan for amc-dev at tmp/plans/amc-dev.tfplan; run: TFT_STACK=amc TFT_CONTEXT=dev task tft:plan\n',
    );
    expect(stubs.calls()).toEqual([]);
  });

  test('apply says so when Terraform finds the saved plan stale', () => {
    tft(['plan'], dev('amc-flux'));
    const run = tft(['apply'], dev('amc-flux', { STALE: '1' }));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Error: Saved plan is stale');
    expect(run.stderr).toContain('tft: the saved plan for amc-flux-dev is stale: the state changed after it was made; run tft:plan again');
    expect(existsSync(join(plans(), 'amc-flux-dev.tfplan'))).toBe(true);
  });

  test('a failed plan leaves no plan, JSON or summary behind', () => {
    const run = tft(['plan'], dev('amc-gitlab', { PLAN_EXIT: '1' }));
    expect(run.status).toBe(1);
    expect(stubs.calls().at(-1)).toMatch(/^terraform@amc-gitlab-dev plan /);
    expect(['tfplan', 'plan.json', 'summary.json'].filter((f) => existsSync(join(plans(), `amc-gitlab-dev.${f}`)))).toEqual([]);
  });

  test('runs OpenTofu with TFT_CLI_EXE=tofu', () => {
    const run = tft(['plan'], dev('amc-gitlab', { TFT_CLI_EXE: 'tofu' }));
    expect(run.status).toBe(0);
    expect(
      stubs
        .calls()
        .filter((c) => !c.startsWith('npm'))
        .map((c) => c.split(' ')[0]),
    ).toEqual(['tofu@amc-gitlab-dev', 'tofu@amc-gitlab-dev', 'tofu@amc-gitlab-dev']);
  });

  test('refuses to run before anything with an unknown stack, naming the allowed ones', () => {
    const run = tft(['plan'], dev('amc-bogus'));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("tft: TFT_STACK 'amc-bogus' is not a stack (one of amc-bootstrap, amc-gitlab, amc, amc-flux)\n");
    expect(stubs.calls()).toEqual([]);
  });

  test('refuses to init or plan while config holds placeholders, naming every field', () => {
    for (const command of ['init', 'plan']) {
      const run = tft([command], dev('amc'), root);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /^tft: Context 'dev' still has placeholder values in config\/dev\.ts: aws\.accountId, .*bootstrap\.breakGlassPrincipals\[0\]\./,
      );
      expect(stubs.calls()).toEqual([]);
    }
  });

  test('validates one stack without its backend, with the chosen CLI', () => {
    const run = tft(['validate'], dev('amc-flux', { TFT_CLI_EXE: 'tofu' }));
    expect(run.status).toBe(0);
    expect(stubs.calls().map((c) => c.replace(/^tofu@amc-flux-dev-\w+/, 'tofu@<copy of amc-flux-dev>'))).toEqual([
      'tofu@<copy of amc-flux-dev> init -backend=false -input=false -no-color',
      'tofu@<copy of amc-flux-dev> validate -no-color',
    ]);
  });

  test('deploys a context in order, applying only what changes, when approved', () => {
    const run = tft(['deploy'], { TFT_CONTEXT: 'dev', TFT_AUTO_APPROVE: 'true', PLAN_EXIT: '2', PLAN_NO_CHANGES: 'amc-gitlab-dev' });
    expect(run.status).toBe(0);
    const steps = stubs
      .calls()
      .filter((c) => / (plan|apply) /.test(c))
      .map((c) => c.split(' ').slice(0, 2).join(' '));
    expect(steps).toEqual([
      'terraform@amc-gitlab-dev plan',
      'terraform@amc-dev plan',
      'terraform@amc-dev apply',
      'terraform@amc-flux-dev plan',
      'terraform@amc-flux-dev apply',
    ]);
    expect(run.stdout).toContain('tft: amc-gitlab-dev: no changes');
  });

  test('applies nothing without approval and without a terminal to ask on', () => {
    const run = tft(['deploy'], { TFT_CONTEXT: 'dev', PLAN_EXIT: '2' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'tft: not applying amc-gitlab-dev without a terminal; set TFT_AUTO_APPROVE=true to apply what was planned',
    );
    expect(stubs.calls().filter((c) => c.includes(' apply '))).toEqual([]);
  });

  test('tears a context down drained and in reverse, deleting the log group EKS wrote again', () => {
    const run = tft(['teardown', '-auto-approve'], { TFT_CONTEXT: 'dev', LOG_GROUP_BACK: '1' });
    expect(run.status).toBe(0);
    const calls = stubs.calls();
    const destroys = calls.filter((c) => / destroy /.test(c) || c.startsWith('aws logs'));
    expect(destroys).toEqual([
      'terraform@amc-flux-dev destroy -input=false -auto-approve',
      'terraform@amc-dev destroy -input=false -auto-approve',
      "aws logs describe-log-groups --region eu-west-1 --log-group-name-prefix /aws/eks/amc-dev-eks/cluster --query logGroups[?logGroupName=='/aws/eks/amc-dev-eks/cluster'].logGroupName --output text",
      'aws logs delete-log-group --region eu-west-1 --log-group-name /aws/eks/amc-dev-eks/cluster',
      'terraform@amc-gitlab-dev destroy -input=false -auto-approve',
    ]);
    // The drain (its last step deletes Flux's sources) runs before the flux stack is destroyed.
    expect(calls.findIndex((c) => c.startsWith('kubectl delete buckets'))).toBeLessThan(calls.indexOf(destroys[0]));
  });

  test('skips the drain when the cluster is already gone, so a failed teardown can run again', () => {
    const run = tft(['teardown'], { TFT_CONTEXT: 'dev', NO_CLUSTER: '1' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('tft: amc-dev-eks does not exist; nothing to drain');
    expect(stubs.calls().filter((c) => c.startsWith('kubectl'))).toEqual([]);
    expect(stubs.calls().filter((c) => / destroy /.test(c))).toHaveLength(3);
  });

  test('retries the cluster destroy once, as Auto Mode may still hold the node role', () => {
    const run = tft(['destroy'], dev('amc', { DESTROY_FAILS: '1', DESTROY_RETRY_WAIT: '0' }));
    expect(run.status).toBe(0);
    expect(stubs.calls().filter((c) => / destroy /.test(c))).toEqual([
      'terraform@amc-dev destroy -input=false',
      'terraform@amc-dev destroy -input=false',
    ]);
  });

  test('destroys nothing when the drain refuses the cluster kubectl points at', () => {
    const run = tft(['destroy'], dev('amc-flux', { KUBE_CONTEXT: 'kind-kind' }));
    expect(run.status).toBe(1);
    expect(stubs.calls().filter((c) => c.includes(' destroy'))).toEqual([]);
  });

  test("forgets an edition's local files only, and never one holding local state", () => {
    const make = (path: string) => {
      mkdirSync(join(app, path, '..'), { recursive: true });
      writeFileSync(join(app, path), '');
    };
    [
      'cdktf.out/stacks/amc-dev-pr42/cdk.tf.json',
      'cdktf.out/stacks/amc-flux-dev-pr42/.terraform/x',
      'tmp/plans/amc-dev-pr42.tfplan',
    ].forEach(make);
    expect(tft(['forget'], { TFT_CONTEXT: 'dev' }).status).toBe(2);
    make('cdktf.out/stacks/amc-dev-pr42/terraform.amc-dev-pr42.tfstate');
    const refused = tft(['forget'], { TFT_CONTEXT: 'dev', TFT_EDITION: 'pr42' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe('tft: cdktf.out/stacks/amc-dev-pr42 holds local state; destroy the edition first (nothing removed)\n');
    rmSync(join(app, 'cdktf.out/stacks/amc-dev-pr42/terraform.amc-dev-pr42.tfstate'));
    const run = tft(['forget'], { TFT_CONTEXT: 'dev', TFT_EDITION: 'pr42' });
    expect(run.status).toBe(0);
    expect(
      ['cdktf.out/stacks/amc-dev-pr42', 'cdktf.out/stacks/amc-flux-dev-pr42', 'tmp/plans/amc-dev-pr42.tfplan'].filter((p) =>
        existsSync(join(app, p)),
      ),
    ).toEqual([]);
    expect(existsSync(join(app, 'cdktf.out/stacks/amc-dev/cdk.tf.json'))).toBe(true);
    expect(stubs.calls()).toEqual([]);
  });

  test('bootstraps on local state, then moves the state into the bucket it made', () => {
    const first = tft(['plan'], dev('amc-bootstrap', { TFT_REMOTE_BACKEND: 'false' }));
    expect(first.status).toBe(0);
    expect(stubs.calls().slice(0, 2)).toEqual(['npm run -s synth', 'terraform@amc-bootstrap-dev init -input=false']);
    expect(tft(['migrate'], dev('amc-bootstrap', { TFT_REMOTE_BACKEND: 'false' })).status).toBe(2);
    const moved = tft(['migrate'], dev('amc-bootstrap'));
    expect(moved.status).toBe(0);
    expect(stubs.calls()).toEqual(['npm run -s synth', 'terraform@amc-bootstrap-dev init -input=false -migrate-state -force-copy']);
  });

  test('never destroys the bootstrap, which holds every stack state', () => {
    const run = tft(['destroy'], dev('amc-bootstrap'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('tft: amc-bootstrap keeps every stack');
    expect(stubs.calls()).toEqual([]);
  });

  test('plans as the plan role with TFT_ROLE=plan: the synth behind the plan gets it', () => {
    const run = tft(['plan', '-lock=false'], dev('amc', { TFT_ROLE: 'plan' }));
    expect(run.status).toBe(0);
    expect(stubs.calls().slice(0, 3)).toEqual(['npm run -s synth', 'npm saw TFT_ROLE=plan', 'terraform@amc-dev init -input=false']);
  });

  // The plan role reads only amc's state and no secret (README, CI/CD): every other stack is refused, each saying why.
  test.each([
    ['amc-bootstrap', 'it runs with your own credentials, never a CI role; unset TFT_ROLE'],
    [
      'amc-gitlab',
      "its plan reads the deploy key, in its state and in Secrets Manager, which the read-only plan role may not; plan it on the context's branch",
    ],
    ['amc-flux', "its plan reads Flux's secrets in the cluster, which the read-only plan role may not; plan it on the context's branch"],
  ])('refuses to plan %s as the plan role, before anything runs', (stack, why) => {
    const run = tft(['plan'], dev(stack, { TFT_ROLE: 'plan' }));
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`tft: TFT_ROLE=plan does not plan ${stack}: ${why}\n`);
    expect(stubs.calls()).toEqual([]);
  });

  test.each([
    // amc: the plan role refuses every other stack before the command is looked at.
    ['apply', dev('amc')],
    ['destroy', dev('amc')],
    ['migrate', dev('amc')],
    ['deploy', { TFT_CONTEXT: 'dev', TFT_AUTO_APPROVE: 'true' }],
    ['teardown', { TFT_CONTEXT: 'dev' }],
  ])('refuses to %s as the plan role, which writes nothing, before anything runs', (command, env) => {
    const run = tft([command], { ...env, TFT_ROLE: 'Plan' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      `tft: TFT_ROLE=plan refuses ${command}: the read-only plan role writes nothing; unset TFT_ROLE to run it as the deploy role\n`,
    );
    expect(stubs.calls()).toEqual([]);
  });

  test('lists the stacks in deploy order and the contexts', () => {
    expect(tft(['list']).stdout).toBe('amc-bootstrap\namc-gitlab\namc\namc-flux\n');
    expect(tft(['contexts']).stdout).toBe('dev\nprod\n');
  });
});

describe('scripts/cluster.sh', () => {
  const stubs = new StubBin({ flux: 'exit 0', ...CLUSTER });
  afterAll(() => stubs.remove());
  const cluster = (command: string, env: Record<string, string> = {}) => {
    stubs.reset();
    return stubs.run('bash', ['scripts/cluster.sh', command], { cwd: root, env });
  };
  const PROD = 'arn:aws:eks:eu-west-1:111111111111:cluster/amc-prod-eks';

  test('flux:status runs flux get all -A on the cluster kubectl points at, taking the context from it', () => {
    const run = cluster('flux-status', { KUBE_CONTEXT: PROD });
    expect(run.status).toBe(0);
    expect(stubs.calls().filter((c) => !c.startsWith('kubectl config'))).toEqual(['flux get all -A']);
  });

  test('flux:apply reconciles the Git source, then the root Kustomization', () => {
    const run = cluster('flux-apply', { TFT_CONTEXT: 'dev' });
    expect(run.status).toBe(0);
    expect(stubs.calls()).toEqual([
      'kubectl config current-context',
      'flux reconcile source git flux-system',
      'flux reconcile kustomization flux-system',
    ]);
  });

  test.each([
    [
      'a cluster of no context',
      { KUBE_CONTEXT: 'kind-kind' },
      "kubectl points at 'kind-kind', no context's cluster (amc-dev-eks amc-prod-eks); set TFT_CONTEXT and run: task kube:config",
    ],
    [
      'another context than TFT_CONTEXT',
      { KUBE_CONTEXT: PROD, TFT_CONTEXT: 'dev' },
      `kubectl points at '${PROD}', not amc-dev-eks; run: aws eks update-kubeconfig --region eu-west-1`,
    ],
  ])('flux tasks refuse %s', (_, env, message) => {
    for (const command of ['flux-status', 'flux-apply']) {
      const run = cluster(command, env);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(message);
      expect(stubs.calls().filter((c) => c.startsWith('flux'))).toEqual([]);
    }
  });

  test('kube:config runs the kubeconfig command the amc stack outputs', () => {
    const run = cluster('kubeconfig', { TFT_CONTEXT: 'dev' });
    expect(run.status).toBe(0);
    expect(stubs.calls()).toEqual([synthContext(contexts[0]).cluster.json.output?.kubeconfig_command.value]);
  });
});
