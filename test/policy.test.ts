// Cost: 0.1 s here (2 cores, whole suite running): fixtures and both contexts, in-process.
// The security rules (policy/): a failing and a passing fixture per rule, the suppression mechanism, and the rules
// against the real stacks. In-process; about 1 s.
import { App, TerraformResource, TerraformStack } from 'cdktf';
import { checkovBaseline, checkovChecks, isCheckov, NOT_ENFORCED } from '../policy/checkov';
import { checkPolicies, evaluateStack, PolicyError, stacksToCheck, suppress } from '../policy/pack';
import { newestSupported } from '../config/kubernetes';
import { RULE_IDS, RULES } from '../policy/rules';
import { addContext } from '../stacks/app';
import { contexts, testApp } from './helpers';

type Props = Record<string, unknown>;
/** A stack of raw resources: `[type, id, props]`, referable as `${type.id.attr}`. */
function fixture(...blocks: [string, string, Props][]) {
  const stack = new TerraformStack(testApp(), 'fixture');
  const made = blocks.map(([type, id, props]) => {
    const resource = new TerraformResource(stack, id, { terraformResourceType: type });
    for (const [key, value] of Object.entries(props)) resource.addOverride(key, value);
    return resource;
  });
  return { stack, made };
}
const failures = (stack: TerraformStack) => evaluateStack(stack).problems;
const policy = (Statement: Props[]) => JSON.stringify({ Version: '2012-10-17', Statement });
const trust = (sub: string[], aud: string[], provider = 'aws_iam_openid_connect_provider.gitlab.arn') =>
  policy([
    {
      Effect: 'Allow',
      Principal: { Federated: `\${${provider}}` },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { 'issuer:sub': sub, 'issuer:aud': aud } },
    },
  ]);
const bucket = (extra: [string, string, Props][]): [string, string, Props][] => [['aws_s3_bucket', 'b', { bucket: 'x' }], ...extra];
const CLUSTER = {
  version: newestSupported(),
  upgrade_policy: { support_type: 'STANDARD' },
  enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
  encryption_config: { resources: ['secrets'], provider: { key_arn: 'arn:k' } },
  vpc_config: { endpoint_public_access: true, public_access_cidrs: ['34.250.10.0/24'] },
};

/** Per rule: the blocks that break it, and the blocks that follow it. */
const FIXTURES: Record<string, [[string, string, Props][], [string, string, Props][]]> = {
  'AMC-EKS-1': [
    [['aws_eks_cluster', 'c', { ...CLUSTER, vpc_config: { endpoint_public_access: true, public_access_cidrs: ['0.0.0.0/0'] } }]],
    [['aws_eks_cluster', 'c', CLUSTER]],
  ],
  'AMC-EKS-5': [
    [['aws_eks_cluster', 'c', CLUSTER]],
    [['aws_eks_cluster', 'c', { ...CLUSTER, vpc_config: { endpoint_public_access: false } }]],
  ],
  'AMC-EKS-2': [[['aws_eks_cluster', 'c', { ...CLUSTER, encryption_config: undefined }]], [['aws_eks_cluster', 'c', CLUSTER]]],
  'AMC-EKS-3': [
    [['aws_eks_cluster', 'c', { ...CLUSTER, enabled_cluster_log_types: ['api', 'audit', 'authenticator', 'controllerManager'] }]],
    [['aws_eks_cluster', 'c', CLUSTER]],
  ],
  'AMC-EKS-4': [
    // Past its end of standard support (2026-12-02) with the STANDARD policy.
    [['aws_eks_cluster', 'c', { ...CLUSTER, version: '1.34' }]],
    [
      ['aws_eks_cluster', 'c', CLUSTER],
      // The same version with EXTENDED stays until 2027-12-02, billed.
      ['aws_eks_cluster', 'd', { ...CLUSTER, version: '1.34', upgrade_policy: { support_type: 'EXTENDED' } }],
    ],
  ],
  'AMC-KMS-1': [
    [['aws_kms_key', 'k', { policy: '{}', enable_key_rotation: false }]],
    [['aws_kms_key', 'k', { policy: '{}', enable_key_rotation: true }]],
  ],
  'AMC-KMS-2': [[['aws_kms_key', 'k', { enable_key_rotation: true }]], [['aws_kms_key', 'k', { policy: '{}', enable_key_rotation: true }]]],
  'AMC-LOG-1': [
    [['aws_cloudwatch_log_group', 'l', { retention_in_days: 30, kms_key_id: 'k' }]],
    [['aws_cloudwatch_log_group', 'l', { retention_in_days: 365, kms_key_id: 'k' }]],
  ],
  'AMC-LOG-2': [
    [['aws_cloudwatch_log_group', 'l', { retention_in_days: 365 }]],
    [['aws_cloudwatch_log_group', 'l', { retention_in_days: 365, kms_key_id: 'k' }]],
  ],
  'AMC-VPC-1': [
    [['aws_default_security_group', 's', { ingress: [{ from_port: 0 }] }]],
    [['aws_default_security_group', 's', { vpc_id: 'v' }]],
  ],
  'AMC-VPC-2': [[['aws_subnet', 's', { cidr_block: '10.0.0.0/24' }]], [['aws_subnet', 's', { map_public_ip_on_launch: false }]]],
  'AMC-VPC-3': [
    [['aws_vpc', 'v', { cidr_block: '10.0.0.0/16' }]],
    [
      ['aws_vpc', 'v', { cidr_block: '10.0.0.0/16' }],
      ['aws_flow_log', 'f', { vpc_id: '${aws_vpc.v.id}' }],
    ],
  ],
  'AMC-IAM-1': [
    [['aws_iam_role_policy', 'p', { policy: policy([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::x' }]) }]],
    [['aws_iam_role_policy', 'p', { policy: policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::x' }]) }]],
  ],
  'AMC-IAM-2': [
    [['aws_iam_policy', 'p', { policy: policy([{ Effect: 'Allow', Action: ['ec2:CreateVolume'], Resource: '*' }]) }]],
    [
      [
        'aws_iam_policy',
        'p',
        {
          policy: policy([
            {
              Effect: 'Allow',
              Action: ['ec2:CreateVolume'],
              Resource: '*',
              Condition: { StringEquals: { 'aws:RequestTag/eks:eks-cluster-name': 'c' } },
            },
          ]),
        },
      ],
    ],
  ],
  'AMC-IAM-3': [
    [['aws_iam_role_policy_attachment', 'a', { policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' }]],
    [['aws_iam_role_policy_attachment', 'a', { policy_arn: 'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy' }]],
  ],
  'AMC-IAM-4': [
    [
      [
        'aws_iam_role',
        'r',
        { assume_role_policy: trust(['system:serviceaccount:*:*'], ['sts.amazonaws.com'], 'aws_iam_openid_connect_provider.eks_oidc.arn') },
      ],
    ],
    [
      [
        'aws_iam_role',
        'r',
        {
          assume_role_policy: trust(['system:serviceaccount:ns:sa'], ['sts.amazonaws.com'], 'aws_iam_openid_connect_provider.eks_oidc.arn'),
        },
      ],
    ],
  ],
  'AMC-IAM-5': [
    [['aws_iam_role', 'r', { assume_role_policy: trust(['project_path:acme/*:ref_type:branch:ref:main'], ['https://gitlab.com']) }]],
    [['aws_iam_role', 'r', { assume_role_policy: trust(['project_path:acme/amc:ref_type:branch:ref:main'], ['https://gitlab.com']) }]],
  ],
  'AMC-IAM-6': [
    [['aws_iam_role', 'r', { name: 'amc-dev-x', assume_role_policy: '{}' }]],
    [
      [
        'aws_iam_role',
        'r',
        { name: 'amc-dev-x', assume_role_policy: '{}', permissions_boundary: 'arn:aws:iam::1:policy/amc-dev-workload-boundary' },
      ],
    ],
  ],
  'AMC-SM-1': [[['aws_secretsmanager_secret', 's', { name: 'x' }]], [['aws_secretsmanager_secret', 's', { kms_key_id: 'k' }]]],
  'AMC-SM-2': [
    [['aws_secretsmanager_secret', 's', { name: 'x' }]],
    [
      ['aws_secretsmanager_secret', 's', { name: 'x' }],
      ['aws_secretsmanager_secret_rotation', 'r', { secret_id: '${aws_secretsmanager_secret.s.id}' }],
    ],
  ],
  'AMC-R53-1': [
    [['aws_route53_zone', 'z', { name: 'a.io' }]],
    [
      ['aws_route53_zone', 'z', { name: 'a.io' }],
      ['aws_route53_hosted_zone_dnssec', 'd', { hosted_zone_id: '${aws_route53_zone.z.id}' }],
    ],
  ],
  'AMC-R53-2': [
    [['aws_route53_zone', 'z', { name: 'a.io' }]],
    [
      ['aws_route53_zone', 'z', { name: 'a.io' }],
      ['aws_route53_query_log', 'q', { zone_id: '${aws_route53_zone.z.zone_id}' }],
    ],
  ],
  'AMC-ACM-1': [[['aws_acm_certificate', 'c', { domain_name: '*.a.io' }]], [['aws_acm_certificate', 'c', { domain_name: 'app.a.io' }]]],
  'AMC-S3-1': [
    bucket([]),
    bucket([['aws_s3_bucket_versioning', 'v', { bucket: '${aws_s3_bucket.b.id}', versioning_configuration: { status: 'Enabled' } }]]),
  ],
  'AMC-S3-2': [
    bucket([['aws_s3_bucket_public_access_block', 'p', { bucket: '${aws_s3_bucket.b.id}', block_public_acls: true }]]),
    bucket([
      [
        'aws_s3_bucket_public_access_block',
        'p',
        {
          bucket: '${aws_s3_bucket.b.id}',
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        },
      ],
    ]),
  ],
  'AMC-S3-3': [
    bucket([
      [
        'aws_s3_bucket_server_side_encryption_configuration',
        'e',
        { bucket: '${aws_s3_bucket.b.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] },
      ],
    ]),
    bucket([
      [
        'aws_s3_bucket_server_side_encryption_configuration',
        'e',
        { bucket: '${aws_s3_bucket.b.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }] },
      ],
    ]),
  ],
  'AMC-S3-4': [
    bucket([
      [
        'aws_s3_bucket_policy',
        'p',
        { bucket: '${aws_s3_bucket.b.id}', policy: policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'x' }]) },
      ],
    ]),
    bucket([
      [
        'aws_s3_bucket_policy',
        'p',
        {
          bucket: '${aws_s3_bucket.b.id}',
          policy: policy([
            { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'x', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ]),
        },
      ],
    ]),
  ],
  'AMC-K8S-1': [
    [['kubernetes_config_map_v1', 'c', { metadata: { name: 'x' } }]],
    [['kubernetes_config_map_v1', 'c', { metadata: { name: 'x', namespace: 'flux-system' } }]],
  ],
};

test('every rule has fixtures, a title, a fix and, where a scanner checks the same, its ids', () => {
  expect(Object.keys(FIXTURES).sort()).toEqual([...RULE_IDS].sort());
  expect(new Set(RULE_IDS).size).toBe(RULE_IDS.length);
  for (const rule of RULES) expect([rule.id, rule.title.length > 10, rule.fix.length > 10]).toEqual([rule.id, true, true]);
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  test(`fails its fixture, naming ${id}, the construct path and the fix`, () => {
    const problems = failures(fixture(...FIXTURES[id][0]).stack).filter((p) => p.startsWith(`${id} `));
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(`^${id}( \\[[^\\]]+\\])? fixture/\\w+: .+\\. Fix: ${rule.fix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
      ),
    ]);
  });

  test('passes its fixture', () => {
    expect(failures(fixture(...FIXTURES[id][1]).stack).filter((p) => p.startsWith(`${id} `))).toEqual([]);
  });
});

describe('suppressions', () => {
  test('a suppression in code turns a failure into a finding with its reason', () => {
    const { stack, made } = fixture(['aws_acm_certificate', 'c', { domain_name: '*.a.io' }]);
    suppress(made[0], 'AMC-ACM-1', 'one certificate for every app host');
    const { problems, report } = evaluateStack(stack);
    expect(problems).toEqual([]);
    expect(report.findings.filter((f) => f.rule === 'AMC-ACM-1')).toEqual([
      expect.objectContaining({
        outcome: 'suppressed',
        reason: 'one certificate for every app host',
        problem: 'the certificate is a wildcard (*.a.io)',
      }),
    ]);
  });

  test.each([
    ['has no reason', 'AMC-ACM-1', ' ', 'fixture/c: suppression of AMC-ACM-1 has no reason'],
    ['names an unknown rule', 'AMC-ACM-9', 'why not', 'fixture/c: suppression of unknown rule AMC-ACM-9'],
    [
      'matches nothing the rule checks',
      'AMC-KMS-1',
      'no key here',
      'fixture/c: suppression of AMC-KMS-1 (code) holds back no failure there; remove it',
    ],
    [
      'is stale: the resource passes',
      'AMC-ACM-1',
      'was a wildcard once',
      'fixture/c: suppression of AMC-ACM-1 (code) holds back no failure there; remove it',
    ],
  ])('fails synth when a suppression %s', (_, rule, reason, message) => {
    const { stack, made } = fixture([
      'aws_acm_certificate',
      'c',
      { domain_name: rule === 'AMC-ACM-1' && reason === ' ' ? '*.a.io' : 'app.a.io' },
    ]);
    suppress(made[0], rule, reason);
    expect(failures(stack)).toEqual([expect.stringContaining(message)]);
  });

  test('routes config suppressions to their stack, and refuses one that names no stack', () => {
    const { stack } = fixture(['aws_acm_certificate', 'c', { domain_name: '*.a.io' }]);
    const routed = stacksToCheck({ cluster: stack }, [{ rule: 'AMC-ACM-1', path: 'amc/c', reason: 'per context' }]);
    expect(routed).toEqual([{ stack, suppressions: [{ rule: 'AMC-ACM-1', path: 'c', reason: 'per context' }] }]);
    expect(checkPolicies(routed)[0].totals).toMatchObject({ fail: 0, suppressed: 1 });
    expect(() => stacksToCheck({ cluster: stack }, [{ rule: 'AMC-ACM-1', path: 'amc-cluster/c', reason: 'x' }])).toThrow(PolicyError);
  });
});

/** Each context's stacks, checked once for the describes below. */
const byContext = contexts.map((config) => {
  const app = new App({ outdir: '/nonexistent', skipValidation: true });
  const stacks = addContext(app, config, { remoteBackend: true });
  const checked = stacksToCheck(stacks, config.policy.suppressions);
  return { config, checked, reports: checkPolicies(checked) };
});
const of = (name: string) => {
  const found = byContext.find((c) => c.config.name === name);
  if (!found) throw new Error(`no context ${name}`);
  return found;
};

describe.each(contexts)('the $name stacks', (config) => {
  const { reports } = of(config.name);

  test('fail no rule, and every suppression carries a reason', () => {
    const findings = reports.flatMap((r) => r.findings);
    expect(findings.filter((f) => f.outcome === 'fail')).toEqual([]);
    for (const f of findings.filter((f) => f.outcome === 'suppressed')) expect(f.reason?.length).toBeGreaterThan(20);
  });

  test('follow the rules the issue names, not by suppression', () => {
    const passed = (rule: string) => reports.flatMap((r) => r.findings).filter((f) => f.rule === rule && f.outcome === 'pass').length;
    for (const rule of [
      'AMC-EKS-1',
      'AMC-EKS-2',
      'AMC-EKS-3',
      'AMC-EKS-4',
      'AMC-KMS-1',
      'AMC-KMS-2',
      'AMC-LOG-2',
      'AMC-VPC-1',
      'AMC-VPC-2',
      'AMC-VPC-3',
      'AMC-IAM-4',
      'AMC-IAM-5',
      'AMC-IAM-6',
    ]) {
      expect([rule, passed(rule) > 0]).toEqual([rule, true]);
    }
  });
});

describe("what the pipeline's Checkov job reads (policy/checkov.ts)", () => {
  test('fails the job on every Checkov check a rule maps to, and only on those', () => {
    const ids = checkovChecks();
    const named = RULES.flatMap((r) => r.scanners).filter((id) => id.startsWith('CKV'));
    expect(ids).toEqual([...new Set(named.filter((id) => !(id in NOT_ENFORCED)))].sort());
    // Each exception names an id some rule maps to, and says why.
    for (const [id, why] of Object.entries(NOT_ENFORCED)) expect([id, named.includes(id), why.length > 20]).toEqual([id, true, true]);
    expect(ids).toEqual(expect.arrayContaining(['CKV_AWS_37', 'CKV_AWS_39', 'CKV_AWS_58', 'CKV_AWS_7', 'CKV_AWS_130', 'CKV_AWS_290']));
    expect(ids.every(isCheckov)).toBe(true);
    expect(['AVD-AWS-0040', 'CIS-EKS 5.4.2', 'KSV-0110'].some(isCheckov)).toBe(false);
  });

  test.each(contexts.map((c) => c.name))(
    '%s: each stack baseline names, by plan address, a resource of that stack for every suppressed Checkov finding',
    (name) => {
      const { checked, reports } = of(name);
      for (const [i, report] of reports.entries()) {
        const baseline = checkovBaseline(report, `tmp/plans/${report.stack}.plan.json`);
        const listed = baseline.failed_checks.flatMap((f) => f.findings.flatMap((x) => x.check_ids.map((id) => `${x.resource} ${id}`)));
        const expected = report.findings
          .filter((f) => f.outcome === 'suppressed')
          .flatMap((f) => f.scanners.filter((id) => isCheckov(id) && !(id in NOT_ENFORCED)).map((id) => `${f.address} ${id}`));
        expect(listed.sort()).toEqual([...new Set(expected)].sort());
        // The address is the one Terraform plans under: `<type>.<key>` (or `data.<type>.<key>`) of the stack's JSON.
        const json = checked[i].stack.toTerraform() as Record<string, Record<string, Record<string, unknown>>>;
        for (const { resource } of baseline.failed_checks.flatMap((f) => f.findings)) {
          const [kind, type, key] = resource.startsWith('data.') ? resource.split('.') : ['resource', ...resource.split('.')];
          expect([resource, json[kind]?.[type]?.[key] !== undefined]).toEqual([resource, true]);
        }
      }
    },
  );

  test("holds each context to its own decisions: dev's 30-day log retention is not prod's", () => {
    const logRetention = (name: string) =>
      of(name)
        .reports.flatMap((r) => checkovBaseline(r, 'p').failed_checks.flatMap((f) => f.findings))
        .filter((f) => f.check_ids.includes('CKV_AWS_338'));
    // One baseline entry per AMC-LOG-1 suppression in config/dev.ts (control-plane and flow logs), none for prod.
    const suppressions = (name: string) => of(name).config.policy.suppressions.filter((s) => s.rule === 'AMC-LOG-1').length;
    expect(suppressions('dev')).toBeGreaterThan(0);
    expect(logRetention('dev')).toHaveLength(suppressions('dev'));
    for (const f of logRetention('dev')) expect(f.resource).toMatch(/^aws_cloudwatch_log_group\./);
    expect(suppressions('prod')).toBe(0);
    expect(logRetention('prod')).toEqual([]);
  });
});
