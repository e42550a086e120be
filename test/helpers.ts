import { cpSync, existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { withDefaults, type ContextConfig, type ContextInput, type RunSettings } from '../config';
import { addContext } from '../stacks/app';

export { contexts, inputs } from './config-fixtures';

/** The repository this test suite checks. */
export const ROOT = join(__dirname, '..');

export const SETTINGS: RunSettings = { remoteBackend: true };

/** The cluster-vars keys: the flux stack writes exactly these, and the flux/ tree uses each and no other. */
export const CLUSTER_VAR_KEYS = [
  'ACM_CERT_ARN',
  'AWS_REGION',
  'CLUSTER_DOMAIN',
  'CLUSTER_NAME',
  'CONTEXT',
  'EDITION',
  'EXTERNAL_DNS_ROLE_ARN',
];

/** Synthesized Terraform JSON, parsed. */
export type Synth = {
  terraform: { backend?: Record<string, Record<string, unknown>>; required_providers: Record<string, { version: string }> };
  provider: Record<string, Record<string, unknown>[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
};

/** Every stack of one context, synthesized with validation, as the JSON string and parsed. */
export function synthContext(config: ContextConfig, settings: RunSettings = SETTINGS) {
  const app = Testing.app();
  const stacks = addContext(app, config, settings);
  const out = Object.fromEntries(
    Object.entries(stacks).flatMap(([key, stack]) => {
      if (!stack) return [];
      const text = Testing.synth(stack, true);
      return [[key, { stack, text, json: JSON.parse(text) as Synth }]];
    }),
  );
  type Synthesized<S> = { stack: S; text: string; json: Synth };
  // The bootstrap stack exists for the default edition only.
  return out as { [K in Exclude<keyof typeof stacks, 'bootstrap'>]: Synthesized<(typeof stacks)[K]> } & {
    bootstrap?: Synthesized<NonNullable<typeof stacks.bootstrap>>;
  };
}

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

/** A context with every Required placeholder replaced by a plausible real value, as a user's would be. */
export function configured(input: ContextInput): ContextInput {
  const account = '123456789012';
  return {
    ...input,
    aws: { ...input.aws, accountId: account },
    dns: { parentDomain: 'acme.io' },
    state: { bucket: `acme-amc-state-${input.name}` },
    cluster: { ...input.cluster, publicAccessCidrs: ['34.250.10.0/24'] },
    gitlab: { ...input.gitlab, projectPath: 'acme/platform/amc' },
    bootstrap: { ...input.bootstrap, adminPrincipals: [`arn:aws:iam::${account}:role/platform-admins`] },
  };
}

/** A context with some fields replaced, defaults filled in (not validated). */
export function variant(base: ContextInput, change: (input: ContextInput) => ContextInput): ContextConfig {
  return withDefaults(change(base));
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
