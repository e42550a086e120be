import { versionSupport, type SupportType } from '../config/kubernetes';
import { today } from '../config/validate';
import { statementsOf, WRITE_VERB, type Statement } from './iam';

type Json = Record<string, unknown>;

/** One synthesized stack, resolved, as the rules read it: resources and data sources by type, then by key. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Json>>;
  readonly data?: Record<string, Record<string, Json>>;
}

export interface Rule {
  /** Our id, stable; suppressions name it. */
  readonly id: string;
  /** The same check in the scanners teams run, to look it up: Checkov, Trivy (AVD), KICS, CIS EKS Benchmark 1.4. */
  readonly scanners: readonly string[];
  readonly title: string;
  /** Terraform types it applies to; data sources as `data.<type>`. */
  readonly types: readonly string[];
  /** What is wrong with one resource, or undefined when it passes. */
  readonly check: (resource: Json, stack: StackJson) => string | undefined;
  readonly fix: string;
}

const at = (value: unknown, ...path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );
const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const documents = (stack: StackJson) => stack.data?.aws_iam_policy_document ?? {};
/** A `${type.key.attr}` reference to a resource of the stack, as its key. */
const refersTo = (value: unknown, type: string) => new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(String(value))?.[1];

/** The resources of `type` whose `attribute` refers to `own`, a resource of `ownType` in the same stack. */
function companions(stack: StackJson, own: Json, ownType: string, type: string, attribute: string): Json[] {
  const key = Object.entries(stack.resource?.[ownType] ?? {}).find(([, v]) => v === own)?.[0];
  return Object.values(stack.resource?.[type] ?? {}).filter((c) => refersTo(c[attribute], ownType) === key);
}

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const ADMIN_POLICIES = ['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess'].map((p) => `arn:aws:iam::aws:policy/${p}`);

const UNREADABLE = 'the policy cannot be read (neither JSON nor an aws_iam_policy_document reference of this stack)';

/** Statements of a role's trust, or of a policy resource; undefined when they cannot be read (a rule then fails). */
function statements(resource: Json, type: 'trust' | 'policy', stack: StackJson): Statement[] | undefined {
  const value = type === 'trust' ? resource.assume_role_policy : resource.policy;
  return statementsOf(value, documents(stack));
}

function iamPermissionProblems(resource: Json, stack: StackJson, test: (s: Statement) => string | undefined): string | undefined {
  const all = statements(resource, 'policy', stack);
  if (!all) return UNREADABLE;
  const problems = all.filter((s) => s.effect === 'Allow').flatMap((s) => test(s) ?? []);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** Trust problems of the web-identity statements that `pick` keeps. */
function trustProblems(resource: Json, stack: StackJson, pick: (s: Statement) => boolean, test: (s: Statement) => string[]) {
  const all = statements(resource, 'trust', stack);
  if (!all) return UNREADABLE;
  const problems = all.filter((s) => webIdentity(s) && pick(s)).flatMap(test);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

const webIdentity = (s: Statement) =>
  s.effect === 'Allow' && s.actions.some((a) => /^(\*|sts:\*|sts:AssumeRoleWith\*|sts:AssumeRoleWithWebIdentity)$/i.test(a));
/** IRSA: the cluster's OIDC issuer (oidc.eks.<region>.amazonaws.com), or a service-account subject. */
const irsa = (s: Statement) =>
  /oidc\.eks\.|aws_iam_openid_connect_provider\.eks/.test(federated(s)) ||
  Object.values(s.conditions).some((keys) =>
    Object.entries(keys).some(([k, v]) => k.endsWith(':sub') && v.some((x) => x.startsWith('system:serviceaccount:'))),
  );
const federated = (s: Statement) => (s.principals.Federated ?? []).join(' ');
const stringEquals = (s: Statement, suffix: string) =>
  Object.entries(s.conditions.StringEquals ?? {}).find(([key]) => key.endsWith(suffix))?.[1] ?? [];

export const RULES: readonly Rule[] = [
  {
    id: 'AMC-EKS-1',
    scanners: ['CKV_AWS_38', 'AVD-AWS-0041', 'CIS-EKS 5.4.1'],
    title: 'The public API endpoint is off, or limited to an allow-list without 0.0.0.0/0',
    types: ['aws_eks_cluster'],
    check: (r) => {
      const vpc = first(r.vpc_config) as Json;
      // The provider's default is a public endpoint open to 0.0.0.0/0: only an explicit false is off.
      if (vpc?.endpoint_public_access === false) return undefined;
      const cidrs = (vpc.public_access_cidrs as string[] | undefined) ?? [];
      if (cidrs.length === 0) return 'the public endpoint is open to every address (no public_access_cidrs)';
      if (cidrs.some((c) => c.endsWith('/0'))) return `the public endpoint allows ${cidrs.filter((c) => c.endsWith('/0')).join(', ')}`;
      return undefined;
    },
    fix: 'list your CIDRs in cluster.publicAccessCidrs, or none to turn the public endpoint off',
  },
  {
    id: 'AMC-EKS-5',
    scanners: ['CKV_AWS_39', 'AVD-AWS-0040', 'CIS-EKS 5.4.2'],
    title: 'The public API endpoint is off (private endpoint only)',
    types: ['aws_eks_cluster'],
    check: (r) => ((first(r.vpc_config) as Json)?.endpoint_public_access === false ? undefined : 'the public endpoint is on'),
    fix: 'set cluster.publicAccessCidrs to [] and run Terraform and kubectl from inside the VPC, or suppress with the reason',
  },
  {
    id: 'AMC-EKS-2',
    scanners: ['CKV_AWS_58', 'AVD-AWS-0039', 'CIS-EKS 5.3.1'],
    title: 'Kubernetes secrets are envelope-encrypted with a KMS key',
    types: ['aws_eks_cluster'],
    check: (r) => {
      const encryption = first(r.encryption_config) as Json | undefined;
      return (at(encryption, 'resources') as string[] | undefined)?.includes('secrets') && at(first(encryption?.provider), 'key_arn')
        ? undefined
        : 'secrets are not encrypted with a KMS key (encryption_config)';
    },
    fix: 'give the cluster encryption_config { resources = ["secrets"], provider.key_arn }',
  },
  {
    id: 'AMC-EKS-3',
    scanners: ['CKV_AWS_37', 'AVD-AWS-0038', 'CIS-EKS 2.1.1'],
    title: 'All five control-plane log types are enabled',
    types: ['aws_eks_cluster'],
    check: (r) => {
      const missing = LOG_TYPES.filter((t) => !((r.enabled_cluster_log_types as string[] | undefined) ?? []).includes(t));
      return missing.length > 0 ? `control-plane log types missing: ${missing.join(', ')}` : undefined;
    },
    fix: `enable ${LOG_TYPES.join(', ')}`,
  },
  {
    id: 'AMC-EKS-4',
    scanners: ['CKV_AWS_339'],
    title: 'The Kubernetes version is in EKS support today (standard, or extended by the upgrade policy), and Flux supports it',
    types: ['aws_eks_cluster'],
    // The dated calendar of config/kubernetes.ts, as config validation reads it; here for clusters config does not make.
    check: (r) => {
      // Without an upgrade_policy EKS applies EXTENDED (view-upgrade-policy).
      const supportType = ((first(r.upgrade_policy) as Json | undefined)?.support_type ?? 'EXTENDED') as SupportType;
      const problem = versionSupport(String(r.version), supportType, today()).problem;
      return problem ? `Kubernetes ${problem}` : undefined;
    },
    fix: 'set cluster.version to a minor in support (EKS_VERSIONS and FLUX_SUPPORT in config/kubernetes.ts)',
  },
  {
    id: 'AMC-KMS-1',
    scanners: ['CKV_AWS_7', 'AVD-AWS-0065'],
    title: 'KMS keys rotate',
    types: ['aws_kms_key'],
    check: (r) => (r.enable_key_rotation === true ? undefined : 'key rotation is off'),
    fix: 'set enableKeyRotation: true',
  },
  {
    id: 'AMC-KMS-2',
    scanners: ['CKV2_AWS_64'],
    title: 'KMS keys have an explicit key policy',
    types: ['aws_kms_key'],
    check: (r) => (typeof r.policy === 'string' && r.policy.length > 0 ? undefined : 'the key has the default key policy'),
    fix: 'write the key policy: the account root, and each service principal that uses the key',
  },
  {
    id: 'AMC-LOG-1',
    scanners: ['CKV_AWS_338'],
    title: 'Log groups keep logs for a year',
    types: ['aws_cloudwatch_log_group'],
    // 0 keeps logs forever (CKV_AWS_338 passes it too).
    check: (r) =>
      r.retention_in_days === 0 || Number(r.retention_in_days) >= 365
        ? undefined
        : `retention is ${String(r.retention_in_days)} days, under 365`,
    fix: 'keep logs 365 days or more (cluster.logRetentionDays), or suppress with the reason',
  },
  {
    id: 'AMC-LOG-2',
    scanners: ['CKV_AWS_158', 'AVD-AWS-0017'],
    title: 'Log groups are encrypted with a KMS key',
    types: ['aws_cloudwatch_log_group'],
    check: (r) => (r.kms_key_id ? undefined : 'the log group has no kms_key_id'),
    fix: "encrypt with a KMS key whose policy lets logs.<region>.amazonaws.com use it for this group's ARN",
  },
  {
    id: 'AMC-VPC-1',
    scanners: ['CKV2_AWS_12', 'AVD-AWS-0173'],
    title: 'The default security group allows nothing',
    types: ['aws_default_security_group'],
    check: (r) => ([...((r.ingress as unknown[]) ?? []), ...((r.egress as unknown[]) ?? [])].length === 0 ? undefined : 'it has rules'),
    fix: 'remove every ingress and egress rule',
  },
  {
    id: 'AMC-VPC-2',
    scanners: ['CKV_AWS_130', 'AVD-AWS-0164'],
    title: 'Subnets give no public IP on launch',
    types: ['aws_subnet'],
    // Stated, not left to the provider's default: a default that changes, or a copied subnet, must not slip through.
    check: (r) => (r.map_public_ip_on_launch === false ? undefined : 'map_public_ip_on_launch is not set to false'),
    fix: 'set mapPublicIpOnLaunch: false; load balancers get their addresses from their own ENIs',
  },
  {
    id: 'AMC-VPC-3',
    scanners: ['CKV2_AWS_11', 'AVD-AWS-0178'],
    title: 'VPCs have flow logs',
    types: ['aws_vpc'],
    check: (r, stack) => (companions(stack, r, 'aws_vpc', 'aws_flow_log', 'vpc_id').length > 0 ? undefined : 'the VPC has no flow log'),
    fix: 'turn on network.flowLogs, or suppress with the reason',
  },
  {
    id: 'AMC-IAM-1',
    scanners: ['CKV_AWS_62', 'CKV_AWS_63', 'CKV_AWS_1', 'CKV_AWS_49', 'AVD-AWS-0057'],
    title: 'No policy allows every action',
    types: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (r, stack) =>
      iamPermissionProblems(r, stack, (s) => (s.actions.includes('*') ? `statement ${s.sid ?? '(no Sid)'} allows Action "*"` : undefined)),
    fix: 'name the actions the role needs',
  },
  {
    id: 'AMC-IAM-2',
    // Not Checkov's CKV_AWS_355/356: they flag a write on "*" whatever its condition (cloudsplaining's
    // all_allowed_unrestricted_actions), so AWS's documented Auto Mode tag-conditioned statement would fail them.
    scanners: ['CKV_AWS_290', 'CKV_AWS_111', 'AVD-AWS-0057', 'AVD-AWS-0342'],
    title: 'Write actions on every resource only with a tag condition',
    types: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
    check: (r, stack) =>
      iamPermissionProblems(r, stack, (s) => {
        if (!s.resources.includes('*')) return undefined;
        // Only a String or Arn comparison pins a tag; Null merely tests for one.
        const tagged = Object.entries(s.conditions).some(
          ([test, keys]) => /^(String|Arn)/.test(test) && Object.keys(keys).some((k) => /^aws:(RequestTag|ResourceTag)\//i.test(k)),
        );
        const writes = s.actions.filter((a) => WRITE_VERB.test(a));
        return writes.length > 0 && !tagged
          ? `statement ${s.sid ?? '(no Sid)'} allows ${writes.join(', ')} on "*" without a tag condition`
          : undefined;
      }),
    fix: 'scope the resources, or condition on aws:RequestTag / aws:ResourceTag',
  },
  {
    id: 'AMC-IAM-3',
    scanners: ['CKV_AWS_274'],
    title: 'No administrator managed policy on a role',
    types: [
      'aws_iam_role_policy_attachment',
      'aws_iam_policy_attachment',
      'aws_iam_user_policy_attachment',
      'aws_iam_group_policy_attachment',
    ],
    check: (r) => (ADMIN_POLICIES.includes(String(r.policy_arn)) ? `attaches ${String(r.policy_arn)}` : undefined),
    fix: 'attach only the policies the workload needs',
  },
  {
    id: 'AMC-IAM-4',
    scanners: [], // no scanner checks IRSA trust conditions: ours alone
    title: 'IRSA roles trust exactly one service account and the STS audience',
    types: ['aws_iam_role'],
    check: (r, stack) =>
      trustProblems(r, stack, irsa, (s) => {
        const subs = stringEquals(s, ':sub');
        const out = [];
        if (subs.length !== 1 || !/^system:serviceaccount:[^*:]+:[^*:]+$/.test(subs[0]))
          out.push(`sub is ${JSON.stringify(subs)}, not one service account`);
        if (JSON.stringify(stringEquals(s, ':aud')) !== '["sts.amazonaws.com"]') out.push('aud is not exactly sts.amazonaws.com');
        return out;
      }),
    fix: 'trust StringEquals <issuer>:sub = system:serviceaccount:<namespace>:<name> and <issuer>:aud = sts.amazonaws.com',
  },
  {
    id: 'AMC-IAM-5',
    scanners: [], // Checkov's CKV_AWS_358 does this for GitHub's OIDC subject only; none reads GitLab's
    title: 'CI web-identity trust is pinned to one project and one branch',
    types: ['aws_iam_role'],
    check: (r, stack) =>
      trustProblems(
        r,
        stack,
        (s) => !irsa(s),
        (s) => {
          const subs = stringEquals(s, ':sub');
          const out = [];
          if (subs.length !== 1 || !/^project_path:[^*]+:ref_type:branch:ref:[^*]+$/.test(subs[0]))
            out.push(`sub is ${JSON.stringify(subs)}, not one project and branch (StringEquals, no wildcard)`);
          if (stringEquals(s, ':aud').length !== 1) out.push('aud is not pinned');
          return out;
        },
      ),
    fix: 'trust StringEquals <host>:sub = project_path:<group/project>:ref_type:branch:ref:<branch> and <host>:aud',
  },
  {
    id: 'AMC-IAM-6',
    scanners: [], // no scanner checks for boundaries: ours alone
    title: 'Every IAM role carries a permissions boundary',
    types: ['aws_iam_role'],
    // The deploy role may make roles only under the workload boundary; this names a role made without one at synth.
    check: (r) => (r.permissions_boundary ? undefined : 'the role has no permissions_boundary'),
    fix: "set permissionsBoundary to the context's workload boundary (workloadBoundaryArn)",
  },
  {
    id: 'AMC-SM-1',
    scanners: ['CKV_AWS_149', 'AVD-AWS-0098'],
    title: 'Secrets are encrypted with a customer-managed KMS key',
    types: ['aws_secretsmanager_secret'],
    check: (r) => (r.kms_key_id && !String(r.kms_key_id).includes('aws/') ? undefined : 'the secret uses the AWS-managed key'),
    fix: 'set kmsKeyId, or suppress with the reason',
  },
  {
    id: 'AMC-SM-2',
    scanners: ['CKV2_AWS_57'],
    title: 'Secrets rotate automatically',
    types: ['aws_secretsmanager_secret'],
    check: (r, stack) =>
      companions(stack, r, 'aws_secretsmanager_secret', 'aws_secretsmanager_secret_rotation', 'secret_id').length > 0
        ? undefined
        : 'the secret has no rotation',
    fix: 'add aws_secretsmanager_secret_rotation, or suppress with the reason',
  },
  {
    id: 'AMC-R53-1',
    scanners: ['CKV2_AWS_38'],
    title: 'Public hosted zones sign with DNSSEC',
    types: ['aws_route53_zone'],
    check: (r, stack) =>
      companions(stack, r, 'aws_route53_zone', 'aws_route53_hosted_zone_dnssec', 'hosted_zone_id').length > 0
        ? undefined
        : 'the zone is not DNSSEC-signed',
    fix: 'add aws_route53_key_signing_key and aws_route53_hosted_zone_dnssec, or suppress with the reason',
  },
  {
    id: 'AMC-R53-2',
    scanners: ['CKV2_AWS_39'],
    title: 'Public hosted zones log queries',
    types: ['aws_route53_zone'],
    check: (r, stack) =>
      companions(stack, r, 'aws_route53_zone', 'aws_route53_query_log', 'zone_id').length > 0 ? undefined : 'the zone has no query logging',
    fix: 'add aws_route53_query_log (to a us-east-1 log group), or suppress with the reason',
  },
  {
    id: 'AMC-ACM-1',
    scanners: [], // KICS and others flag wildcard certificates by query name, without an id we could verify
    title: 'Certificates name their hosts rather than a wildcard',
    types: ['aws_acm_certificate'],
    check: (r) => (String(r.domain_name).startsWith('*.') ? `the certificate is a wildcard (${String(r.domain_name)})` : undefined),
    fix: 'request a certificate per host, or suppress with the reason',
  },
  {
    id: 'AMC-S3-1',
    scanners: ['CKV_AWS_21', 'AVD-AWS-0090'],
    title: 'State buckets are versioned',
    types: ['aws_s3_bucket'],
    check: (r, stack) =>
      companions(stack, r, 'aws_s3_bucket', 'aws_s3_bucket_versioning', 'bucket').some(
        (v) => at(first(v.versioning_configuration), 'status') === 'Enabled',
      )
        ? undefined
        : 'the bucket is not versioned',
    fix: 'add aws_s3_bucket_versioning with status Enabled',
  },
  {
    id: 'AMC-S3-2',
    scanners: ['CKV2_AWS_6', 'AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094'],
    title: 'State buckets block every kind of public access',
    types: ['aws_s3_bucket'],
    check: (r, stack) => {
      const [block] = companions(stack, r, 'aws_s3_bucket', 'aws_s3_bucket_public_access_block', 'bucket');
      const all = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
      return block && all.every((k) => block[k] === true) ? undefined : 'not all four public access blocks are on';
    },
    fix: 'add aws_s3_bucket_public_access_block with all four settings true',
  },
  {
    id: 'AMC-S3-3',
    scanners: ['CKV_AWS_145', 'AVD-AWS-0132'],
    title: 'State buckets are encrypted by default, with a customer-managed KMS key',
    types: ['aws_s3_bucket'],
    check: (r, stack) => {
      const [sse] = companions(stack, r, 'aws_s3_bucket', 'aws_s3_bucket_server_side_encryption_configuration', 'bucket');
      const algorithm = at(first(at(first(sse?.rule), 'apply_server_side_encryption_by_default')), 'sse_algorithm');
      if (!algorithm) return 'the bucket has no default encryption';
      return algorithm === 'aws:kms' ? undefined : `default encryption is ${String(algorithm)}, not a KMS key`;
    },
    fix: 'encrypt with SSE-KMS, or suppress with the reason',
  },
  {
    id: 'AMC-S3-4',
    scanners: ['CKV_AWS_379', 'AWS Security Hub S3.5'],
    title: 'State buckets refuse requests without TLS',
    types: ['aws_s3_bucket'],
    check: (r, stack) => {
      const [policy] = companions(stack, r, 'aws_s3_bucket', 'aws_s3_bucket_policy', 'bucket');
      const denies = (statementsOf(policy?.policy, {}) ?? []).some(
        (s) => s.effect === 'Deny' && JSON.stringify(s.conditions.Bool?.['aws:SecureTransport']) === '["false"]',
      );
      return denies ? undefined : 'no bucket policy statement denies aws:SecureTransport false';
    },
    fix: 'add a bucket policy that denies s3:* when aws:SecureTransport is false',
  },
  {
    id: 'AMC-K8S-1',
    scanners: ['CKV_K8S_21', 'KSV-0110', 'CIS-EKS 4.5.3'],
    title: 'Kubernetes objects live outside the default namespace',
    types: ['kubernetes_secret_v1', 'kubernetes_config_map_v1', 'kubernetes_secret', 'kubernetes_config_map', 'helm_release'],
    check: (r) => {
      const namespace = r.namespace ?? at(first(r.metadata), 'namespace');
      return namespace === undefined || namespace === 'default' ? 'the object is in the default namespace' : undefined;
    },
    fix: 'set metadata.namespace to a namespace of its own',
  },
];

export const RULE_IDS = RULES.map((rule) => rule.id);
