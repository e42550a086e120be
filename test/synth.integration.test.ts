// Cost: 1.5 s here (2 cores, npm run test:all running): four runs of the app, each loading cdktf and the providers.
// The app run whole, as `npm run synth` and `cdktf synth` run it, in a copy: what it writes for one context, and how it
// fails on bad config, a broken security rule and an unknown context, writing nothing. An integration suite: npm run
// test:all runs it, npm test does not (README, Test).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bootstrapStackId, stackIds } from '../config';
import { checkovChecks } from '../policy/checkov';
import { appCopy, ROOT } from './fixtures';

/** The app command both `npm run synth` and `cdktf synth` use (test/synth.test.ts checks they agree). */
const APP = JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).app as string;

function synth(dir: string, env: Record<string, string> = {}) {
  const [command, ...args] = APP.split(' ');
  expect(command).toBe('node');
  return spawnSync(process.execPath, args, { cwd: dir, env: { ...process.env, ...env }, encoding: 'utf8' });
}

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
    // Within 90 days of the version's end of standard support synth warns (config/kubernetes.ts), and goes on.
    expect(run.stderr.replace(/^warning: .*\n/gm, '')).toBe('');
    expect(run.status).toBe(0);
    const stacks = readdirSync(join(dir, 'cdktf.out', 'stacks')).sort();
    expect(stacks).toEqual([bootstrapStackId('dev'), ...Object.values(stackIds('dev'))].sort());
    const json = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', 'amc-dev', 'cdk.tf.json'), 'utf8'));
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.amc-dev.tfstate' } });
    const written = stacks.map((stack) => readFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), 'utf8')).join('\n');
    expect(written).toContain('tls_private_key');
    expect(written).not.toMatch(/PRIVATE KEY|BEGIN OPENSSH/);
    // Every synth leaves the security rules' report: every suppression there with its reason.
    const report = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'policy-report.json'), 'utf8'));
    expect(Object.keys(report.totals).sort()).toEqual(stacks);
    const suppressed = report.stacks.flatMap((s: { findings: { outcome: string; rule: string; path: string; reason: string }[] }) =>
      s.findings.filter((f) => f.outcome === 'suppressed').map((f) => `${f.rule} ${f.path}: ${f.reason}`),
    );
    expect(suppressed).toContain('AMC-LOG-1 amc-dev/eks/logs: dev keeps control-plane logs 30 days: nothing there is audited');
    expect(suppressed.filter((s: string) => s.startsWith('AMC-S3-3 amc-bootstrap-dev/state/bucket: SSE-S3'))).toHaveLength(1);
    // ... and what the pipeline's Checkov job reads beside each plan: a baseline per stack, and the checks to enforce.
    expect(readdirSync(join(dir, 'cdktf.out', 'checkov')).sort()).toEqual(
      [...stacks.map((s) => `${s}.baseline.json`), 'hard-fail-on'].sort(),
    );
    expect(readFileSync(join(dir, 'cdktf.out', 'checkov', 'hard-fail-on'), 'utf8')).toBe(`${checkovChecks().join(',')}\n`);
  });

  test('fails on a broken security rule, naming each, and writes nothing', () => {
    const edits: [string, string, string][] = [
      ['constructs/context-key.ts', 'enableKeyRotation: true', 'enableKeyRotation: false'],
      ['constructs/auto-mode-cluster.ts', "'controllerManager', 'scheduler'];", "'controllerManager'];"],
      ['constructs/network.ts', 'mapPublicIpOnLaunch: false,', ''],
      ['stacks/cluster-stack.ts', "Action: ['route53:ListHostedZones']", "Action: ['*']"],
    ];
    const originals = new Map(edits.map(([file]) => [file, readFileSync(join(dir, file), 'utf8')]));
    for (const [file, from, to] of edits) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text).toContain(from);
      writeFileSync(join(dir, file), text.replace(from, to));
    }
    rmSync(join(dir, 'cdktf.out'), { recursive: true, force: true });
    try {
      const run = synth(dir, { TFT_CONTEXT: 'dev' });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('policy check failed:');
      expect(run.stderr).toContain('AMC-KMS-1 [CKV_AWS_7, AVD-AWS-0065] amc-bootstrap-dev/key/key: key rotation is off. Fix:');
      expect(run.stderr).toContain(
        'AMC-EKS-3 [CKV_AWS_37, AVD-AWS-0038, CIS-EKS 2.1.1] amc-dev/eks/cluster: control-plane log types missing: scheduler',
      );
      expect(run.stderr).toContain(
        'AMC-VPC-2 [CKV_AWS_130, AVD-AWS-0164] amc-dev/network/public-0: map_public_ip_on_launch is not set to false',
      );
      expect(run.stderr).toContain(
        'AMC-IAM-1 [CKV_AWS_62, CKV_AWS_63, CKV_AWS_1, CKV_AWS_49, AVD-AWS-0057] amc-dev/external-dns/policy: statement FindZones allows Action "*"',
      );
      expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
    } finally {
      for (const [file, text] of originals) writeFileSync(join(dir, file), text);
    }
  });

  test('fails on an unknown TFT_CONTEXT', () => {
    const run = synth(dir, { TFT_CONTEXT: 'staging' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("TFT_CONTEXT: 'staging' is not a context (one of dev, prod)");
  });
});
