// Cost: 0.5 s here (2 cores, whole suite running): synthesizes both contexts and a dozen variants in-process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack } from 'cdktf';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import type { ContextInput } from '../config';
import { AutoModeCluster, CLUSTER_ADMIN_POLICY, NODE_ROLE_POLICIES } from '../constructs/auto-mode-cluster';
import {
  configured,
  contexts,
  dataSources,
  inputs,
  memoized,
  only,
  resources,
  type Synth,
  synthContext,
  testApp,
  variant,
} from './helpers';

/** `${type.key.attribute}` of the resource of `type` whose properties include `match`. */
function ref(json: Synth, type: string, match: Record<string, unknown>, attribute: string): string {
  const entries = Object.entries(json.resource[type] ?? {}).filter(([, props]) => Object.entries(match).every(([k, v]) => props[k] === v));
  if (entries.length !== 1) throw new Error(`expected one ${type} matching ${JSON.stringify(match)}, found ${entries.length}`);
  return `\${${type}.${entries[0][0]}.${attribute}}`;
}

function policiesOf(json: Synth, roleName: string): string[] {
  const role = ref(json, 'aws_iam_role', { name: roleName }, 'name');
  return resources(json, 'aws_iam_role_policy_attachment')
    .filter((a) => a.role === role)
    .map((a) => String(a.policy_arn));
}

function trustOf(
  json: Synth,
  roleName: string,
): { statement: { actions: string[]; condition: { test: string; variable: string; values: string[] }[] }[] } {
  const role = resources(json, 'aws_iam_role').find((r) => r.name === roleName);
  const [, key] = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(String(role?.assume_role_policy)) ?? [];
  return json.data?.aws_iam_policy_document[key] as never;
}

/**
 * The IAM principals the Kubernetes and Helm providers of a flux stack authenticate as: the `--role-arn` of their
 * `aws eks get-token` exec, or, without one, whoever runs Terraform (returned as '<caller>').
 */
function kubernetesPrincipals(flux: Synth): string[] {
  const execs = [
    ...(flux.provider.kubernetes ?? []).flatMap((p) => p.exec as { command: string; args: string[] }[]),
    ...(flux.provider.helm ?? []).map((p) => (p.kubernetes as { exec: { command: string; args: string[] } }).exec),
  ];
  return execs.map(({ command, args }) => {
    expect([command, ...args.slice(0, 2)]).toEqual(['aws', 'eks', 'get-token']);
    const at = args.indexOf('--role-arn');
    return at >= 0 ? args[at + 1] : '<caller>';
  });
}

/** Principals with an access entry whose association grants AmazonEKSClusterAdminPolicy at cluster scope. */
function clusterAdminPrincipals(json: Synth): string[] {
  const entries = json.resource.aws_eks_access_entry ?? {};
  return resources(json, 'aws_eks_access_policy_association')
    .filter((a) => a.policy_arn === CLUSTER_ADMIN_POLICY && JSON.stringify(a.access_scope) === '{"type":"cluster"}')
    .map((a) => {
      const [, key] = /^\$\{aws_eks_access_entry\.([^.]+)\.principal_arn\}$/.exec(String(a.principal_arn)) ?? [];
      return String(entries[key]?.principal_arn);
    });
}

// Snapshot tests sit at the top level, named as before: jest-light-runner reports a test by its bare title, so a snapshot
// test inside a describe that is filtered out (-t) or fails would lose its snapshot under -u (test/suites.test.ts).
const synthesized = memoized(synthContext);

test.each(contexts)('amc stack ($name) matches the snapshot', (config) => {
  expect(synthesized(config).cluster.text).toMatchSnapshot();
});

describe.each(contexts)('amc stack ($name)', (config) => {
  const stacks = synthesized(config);
  const { text, json } = stacks.cluster;
  const cluster = only(json, 'aws_eks_cluster');
  const clusterName = `amc-${config.name}-eks`;

  test('runs the cluster in Auto Mode with the three capabilities together', () => {
    expect(text).toHaveResourceWithProperties(EksCluster, {
      name: clusterName,
      bootstrap_self_managed_addons: false,
      compute_config: {
        enabled: true,
        node_pools: ['general-purpose', 'system'],
        node_role_arn: ref(json, 'aws_iam_role', { name: `${clusterName}-node` }, 'arn'),
      },
      kubernetes_network_config: { elastic_load_balancing: { enabled: true } },
      storage_config: { block_storage: { enabled: true } },
    });
  });

  test('authenticates through access entries only, creator admin off by default', () => {
    expect(cluster.access_config).toEqual({ authentication_mode: 'API', bootstrap_cluster_creator_admin_permissions: false });
  });

  test('gives the cluster role exactly the Auto Mode policies and the EKS trust', () => {
    expect(policiesOf(json, `${clusterName}-cluster`).sort()).toEqual([
      'arn:aws:iam::aws:policy/AmazonEKSBlockStoragePolicy',
      'arn:aws:iam::aws:policy/AmazonEKSClusterPolicy',
      'arn:aws:iam::aws:policy/AmazonEKSComputePolicy',
      'arn:aws:iam::aws:policy/AmazonEKSLoadBalancingPolicy',
      'arn:aws:iam::aws:policy/AmazonEKSNetworkingPolicy',
    ]);
    const trust = JSON.parse(String(resources(json, 'aws_iam_role').find((r) => r.name === `${clusterName}-cluster`)?.assume_role_policy));
    expect(trust.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] },
    ]);
  });

  test('gives the node role exactly the minimal node policies and the EC2 trust', () => {
    expect(policiesOf(json, `${clusterName}-node`).sort()).toEqual([...NODE_ROLE_POLICIES].sort());
    expect(NODE_ROLE_POLICIES).toEqual([
      'arn:aws:iam::aws:policy/AmazonEKSWorkerNodeMinimalPolicy',
      'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
    ]);
    const trust = JSON.parse(String(resources(json, 'aws_iam_role').find((r) => r.name === `${clusterName}-node`)?.assume_role_policy));
    expect(trust.Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
  });

  test('lets Auto Mode tag only requests that carry this cluster name', () => {
    const custom = resources(json, 'aws_iam_role_policy').find((p) => p.name === 'auto-mode-custom-tags');
    const statements = JSON.parse(String(custom?.policy)).Statement as { Condition: { StringEquals: Record<string, string> } }[];
    expect(statements.length).toBe(6);
    for (const s of statements) expect(s.Condition.StringEquals['aws:RequestTag/eks:eks-cluster-name']).toBe(clusterName);
  });

  test('makes the human-admin role cluster admin at cluster scope', () => {
    expect(clusterAdminPrincipals(json)).toContain(config.adminRoleArn);
    expect(CLUSTER_ADMIN_POLICY).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
  });

  test('gives the principal the flux stack authenticates as a cluster-admin access entry', () => {
    const principals = kubernetesPrincipals(stacks.flux.json);
    expect(principals.length).toBeGreaterThan(0);
    for (const principal of principals) expect(clusterAdminPrincipals(json)).toContain(principal);
  });

  test('creates one access entry per principal, each with exactly one cluster-scope admin association', () => {
    const entries = resources(json, 'aws_eks_access_entry').map((e) => e.principal_arn);
    expect(new Set(entries).size).toBe(entries.length);
    expect(resources(json, 'aws_eks_access_policy_association')).toHaveLength(entries.length);
  });

  // The context's key is amc-bootstrap's, found by its alias (test/bootstrap-stack.test.ts checks the key and its policy).
  const keyArn = `\${data.aws_kms_alias.${Object.keys(json.data?.aws_kms_alias ?? {})[0]}.target_key_arn}`;

  test("encrypts secrets with the context's KMS key, found by the alias amc-bootstrap gives it", () => {
    expect(dataSources(json, 'aws_kms_alias')).toEqual([expect.objectContaining({ name: `alias/amc-${config.name}` })]);
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: keyArn } });
    expect(resources(json, 'aws_kms_key')).toEqual([]);
  });

  test('sends all five control-plane log types to a group created first, with the configured retention', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const name = `/aws/eks/${clusterName}/cluster`;
    const group = resources(json, 'aws_cloudwatch_log_group').find((g) => g.name === name);
    expect(group).toMatchObject({ retention_in_days: config.cluster.logRetentionDays, kms_key_id: keyArn });
    expect(cluster.depends_on).toContain(ref(json, 'aws_cloudwatch_log_group', { name }, 'id').replace(/^\$\{(.*)\.id\}$/, '$1'));
  });

  test('keeps the private endpoint on and the public one limited to the configured CIDRs', () => {
    expect(cluster.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: config.cluster.publicAccessCidrs,
    });
    expect(config.cluster.publicAccessCidrs).not.toContain('0.0.0.0/0');
  });

  test('places nodes in the private subnets and tags subnets for load balancers', () => {
    const subnets = resources(json, 'aws_subnet');
    const privateSubnets = subnets.filter((s) => (s.tags as Record<string, string>)['kubernetes.io/role/internal-elb'] === '1');
    const publicSubnets = subnets.filter((s) => (s.tags as Record<string, string>)['kubernetes.io/role/elb'] === '1');
    expect(privateSubnets).toHaveLength(3);
    expect(publicSubnets).toHaveLength(3);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(new Set(subnets.map((s) => s.availability_zone)).size).toBe(3);
    const privateIds = Object.entries(json.resource.aws_subnet)
      .filter(([, s]) => privateSubnets.includes(s))
      .map(([key]) => `\${aws_subnet.${key}.id}`);
    expect((cluster.vpc_config as { subnet_ids: string[] }).subnet_ids).toEqual(privateIds);
  });

  test('logs every VPC flow to its own group, through a role that may write only there', () => {
    const days = config.network.mode === 'create' ? config.network.flowLogRetentionDays : undefined;
    const group = resources(json, 'aws_cloudwatch_log_group').find((g) => g.name === `/aws/vpc/amc-${config.name}-vpc/flow-logs`);
    expect(group).toMatchObject({ retention_in_days: days });
    const groupArn = ref(json, 'aws_cloudwatch_log_group', { name: group?.name }, 'arn');
    expect(only(json, 'aws_flow_log')).toMatchObject({
      vpc_id: ref(json, 'aws_vpc', {}, 'id'),
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination: groupArn,
      iam_role_arn: ref(json, 'aws_iam_role', { name: `amc-${config.name}-vpc-flow-logs` }, 'arn'),
    });
    const trust = JSON.parse(
      String(resources(json, 'aws_iam_role').find((r) => r.name === `amc-${config.name}-vpc-flow-logs`)?.assume_role_policy),
    );
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': config.aws.accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${config.aws.region}:${config.aws.accountId}:vpc-flow-log/*` },
        },
      },
    ]);
    const write = resources(json, 'aws_iam_role_policy').find((p) => p.name === 'write-flow-logs');
    expect(JSON.parse(String(write?.policy)).Statement[0].Resource).toEqual([groupArn, `${groupArn}:*`]);
  });

  test('strips every rule from the default security group', () => {
    const sg = only(json, 'aws_default_security_group');
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  test('creates one NAT gateway or one per zone, as configured', () => {
    const expected = config.network.mode === 'create' && config.network.natGateways === 'per-az' ? 3 : 1;
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(expected);
    expect(resources(json, 'aws_route').filter((r) => r.nat_gateway_id)).toHaveLength(3);
  });

  test('trusts the CloudWatch agent role for exactly its service account and the STS audience', () => {
    const [statement] = trustOf(json, `amc-${config.name}-cloudwatch-agent`).statement;
    expect(statement.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
    expect(statement.condition.map((c) => [c.test, c.variable.replace(/^.*:/, ''), c.values])).toEqual([
      ['StringEquals', 'sub', ['system:serviceaccount:amazon-cloudwatch:cloudwatch-agent']],
      ['StringEquals', 'aud', ['sts.amazonaws.com']],
    ]);
    expect(policiesOf(json, `amc-${config.name}-cloudwatch-agent`).sort()).toEqual([
      'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
      'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy',
    ]);
  });

  test('runs the CloudWatch Observability add-on with its IRSA role', () => {
    expect(resources(json, 'aws_eks_addon').find((a) => a.addon_name === 'amazon-cloudwatch-observability')).toMatchObject({
      service_account_role_arn: ref(json, 'aws_iam_role', { name: `amc-${config.name}-cloudwatch-agent` }, 'arn'),
    });
  });

  test("runs each add-on at the newest version EKS publishes for the cluster's Kubernetes version", () => {
    const cluster = ref(json, 'aws_eks_cluster', { version: config.cluster.version }, 'version');
    const versions = dataSources(json, 'aws_eks_addon_version');
    expect(versions.map((v) => [v.addon_name, v.kubernetes_version, v.most_recent]).sort()).toEqual([
      ['amazon-cloudwatch-observability', cluster, true],
      ['metrics-server', cluster, true],
    ]);
    for (const addon of resources(json, 'aws_eks_addon')) {
      const [key] = Object.entries(json.data?.aws_eks_addon_version ?? {}).find(([, v]) => v.addon_name === addon.addon_name) ?? [];
      expect(addon.addon_version).toBe(`\${data.aws_eks_addon_version.${key}.version}`);
    }
  });

  test('sets the upgrade policy from cluster.supportType: STANDARD by default, EXTENDED when the context opts in', () => {
    expect(only(json, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: config.cluster.supportType });
    expect(config.cluster.supportType).toBe('STANDARD');
    const extended = variant(inputs[contexts.indexOf(config)], (i) => ({ ...i, cluster: { ...i.cluster, supportType: 'EXTENDED' } }));
    expect(only(synthContext(extended).cluster.json, 'aws_eks_cluster').upgrade_policy).toEqual({ support_type: 'EXTENDED' });
  });

  test('runs metrics-server for HorizontalPodAutoscalers', () => {
    expect(
      resources(json, 'aws_eks_addon')
        .map((a) => a.addon_name)
        .sort(),
    ).toEqual(['amazon-cloudwatch-observability', 'metrics-server']);
  });

  test('lets ExternalDNS change records in this cluster zone only', () => {
    const [statement] = trustOf(json, `amc-${config.name}-external-dns`).statement;
    expect(statement.condition[0].values).toEqual(['system:serviceaccount:external-dns:external-dns']);
    expect(statement.condition[1].values).toEqual(['sts.amazonaws.com']);
    const inline = resources(json, 'aws_iam_role_policy').find((p) => p.name === `amc-${config.name}-external-dns`);
    const [change, discover] = JSON.parse(String(inline?.policy)).Statement;
    expect(change).toMatchObject({
      Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
      Resource: [ref(json, 'aws_route53_zone', {}, 'arn')],
    });
    // Only the zone list needs every resource.
    expect(discover).toMatchObject({ Action: ['route53:ListHostedZones'], Resource: ['*'] });
  });

  test('uses no wildcard IAM action anywhere', () => {
    const documents = [
      ...resources(json, 'aws_iam_role_policy').map((p) => JSON.parse(String(p.policy))),
      ...resources(json, 'aws_iam_role')
        .map((r) => String(r.assume_role_policy))
        .filter((p) => p.startsWith('{'))
        .map((p) => JSON.parse(p)),
    ];
    const actions = documents.flatMap((d) => d.Statement.flatMap((s: { Action: string | string[] }) => s.Action));
    expect(actions.length).toBeGreaterThan(10);
    expect(actions.filter((a: string) => a.includes('*'))).toEqual([]);
  });

  test('creates the cluster zone and a DNS-validated wildcard certificate, with its validation records in the zone', () => {
    expect(only(json, 'aws_route53_zone')).toMatchObject({ name: config.dns.clusterZone, force_destroy: false });
    expect(only(json, 'aws_acm_certificate')).toMatchObject({
      domain_name: `*.${config.dns.clusterZone}`,
      subject_alternative_names: [config.dns.clusterZone],
      validation_method: 'DNS',
    });
    const validation = resources(json, 'aws_route53_record').filter((r) => r.for_each);
    expect(validation).toEqual([expect.objectContaining({ zone_id: expect.stringMatching(/^\$\{aws_route53_zone\.[^.]+\.zone_id\}$/) })]);
  });

  test('never waits for a delegation nobody can make yet: no certificate validation wait without dns.parentZoneId', () => {
    expect(config.dns.parentZoneId).toBeUndefined();
    expect(resources(json, 'aws_acm_certificate_validation')).toEqual([]);
    expect(resources(json, 'aws_route53_record').filter((r) => r.type === 'NS')).toEqual([]);
  });

  test('prints the delegation step: NS records of the zone for the parent, then the flux stack', () => {
    const output = json.output?.dns_delegation;
    expect(output?.value).toContain(`delegate ${config.dns.clusterZone} from its parent domain ${config.dns.parentDomain}`);
    expect(output?.value).toContain(`formatlist("  ${config.dns.clusterZone}. 300 IN NS %s.", aws_route53_zone.`);
    expect(output?.value).toMatch(/formatlist\([^)]*, aws_route53_zone\.[^.]+\.name_servers\)/);
    expect(output?.value).toContain(`deploy amc-flux-${config.name} after that`);
  });

  test('runs the CloudWatch add-on only once its role has its policies', () => {
    const addon = resources(json, 'aws_eks_addon').find((a) => a.addon_name === 'amazon-cloudwatch-observability');
    const role = ref(json, 'aws_iam_role', { name: `amc-${config.name}-cloudwatch-agent` }, 'name');
    const attachments = Object.entries(json.resource.aws_iam_role_policy_attachment)
      .filter(([, a]) => a.role === role)
      .map(([key]) => `aws_iam_role_policy_attachment.${key}`);
    expect(attachments).toHaveLength(2);
    expect([...(addon?.depends_on as string[])].sort()).toEqual(attachments.sort());
  });

  test('keeps state in the S3 bucket with encryption and native locking, as the Terraform role, once configured', () => {
    const real = variant(inputs[contexts.indexOf(config)], configured);
    expect(synthContext(real).cluster.json.terraform.backend?.s3).toEqual({
      bucket: real.state.bucket,
      key: `amc/amc-${config.name}.tfstate`,
      region: real.state.region,
      encrypt: true,
      use_lockfile: true,
      assume_role: { role_arn: real.aws.terraformRoleArn },
    });
  });

  test('assumes the Terraform role in this account only and tags everything', () => {
    expect(json.provider.aws).toEqual([
      {
        region: config.aws.region,
        allowed_account_ids: [config.aws.accountId],
        assume_role: [{ role_arn: config.aws.terraformRoleArn, session_name: `amc-${config.name}` }],
        default_tags: [
          { tags: { Product: 'amc', Environment: config.name, Component: `amc-${config.name}`, Edition: 'default', Provisioner: 'cdktf' } },
        ],
      },
    ]);
  });

  test('pins the AWS provider exactly', () => {
    expect(json.terraform.required_providers.aws.version).toBe('6.25.0');
  });

  test('outputs the cluster name, endpoint, zone name servers, the delegation step and the kubeconfig command', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'cluster_endpoint',
      'cluster_name',
      'dns_delegation',
      'kubeconfig_command',
      'zone_name_servers',
    ]);
    expect(json.output?.kubeconfig_command.value).toBe(
      `aws eks update-kubeconfig --region ${config.aws.region} --name ${clusterName} --role-arn ${config.adminRoleArn}`,
    );
  });
});

describe('amc stack variants', () => {
  const [devInput] = inputs;

  test('delegates the zone from the parent when its id is configured, and then waits for the certificate', () => {
    const config = variant(devInput, (i) => ({ ...i, dns: { ...i.dns, parentZoneId: 'Z0123456789ABCDEFGHIJ' } }));
    const { json } = synthContext(config).cluster;
    const records = resources(json, 'aws_route53_record').filter((r) => r.type === 'NS');
    expect(records).toEqual([
      expect.objectContaining({
        zone_id: 'Z0123456789ABCDEFGHIJ',
        name: 'dev.example.com',
        records: expect.stringMatching(/name_servers/),
      }),
    ]);
    expect(only(json, 'aws_acm_certificate_validation').validation_record_fqdns).toMatch(/^\$\{\[for record in aws_route53_record\./);
    expect(json.output).not.toHaveProperty('dns_delegation');
  });

  test.each([
    ['the admin role is the Terraform role', (i: ContextInput) => ({ ...i, adminRoleArn: i.aws.terraformRoleArn })],
    ['creatorAdmin is on (EKS makes the creator entry)', (i: ContextInput) => ({ ...i, cluster: { ...i.cluster, creatorAdmin: true } })],
    ['both', (i: ContextInput) => ({ ...i, adminRoleArn: i.aws.terraformRoleArn, cluster: { ...i.cluster, creatorAdmin: true } })],
  ])('never makes a second access entry for one principal when %s', (_, change) => {
    const config = variant(devInput, change);
    const stacks = synthContext(config);
    const entries = resources(stacks.cluster.json, 'aws_eks_access_entry').map((e) => String(e.principal_arn));
    const bootstrap = (only(stacks.cluster.json, 'aws_eks_cluster').access_config as Record<string, boolean>)
      .bootstrap_cluster_creator_admin_permissions;
    // EKS's own creator entry is for the identity that creates the cluster: the role the AWS provider assumes.
    const creator = (stacks.cluster.json.provider.aws[0].assume_role as { role_arn: string }[])[0].role_arn;
    const all = bootstrap ? [...entries, creator] : entries;
    expect(new Set(all).size).toBe(all.length);
    for (const principal of kubernetesPrincipals(stacks.flux.json)) expect(all).toContain(principal);
    expect(all).toContain(config.adminRoleArn);
  });

  test('fails at synth when the same principal is given two admin entries', () => {
    const app = testApp();
    const stack = new TerraformStack(app, 'test');
    expect(
      () =>
        new AutoModeCluster(stack, 'eks', {
          name: 'x',
          kmsKeyArn: 'arn:aws:kms:eu-west-1:111111111111:key/x',
          version: '1.34',
          subnetIds: ['subnet-1'],
          nodePools: ['system'],
          publicAccessCidrs: [],
          clusterAdmins: { admin: 'arn:aws:iam::111111111111:role/a', terraform: 'arn:aws:iam::111111111111:role/a' },
          creatorAdmin: false,
          logRetentionDays: 30,
          deletionProtection: false,
        }),
    ).toThrow('test/eks: one access entry per principal, but arn:aws:iam::111111111111:role/a is given twice');
  });

  test('creates no delegation without a parent zone id', () => {
    const { json } = synthContext(contexts[0]).cluster;
    expect(resources(json, 'aws_route53_record').filter((r) => r.type === 'NS')).toEqual([]);
  });

  test('uses an existing VPC and its subnets instead of creating one', () => {
    const config = variant(devInput, (i) => ({
      ...i,
      network: {
        mode: 'existing',
        vpcId: 'vpc-0123456789abcdef0',
        privateSubnetIds: ['subnet-0123456789abcdef0', 'subnet-0123456789abcdef1'],
      },
    }));
    const { json } = synthContext(config).cluster;
    expect(resources(json, 'aws_vpc')).toEqual([]);
    expect(resources(json, 'aws_nat_gateway')).toEqual([]);
    expect((only(json, 'aws_eks_cluster').vpc_config as { subnet_ids: string[] }).subnet_ids).toEqual([
      'subnet-0123456789abcdef0',
      'subnet-0123456789abcdef1',
    ]);
  });

  test('runs custom node pools only without a node role on the cluster, joining nodes by an EC2 access entry', () => {
    const config = variant(devInput, (i) => ({ ...i, cluster: { ...i.cluster, nodePools: [] } }));
    const { json } = synthContext(config).cluster;
    expect(only(json, 'aws_eks_cluster').compute_config).toEqual({ enabled: true });
    expect(
      resources(json, 'aws_eks_access_entry')
        .map((e) => e.type)
        .sort(),
    ).toEqual(['EC2', 'STANDARD', 'STANDARD']);
    expect(resources(json, 'aws_eks_access_policy_association').map((a) => a.policy_arn)).toContain(
      'arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy',
    );
  });

  test('turns the public endpoint off when no CIDR is configured', () => {
    const config = variant(devInput, (i) => ({ ...i, cluster: { ...i.cluster, publicAccessCidrs: [] } }));
    const vpc = only(synthContext(config).cluster.json, 'aws_eks_cluster').vpc_config;
    expect(vpc).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
    expect(vpc).not.toHaveProperty('public_access_cidrs');
  });

  test('gives an edition its own names, zone, stack id, state key and tag', () => {
    const { stack, json } = synthContext(variant(devInput, configured), { remoteBackend: true, edition: 'pr42' }).cluster;
    expect(stack.node.id).toBe('amc-dev-pr42');
    expect(only(json, 'aws_eks_cluster').name).toBe('amc-dev-pr42-eks');
    expect(only(json, 'aws_route53_zone').name).toBe('dev-pr42.acme.io');
    expect(json.terraform.backend?.s3.key).toBe('amc/pr42/amc-dev-pr42.tfstate');
    expect((json.provider.aws[0].default_tags as { tags: Record<string, string> }[])[0].tags.Edition).toBe('pr42');
  });

  test('makes an edition disposable: no deletion protection, its zone deletes with records in it, one NAT gateway', () => {
    const prod = contexts[1];
    expect(prod.network.mode === 'create' && prod.network.natGateways).toBe('per-az');
    expect(prod.cluster.deletionProtection).toBe(true);
    const { json } = synthContext(prod, { remoteBackend: true, edition: 'pr42' }).cluster;
    expect(only(json, 'aws_route53_zone').force_destroy).toBe(true);
    expect(only(json, 'aws_eks_cluster').deletion_protection).toBe(false);
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(resources(json, 'aws_eip')).toHaveLength(1);
  });

  test('keeps local state when the remote backend is off', () => {
    const { json } = synthContext(contexts[0], { remoteBackend: false }).cluster;
    expect(json.terraform.backend).toEqual({ local: { path: 'terraform.amc-dev.tfstate' } });
  });

  test('has no data source reading another stack', () => {
    const { json } = synthContext(contexts[0]).cluster;
    expect(dataSources(json, 'terraform_remote_state')).toEqual([]);
  });
});

test("the README's certificate replacement names the certificate's real address", () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const [, key] = /-replace=aws_acm_certificate\.(\w+)/.exec(readme) ?? [];
  expect(Object.keys(synthContext(contexts[0]).cluster.json.resource.aws_acm_certificate)).toEqual([key]);
});
