// Cost: 1.6 s here (2 cores, whole suite running): synthesizes both contexts and a dozen variants in-process.
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { CLUSTER_ADMIN_POLICY, NODE_ROLE_POLICIES } from '../constructs/auto-mode-cluster';
import { contexts, dataSources, inputs, only, resources, synthContext, variant, type Synth } from './helpers';

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

describe.each(contexts)('amc stack ($name)', (config) => {
  const { text, json } = synthContext(config).cluster;
  const cluster = only(json, 'aws_eks_cluster');
  const clusterName = `amc-${config.name}-eks`;

  test('matches the snapshot', () => {
    expect(text).toMatchSnapshot();
  });

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

  test('makes the human-admin role cluster admin at cluster scope, and nothing else', () => {
    expect(resources(json, 'aws_eks_access_entry')).toEqual([
      expect.objectContaining({ principal_arn: config.adminRoleArn, type: 'STANDARD' }),
    ]);
    expect(resources(json, 'aws_eks_access_policy_association')).toEqual([
      expect.objectContaining({ policy_arn: CLUSTER_ADMIN_POLICY, access_scope: { type: 'cluster' } }),
    ]);
    expect(CLUSTER_ADMIN_POLICY).toBe('arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy');
  });

  test('encrypts secrets with a rotating KMS key', () => {
    expect(cluster.encryption_config).toEqual({ resources: ['secrets'], provider: { key_arn: ref(json, 'aws_kms_key', {}, 'arn') } });
    expect(only(json, 'aws_kms_key').enable_key_rotation).toBe(true);
  });

  test('sends all five control-plane log types to a group created first, with the configured retention', () => {
    expect(cluster.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']);
    const group = only(json, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: `/aws/eks/${clusterName}/cluster`, retention_in_days: config.cluster.logRetentionDays });
    expect(cluster.depends_on).toContain(ref(json, 'aws_cloudwatch_log_group', {}, 'id').replace(/^\$\{(.*)\.id\}$/, '$1'));
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
    expect(change).toMatchObject({ Action: ['route53:ChangeResourceRecordSets'], Resource: [ref(json, 'aws_route53_zone', {}, 'arn')] });
    expect(discover.Action).toEqual(['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources']);
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

  test('creates the cluster zone and a DNS-validated wildcard certificate', () => {
    expect(only(json, 'aws_route53_zone').name).toBe(config.dns.clusterZone);
    expect(only(json, 'aws_acm_certificate')).toMatchObject({
      domain_name: `*.${config.dns.clusterZone}`,
      subject_alternative_names: [config.dns.clusterZone],
      validation_method: 'DNS',
    });
    expect(only(json, 'aws_acm_certificate_validation').validation_record_fqdns).toMatch(/^\$\{\[for record in aws_route53_record\./);
  });

  test('keeps state in the S3 bucket with encryption and native locking, as the Terraform role', () => {
    expect(json.terraform.backend?.s3).toEqual({
      bucket: config.state.bucket,
      key: `amc/amc-${config.name}.tfstate`,
      region: config.state.region,
      encrypt: true,
      use_lockfile: true,
      assume_role: { role_arn: config.aws.terraformRoleArn },
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

  test('outputs the cluster name, endpoint, zone name servers and the kubeconfig command', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(['cluster_endpoint', 'cluster_name', 'kubeconfig_command', 'zone_name_servers']);
    expect(json.output?.kubeconfig_command.value).toBe(
      `aws eks update-kubeconfig --region ${config.aws.region} --name ${clusterName} --role-arn ${config.adminRoleArn}`,
    );
  });
});

describe('amc stack variants', () => {
  const [devInput] = inputs;

  test('delegates the zone from the parent when its id is configured', () => {
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
    ).toEqual(['EC2', 'STANDARD']);
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

  test('gives an edition its own names, zone, state key and tag', () => {
    const { json } = synthContext(contexts[0], { remoteBackend: true, edition: 'pr42' }).cluster;
    expect(only(json, 'aws_eks_cluster').name).toBe('amc-dev-pr42-eks');
    expect(only(json, 'aws_route53_zone').name).toBe('dev-pr42.example.com');
    expect(json.terraform.backend?.s3.key).toBe('amc/pr42/amc-dev.tfstate');
    expect((json.provider.aws[0].default_tags as { tags: Record<string, string> }[])[0].tags.Edition).toBe('pr42');
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
