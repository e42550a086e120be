// Checks the synthesized stacks with Terraform itself, on a machine that can reach what that needs (never inside npm test):
//   npm run tf:validate [-- <stack>...]   terraform init -backend=false, then validate: needs the Terraform registry only
//   npm run tf:plan [-- <stack>...]       terraform init, then plan -lock=false, in deploy order: also AWS credentials and GITLAB_TOKEN
// It synthesizes first (TFT_CONTEXT, TFT_EDITION and TFT_REMOTE_BACKEND apply) and exits 1 when any stack fails.
const { spawnSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');
const out = join(root, 'cdktf.out');
const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

/** Stack names in deploy order: each after the stacks it depends on, contexts in name order. */
function deployOrder(manifest) {
  const order = [];
  const visit = (name, path) => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`dependency cycle: ${[...path, name].join(' -> ')}`);
    for (const dependency of manifest.stacks[name].dependencies) visit(dependency, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(manifest.stacks).sort()) visit(name, []);
  return order;
}

/** Terraform, or OpenTofu with TFT_CLI_EXE=tofu. */
function terraform(args, cwd) {
  return spawnSync(process.env.TFT_CLI_EXE || 'terraform', [...args, '-no-color'], { cwd, env, encoding: 'utf8' });
}

/** A failed run's last lines, for the report. */
function tail(run) {
  return `${run.stderr || run.stdout || run.error?.message || ''}`.trim().split('\n').slice(-8).join('\n');
}

/** Parses and type-checks one stack against its providers' schemas, without its backend (no credentials needed). */
function validate(stack) {
  const dir = mkdtempSync(join(tmpdir(), `${stack.name}-`));
  try {
    const json = JSON.parse(readFileSync(join(out, stack.synthesizedStackPath), 'utf8'));
    delete json.terraform.backend;
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
    const init = terraform(['init', '-backend=false', '-input=false'], dir);
    if (init.status !== 0) return { pass: false, detail: `init failed\n${tail(init)}` };
    const run = terraform(['validate'], dir);
    return run.status === 0 ? { pass: true, detail: 'valid' } : { pass: false, detail: tail(run) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Plans one stack against its real state, where `cdktf deploy` would run it; no lock, so it never blocks a deploy. */
function plan(stack) {
  const cwd = join(out, stack.workingDirectory);
  const init = terraform(['init', '-input=false'], cwd);
  if (init.status !== 0) return { pass: false, detail: `init failed\n${tail(init)}` };
  const run = terraform(['plan', '-input=false', '-lock=false', '-detailed-exitcode'], cwd);
  if (run.status === 0) return { pass: true, detail: 'no changes' };
  if (run.status === 2) return { pass: true, detail: 'changes to apply' };
  return { pass: false, detail: tail(run) };
}

function main(argv) {
  const [mode, ...only] = argv;
  const check = { validate, plan }[mode];
  if (!check) {
    console.error('usage: terraform-check.cjs <validate|plan> [stack...]');
    return 2;
  }
  const app = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app.split(' ');
  const synth = spawnSync(process.execPath, app.slice(1), { cwd: root, stdio: 'inherit' });
  if (synth.status !== 0) return synth.status ?? 1;

  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const unknown = only.filter((name) => !manifest.stacks[name]);
  if (unknown.length > 0) {
    console.error(`not a synthesized stack: ${unknown.join(', ')} (have ${Object.keys(manifest.stacks).sort().join(', ')})`);
    return 2;
  }
  const names = deployOrder(manifest).filter((name) => only.length === 0 || only.includes(name));
  let failed = 0;
  for (const name of names) {
    const result = check(manifest.stacks[name]);
    if (!result.pass) failed += 1;
    console.log(`${result.pass ? 'PASS' : 'FAIL'} ${mode} ${name}: ${result.detail}`);
  }
  console.log(`${names.length - failed} of ${names.length} stacks passed terraform ${mode}`);
  return failed > 0 ? 1 : 0;
}

process.exit(main(process.argv.slice(2)));
