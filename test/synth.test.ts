// Cost: 2.2 s here (2 cores, whole suite running): three app runs, and terraform reading the run's one shared synth.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stackIds } from '../config';
import { appCopy, contexts, writtenStack } from './fixtures';

const root = join(__dirname, '..');

/** The app command both `npm run synth` and `cdktf synth` use. */
const APP = JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).app as string;

function synth(dir: string, env: Record<string, string> = {}) {
  const [command, ...args] = APP.split(' ');
  expect(command).toBe('node');
  return spawnSync(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
}

test('npm run synth and cdktf synth run the same app command', () => {
  expect(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.synth).toBe(APP);
});

describe('npm run synth', () => {
  let dir: string;
  beforeAll(() => {
    dir = appCopy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('fails on bad config with every problem named, and writes nothing', () => {
    const file = join(dir, 'config', 'dev.ts');
    const original = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      original
        .replace("accountId: '111111111111'", "accountId: '12345'")
        .replace("region: 'eu-west-1'", "region: 'eu-middle-9'")
        .replace("vpcCidr: '10.10.0.0/16'", "vpcCidr: '10.10.0.0/33'")
        .replace("publicAccessCidrs: ['203.0.113.0/24']", "publicAccessCidrs: ['203.0.113.0/24'], nodePools: ['general-purpose', 'sytem']"),
    );
    try {
      const run = synth(dir);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain("invalid context 'dev':");
      expect(run.stderr).toContain("aws.accountId: '12345' is not a 12-digit AWS account id");
      expect(run.stderr).toContain("aws.region: 'eu-middle-9' is not an AWS region with EKS Auto Mode");
      expect(run.stderr).toContain("network.vpcCidr: '10.10.0.0/33' is not an IPv4 CIDR");
      expect(run.stderr).toContain("cluster.nodePools[1]: 'sytem' is not a built-in node pool");
      expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
    } finally {
      writeFileSync(file, original);
    }
  });

  test('writes every stack of one context with TFT_CONTEXT, with local state when TFT_REMOTE_BACKEND=false, without terraform on PATH', () => {
    const run = synth(dir, { TFT_CONTEXT: 'dev', TFT_REMOTE_BACKEND: 'false', PATH: dirname(process.execPath) });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const stacks = readdirSync(join(dir, 'cdktf.out', 'stacks')).sort();
    expect(stacks).toEqual(Object.values(stackIds('dev')).sort());
    const json = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'amc-dev', 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.amc-dev.tfstate' } });
    const written = stacks.map((stack) => readFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8')).join('\n');
    expect(written).toContain('tls_private_key');
    expect(written).not.toMatch(/PRIVATE KEY|BEGIN OPENSSH/);
  });

  test('fails on an unknown TFT_CONTEXT', () => {
    const run = synth(dir, { TFT_CONTEXT: 'staging' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("TFT_CONTEXT: 'staging' is not a context (one of dev, prod)");
  });
});

/** Terraform parses what we synthesize: `terraform providers` needs no download and no backend. */
const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;
if (!terraform) console.warn('terraform is not on PATH: the Terraform parse check is skipped (the JSON assertions still run)');
const whenTerraform = terraform ? test : test.skip;

describe.each(contexts)('Terraform parse check ($name)', (config) => {
  const stacks = stackIds(config.name);
  whenTerraform.each(Object.keys(stacks))('terraform reads the %s stack', async (key) => {
    const json = await writtenStack(stacks[key as keyof typeof stacks]);
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
