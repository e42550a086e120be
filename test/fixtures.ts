// Fixtures that load neither cdktf nor the stacks, so suites that spawn processes start quickly (helpers.ts re-exports them).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSettings } from '../config';

/** The repository this test suite checks. */
export const ROOT = join(__dirname, '..');

export const SETTINGS: RunSettings = { remoteBackend: true };
export { configured, contexts, inputs, variant } from './config-fixtures';

/** The cluster-vars keys: the flux stack writes exactly these, and the flux/ tree uses each and no other. */
export const CLUSTER_VAR_KEYS = [
  'ACM_CERT_ARN',
  'AWS_REGION',
  'CLUSTER_DOMAIN',
  'CLUSTER_NAME',
  'CONTEXT',
  'EDITION',
  'EXTERNAL_DNS_ROLE_ARN',
  'GITLAB_KAS_ADDRESS',
];

/** Synthesized Terraform JSON, parsed. */
export type Synth = {
  terraform: { backend?: Record<string, Record<string, unknown>>; required_providers: Record<string, { version: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
};

/** The resources of one type in a synthesized stack, as a list. */
export function resources(json: Synth, type: string): Record<string, unknown>[] {
  return Object.values(json.resource[type] ?? {});
}

export function dataSources(json: Synth, type: string): Record<string, unknown>[] {
  return Object.values(json.data?.[type] ?? {});
}

/** The one resource of a type; fails when there is not exactly one. */
export function only(json: Synth, type: string): Record<string, unknown> {
  const found = resources(json, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** A throw-away copy of the app, sharing node_modules, so that a test can break its config. */
export function appCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amc-synth-'));
  for (const entry of [
    'main.ts',
    'package.json',
    'tsconfig.json',
    'cdktf.json',
    'config',
    'constructs',
    'policy',
    'stacks',
    'scripts',
    'flux',
  ]) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/**
 * The `cdktf.out/` of the one `npm run synth` (every context, default settings) that test/global-setup.ts starts for
 * the whole run, once it has finished; suites that need written stacks read them here instead of synthesizing again.
 */
export async function sharedSynth(): Promise<string> {
  const dir = process.env.AMC_TEST_SHARED;
  if (!dir) throw new Error('AMC_TEST_SHARED is not set: run the suite through jest.config.js, whose globalSetup synthesizes');
  const status = join(dir, 'synth.json');
  while (!existsSync(status)) await new Promise((resolve) => setTimeout(resolve, 20));
  const { code, stderr } = JSON.parse(readFileSync(status, 'utf8')) as { code: number; stderr: string };
  if (code !== 0) throw new Error(`npm run synth failed (exit ${code}):\n${stderr}`);
  return join(dir, 'app', 'cdktf.out');
}

/** One stack as the shared synth wrote it. */
export async function writtenStack(stack: string): Promise<Synth> {
  return JSON.parse(readFileSync(join(await sharedSynth(), 'stacks', stack, 'cdk.tf.json'), 'utf8')) as Synth;
}

/**
 * jest-light-runner enforces no test timeout, so a test that hangs (a child waiting for input, say) would hold CI until
 * the job's own timeout. test/global-setup.ts arms this for the whole run; it keeps no process alive.
 */
export function watchdog(seconds: number, stop: (message: string) => void): NodeJS.Timeout {
  const message = `the test run is still going after ${seconds} s: a test hangs (jest-light-runner has no per-test timeout)`;
  return setTimeout(() => stop(message), seconds * 1000).unref();
}

/**
 * The variables the app, the scripts and the tools they call read from their environment, as a deployer's shell or a
 * CI job sets them: Task's TFT_*, Terraform's TF_* (its CLI configuration aside, which says where providers come
 * from), AWS credentials and profiles, GitLab's CI_* and GITLAB_* (GITLAB_TOKEN among them), gitlab-ci-local's own
 * options (GCL_*), Checkov's (CKV_*), the pipeline's TOOLS, ours (AMC_*, but for the run's own AMC_TEST_*;
 * CDKTF_OUTDIR, CHECKOV_REPORTS, DRAIN_*, DESTROY_RETRY_WAIT, LOG_GROUP_SETTLE) and KUBECONFIG. Inside GitLab's `test`
 * job, a push pipeline sets TFT_CONTEXT and hands every job the protected GITLAB_TOKEN; the suites must not see either,
 * nor pass them to what they run (gitlab-ci-local gives each job its own environment over the job's variables).
 */
const FROM_OUTSIDE =
  /^(?:TFT_|TF_(?!CLI_CONFIG_FILE$)|AWS_|CI_|GITLAB_|GCL_|CKV_|AMC_(?!TEST_)|CDKTF_|CHECKOV_|DRAIN_|TOOLS$|DESTROY_RETRY_WAIT$|LOG_GROUP_SETTLE$|KUBECONFIG$)/;

/** The names in `env` that test/global-setup.ts removes before any suite runs. */
export function outsideVariables(env: NodeJS.ProcessEnv): string[] {
  return Object.keys(env).filter((name) => FROM_OUTSIDE.test(name));
}

/**
 * Whether `program` runs and answers `args` (its version): the checks that need terraform or kubectl skip without one.
 * Running it, not finding it on PATH, also skips for a version manager's shim with no version selected.
 */
export function runs(program: string, ...args: string[]): boolean {
  return spawnSync(program, args, { stdio: 'ignore' }).status === 0;
}
