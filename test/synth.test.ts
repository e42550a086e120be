// Cost: 0.6 s here (2 cores, whole suite running): terraform reads every stack as synthesized in-process; the editions.
// The app run whole, as `npm run synth` runs it, is test/synth.integration.test.ts (npm run test:all).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configured, contexts, inputs, runs, synthContext, variant } from './helpers';

const root = join(__dirname, '..');

/** The app command both `npm run synth` and `cdktf synth` use. */
const APP = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app as string;

test('npm run synth and cdktf synth run the same app command', () => {
  expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.synth).toBe(APP);
});

/** Terraform parses what we synthesize: `terraform providers` needs no download and no backend. */
const terraform = runs('terraform', 'version');
if (!terraform) console.warn('terraform does not run here: the Terraform parse check is skipped (the JSON assertions still run)');
const whenTerraform = terraform ? test : test.skip;

describe.each(contexts)('Terraform parse check ($name)', (config) => {
  const stacks = synthContext(config);
  whenTerraform.each(Object.entries(stacks))('terraform reads the %s stack', (_, { json }) => {
    const dir = mkdtempSync(join(tmpdir(), 'amc-tf-'));
    try {
      delete json.terraform.backend;
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(json));
      const out = execFileSync('terraform', ['providers'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1' } });
      for (const [name, { version }] of Object.entries(json.terraform.required_providers)) {
        expect(out).toMatch(new RegExp(`provider\\[registry\\.terraform\\.io/[a-z]+/${name}\\] ${version.replace(/\./g, '\\.')}`));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('editions', () => {
  /** Stack directory (cdktf.out/stacks/<id>) -> the state key its backend uses, for a default run and an edition run. */
  const keysByDirectory = (edition?: string) =>
    inputs.flatMap((input) =>
      Object.values(synthContext(variant(input, configured), { remoteBackend: true, edition })).map(({ stack, json }) => [
        stack.node.id,
        String(json.terraform.backend?.s3.key),
      ]),
    );

  test('never share a stack directory with the default: every directory maps to exactly one state key', () => {
    const all = [...keysByDirectory(), ...keysByDirectory('pr42')];
    const keys = new Map<string, Set<string>>();
    for (const [dir, key] of all) keys.set(dir, new Set([...(keys.get(dir) ?? []), key]));
    expect([...keys.values()].every((set) => set.size === 1)).toBe(true);
    // 4 stacks of each context, and 3 of each edition (an edition has no bootstrap stack of its own).
    expect(keys.size).toBe(14);
    expect(new Set(all.map(([, key]) => key)).size).toBe(14);
  });
});
