// Cost: 0.1 s here (2 cores, whole suite running). Every suite opens with what it costs here, so that a slow addition shows in review (README, Performance).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { outsideVariables, watchdog } from './fixtures';

const suites = readdirSync(__dirname).filter((file) => file.endsWith('.test.ts'));

test.each(suites)('%s states its cost in its opening comment', (file) => {
  expect(readFileSync(join(__dirname, file), 'utf8')).toMatch(/^\/\/ Cost: \d+\.\d s\b/);
});

test('finds every suite', () => {
  expect(suites.length).toBeGreaterThan(8);
});

// jest-light-runner (jest.config.js) runs many files in one worker, sharing modules and globals: a suite must leave
// them as it found them, so none may change the environment, globals or the working directory, or mock modules. It
// also ignores what it does not implement: assertion counts and `.failing` tests would pass unchecked. Read: every
// suite and helper that runs in a worker (globalSetup and globalTeardown run in Jest's own process).
const shared = new RegExp(
  [
    String.raw`process\.env(?:\.\w+|\[[^\]]+\])\s*[-+*/?|&]{0,3}=(?!=)`,
    String.raw`process\.env\s*=(?!=)`,
    String.raw`Object\.assign\(\s*process\.env\b`,
    String.raw`delete process\.env`,
    String.raw`process\.chdir\(`,
    String.raw`\b(?:globalThis|global)\.\w+\s*=(?!=)`,
    String.raw`jest\.(?:mock|doMock|resetModules|isolateModules|spyOn|useFakeTimers)\(`,
    String.raw`expect\.(?:assertions|hasAssertions)\(`,
    String.raw`\.failing\(`,
  ].join('|'),
);

// This file holds the patterns as text, so it is the one file not read.
const others = suites.filter((file) => file !== 'suites.test.ts');
const inWorkers = readdirSync(__dirname).filter(
  (file) => file.endsWith('.ts') && !['suites.test.ts', 'global-setup.ts', 'global-teardown.ts'].includes(file),
);

test.each(inWorkers)('%s leaves the shared worker as it found it, and uses nothing the runner ignores', (file) => {
  expect(readFileSync(join(__dirname, file), 'utf8')).not.toMatch(shared);
});

test('the shared-worker guard catches each kind of change', () => {
  for (const line of [
    "process.env.TFT_CONTEXT = 'dev';",
    "process.env['X'] = '1';",
    "process.env.X ??= '1';",
    "process.env.PATH += ':/x';",
    'process.env = {};',
    "Object.assign(process.env, { X: '1' });",
    'delete process.env.X;',
    "process.chdir('/');",
    'globalThis.fetch = stub;',
    'global.fetch = stub;',
    "jest.mock('../config');",
    'jest.resetModules();',
    "jest.spyOn(console, 'log');",
    'jest.useFakeTimers();',
    'expect.assertions(2);',
    'expect.hasAssertions();',
    "test.failing('x', () => {});",
  ]) {
    expect(line).toMatch(shared);
  }
  for (const line of [
    "expect(process.env.X === 'dev').toBe(true);",
    "const home = process.env.HOME ?? '/';",
    'if (process.env.X !== y) {}',
  ]) {
    expect(line).not.toMatch(shared);
  }
});

// jest-light-runner reports a test by its bare title, and marks the snapshots of a skipped or failed test as checked by
// that title: a snapshot test inside a describe, filtered out by -t or failing, would be reported obsolete, and
// removed under -u. So a test that takes a snapshot is a top-level one.
test.each(suites)('%s takes snapshots in top-level tests only', (file) => {
  const lines = readFileSync(join(__dirname, file), 'utf8').split('\n');
  lines.forEach((line, at) => {
    if (!line.includes('toMatchSnapshot(')) return;
    const opening = lines
      .slice(0, at)
      .reverse()
      .find((l) => /^\s*(?:test|it)(?:\.each\(.*\))?\(/.test(l));
    expect([file, at + 1, opening]).toEqual([file, at + 1, expect.stringMatching(/^(?:test|it)\b/)]);
  });
});

test("every cdktf test app lives in the run's shared folder (helpers.ts testApp): Testing.app() alone leaks a temp folder", () => {
  for (const file of others) expect(readFileSync(join(__dirname, file), 'utf8')).not.toMatch(/Testing\.app\(/);
});

test('the run watchdog says a test hangs once its time is up, and keeps no process alive', async () => {
  const said: string[] = [];
  const timer = watchdog(0.05, (message) => said.push(message));
  expect(timer.hasRef()).toBe(false);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(said).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 80));
  expect(said).toEqual(['the test run is still going after 0.05 s: a test hangs (jest-light-runner has no per-test timeout)']);
});

// `npm test` is the quick loop (README, Test); `npm run test:all`, which CI and `npm run check` run, adds the integration
// suites. Which suite runs where is the file name's business alone.
describe('npm test and npm run test:all', () => {
  const root = join(__dirname, '..');
  // The Jest configs are CommonJS modules.
  const load = createRequire(__filename);
  const ignores = (config: string) =>
    (load(join(root, config)) as { testPathIgnorePatterns: string[] }).testPathIgnorePatterns.map(
      (pattern) => new RegExp(pattern.replace('<rootDir>', root)),
    );
  const runs = (config: string) => suites.filter((file) => !ignores(config).some((pattern) => pattern.test(join(__dirname, file))));
  const integration = suites.filter((file) => file.endsWith('.integration.test.ts'));

  test('npm test runs every suite but the integration ones, which test:all adds', () => {
    expect(integration.sort()).toEqual([
      'iam.integration.test.ts',
      'pipeline.integration.test.ts',
      'synth.integration.test.ts',
      'tasks.integration.test.ts',
    ]);
    expect(runs('jest.config.js')).toEqual(suites.filter((file) => !integration.includes(file)));
    expect(runs('jest.all.config.cjs')).toEqual(suites);
    expect(runs('jest.default-runner.config.cjs')).toEqual(suites);
  });

  test('each script names its config', () => {
    const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.test).toBe('node scripts/test.cjs');
    expect(scripts['test:all']).toBe('node scripts/test.cjs -c jest.all.config.cjs');
    expect(scripts.check).toMatch(/&& npm run test:all$/);
    expect(readFileSync(join(root, '.ci', 'run'), 'utf8')).toMatch(/^npm run test:all$/m);
  });
});

test("the suites run without what a deployer's shell or a CI job set for the app and its tools (global-setup.ts)", () => {
  const outside = {
    GITLAB_TOKEN: 'glpat-x',
    GITLAB_CI: 'true',
    CI_PIPELINE_SOURCE: 'push',
    TFT_CONTEXT: 'dev',
    TF_PLUGIN_CACHE_DIR: '/builds/amc/.cache/terraform-plugins',
    TF_VAR_region: 'eu-west-1',
    AWS_ROLE_ARN: 'arn:aws:iam::111111111111:role/amc-terraform',
    AWS_PROFILE: 'amc',
    AMC_TOOLS_DIR: '/builds/amc/.cache/tools',
    CDKTF_OUTDIR: 'elsewhere',
    DRAIN_TIMEOUT: '1',
    KUBECONFIG: '/root/.kube/other',
    GCL_SHELL_ISOLATION: 'false',
    CKV_PARSE_ERROR_FAIL: 'false',
    CHECKOV_REPORTS: 'elsewhere',
    TOOLS: 'terraform',
  };
  const kept = {
    PATH: '/usr/bin',
    HOME: '/root',
    CI: 'true',
    SHLVL: '1',
    TF_CLI_CONFIG_FILE: '/root/.terraformrc',
    AMC_TEST_SHARED: '/tmp/x',
  };
  expect(outsideVariables({ ...outside, ...kept }).sort()).toEqual(Object.keys(outside).sort());
  // And none reached this worker, whatever the shell that started the run had set.
  expect(outsideVariables(process.env)).toEqual([]);
});

test('every variable a script reads with a default is one the suites run without', () => {
  const dir = join(__dirname, '..', 'scripts');
  const scripts = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'lib')).map((f) => join(dir, 'lib', f))];
  const read = new Set(
    scripts
      .filter((file) => file.endsWith('.sh'))
      .flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\$\{([A-Z][A-Z0-9_]*):?[-=?+]/g)].map((m) => m[1])),
  );
  expect(read.size).toBeGreaterThan(5);
  expect([...read].filter((name) => outsideVariables({ [name]: 'x' }).length === 0)).toEqual([]);
});
