// Cost: 0.1 s here (2 cores, whole suite running): validation only; loads neither cdktf nor the stacks.
import { GITLAB_COM_KNOWN_HOSTS, runSettings, validate, validateAll, withDefaults, type ContextInput } from '../config';
import { cluster, contexts, gitlab, inputs, network, problems } from './config-fixtures';

const [dev] = inputs;

describe('config validation', () => {
  test.each(contexts)('accepts the shipped $name context', (config) => {
    expect(validate(config)).toBe(config);
  });

  test.each([
    [
      'an account id of 5 digits',
      (i: ContextInput) => ({ ...i, aws: { ...i.aws, accountId: '12345' } }),
      "aws.accountId: '12345' is not a 12-digit AWS account id",
    ],
    [
      'an invented region',
      (i: ContextInput) => ({ ...i, aws: { ...i.aws, region: 'eu-middle-9' } }),
      "aws.region: 'eu-middle-9' is not an AWS region with EKS Auto Mode (REGIONS in config/validate.ts)",
    ],
    [
      'a malformed Terraform role ARN',
      (i: ContextInput) => ({ ...i, aws: { ...i.aws, terraformRoleArn: 'arn:aws:iam::111111111111:user/bob' } }),
      "aws.terraformRoleArn: 'arn:aws:iam::111111111111:user/bob' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
    ],
    [
      'an admin role in another account',
      (i: ContextInput) => ({ ...i, adminRoleArn: 'arn:aws:iam::222222222222:role/admin' }),
      "adminRoleArn: 'arn:aws:iam::222222222222:role/admin' is not in aws.accountId '111111111111'",
    ],
    [
      'a parent domain in capitals',
      (i: ContextInput) => ({ ...i, dns: { ...i.dns, parentDomain: 'Example.COM' } }),
      "dns.parentDomain: 'Example.COM' is not a lower-case DNS domain",
    ],
    [
      'a cluster zone outside the parent domain',
      (i: ContextInput) => ({ ...i, dns: { ...i.dns, clusterZone: 'dev.example.org' } }),
      "dns.clusterZone: 'dev.example.org' is not a subdomain of dns.parentDomain 'example.com'",
    ],
    [
      'a malformed parent zone id',
      (i: ContextInput) => ({ ...i, dns: { ...i.dns, parentZoneId: 'zone-1' } }),
      "dns.parentZoneId: 'zone-1' is not a Route 53 hosted zone id (Z followed by upper-case letters and digits)",
    ],
    [
      'a state bucket with upper case',
      (i: ContextInput) => ({ ...i, state: { bucket: 'My_Bucket' } }),
      "state.bucket: 'My_Bucket' is not an S3 bucket name",
    ],
    [
      'a /33 VPC CIDR',
      network({ vpcCidr: '10.10.0.0/33' }),
      "network.vpcCidr: '10.10.0.0/33' is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)",
    ],
    [
      'a VPC CIDR with host bits',
      network({ vpcCidr: '10.10.0.1/16' }),
      "network.vpcCidr: '10.10.0.1/16' is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)",
    ],
    [
      'a VPC larger than /16',
      network({ vpcCidr: '10.0.0.0/8' }),
      "network.vpcCidr: '10.0.0.0/8' is not between /16 and /24 (the VPC limits)",
    ],
    [
      'two availability zones',
      network({ availabilityZones: ['eu-west-1a', 'eu-west-1b'] }),
      'network.availabilityZones: ["eu-west-1a","eu-west-1b"] is not exactly three distinct availability zones',
    ],
    [
      'a repeated availability zone',
      network({ availabilityZones: ['eu-west-1a', 'eu-west-1a', 'eu-west-1b'] }),
      'network.availabilityZones: ["eu-west-1a","eu-west-1a","eu-west-1b"] is not exactly three distinct availability zones',
    ],
    [
      'a zone of another region',
      network({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'us-east-1c'] }),
      "network.availabilityZones[2]: 'us-east-1c' is not a zone of aws.region 'eu-west-1'",
    ],
    [
      'a subnet outside the VPC',
      network({ privateSubnetCidrs: ['10.10.16.0/20', '10.10.32.0/20', '10.99.0.0/20'] }),
      "network.privateSubnetCidrs[2]: '10.99.0.0/20' is not inside network.vpcCidr '10.10.0.0/16'",
    ],
    [
      'overlapping subnets',
      network({ privateSubnetCidrs: ['10.10.16.0/20', '10.10.32.0/20', '10.10.0.0/20'] }),
      "network.privateSubnetCidrs[2]: '10.10.0.0/20' overlaps network.publicSubnetCidrs[0] '10.10.0.0/24'",
    ],
    [
      'a public subnet smaller than /24',
      network({ publicSubnetCidrs: ['10.10.0.0/25', '10.10.1.0/24', '10.10.2.0/24'] }),
      "network.publicSubnetCidrs[0]: '10.10.0.0/25' is smaller than /24",
    ],
    [
      'a missing private subnet',
      network({ privateSubnetCidrs: ['10.10.16.0/20', '10.10.32.0/20'] }),
      'network.privateSubnetCidrs: ["10.10.16.0/20","10.10.32.0/20"] is not exactly three subnets, one per availability zone',
    ],
    ['an unknown NAT mode', network({ natGateways: 'none' }), "network.natGateways: 'none' is not a NAT mode (one of 'single', 'per-az')"],
    [
      'an existing VPC with one subnet',
      (i: ContextInput) => ({
        ...i,
        network: { mode: 'existing', vpcId: 'vpc-0123456789abcdef0', privateSubnetIds: ['subnet-0123456789abcdef0'] },
      }),
      'network.privateSubnetIds: ["subnet-0123456789abcdef0"] is not two or more distinct subnet ids',
    ],
    [
      'a malformed existing VPC id',
      (i: ContextInput) => ({
        ...i,
        network: { mode: 'existing', vpcId: 'vpc-xyz', privateSubnetIds: ['subnet-01234567', 'subnet-89abcdef'] },
      }),
      "network.vpcId: 'vpc-xyz' is not a VPC id (vpc-…)",
    ],
    [
      'a Kubernetes version before Auto Mode',
      cluster({ version: '1.28' }),
      "cluster.version: '1.28' is not a Kubernetes version of 1.29 or later (major.minor, such as '1.35')",
    ],
    [
      'a Kubernetes patch version',
      cluster({ version: '1.34.1' }),
      "cluster.version: '1.34.1' is not a Kubernetes version of 1.29 or later (major.minor, such as '1.35')",
    ],
    [
      'a misspelt node pool',
      cluster({ nodePools: ['general-purpose', 'sytem'] }),
      "cluster.nodePools[1]: 'sytem' is not a built-in node pool (one of 'general-purpose', 'system')",
    ],
    [
      'a node pool listed twice',
      cluster({ nodePools: ['system', 'system'] }),
      'cluster.nodePools: ["system","system"] lists a node pool twice',
    ],
    [
      'a world-open API endpoint',
      cluster({ publicAccessCidrs: ['0.0.0.0/0'] }),
      "cluster.publicAccessCidrs[0]: '0.0.0.0/0' opens the API endpoint to the whole internet: list your own CIDRs, or none for a private endpoint",
    ],
    [
      'a malformed public-access CIDR',
      cluster({ publicAccessCidrs: ['203.0.113.0'] }),
      "cluster.publicAccessCidrs[0]: '203.0.113.0' is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)",
    ],
    [
      'a log retention CloudWatch does not offer',
      cluster({ logRetentionDays: 10 }),
      'cluster.logRetentionDays: 10 is not a CloudWatch Logs retention period (one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)',
    ],
    ['a non-boolean creator-admin toggle', cluster({ creatorAdmin: 'yes' }), "cluster.creatorAdmin: 'yes' is not true or false"],
    [
      'a project path without a group',
      gitlab({ projectPath: 'amc' }),
      "gitlab.projectPath: 'amc' is not a GitLab project path ('group/project')",
    ],
    ['a branch with a space', gitlab({ branch: 'my branch' }), "gitlab.branch: 'my branch' is not a Git branch name"],
    [
      'an HTTP GitLab API URL',
      gitlab({ baseUrl: 'http://gitlab.example.com/api/v4/' }),
      "gitlab.baseUrl: 'http://gitlab.example.com/api/v4/' is not a GitLab API URL ('https://<host>/api/v4/')",
    ],
    ['no known hosts', gitlab({ knownHosts: [] }), 'gitlab.knownHosts: [] is empty: Flux could not verify the host'],
    [
      'a known_hosts line without a key',
      gitlab({ knownHosts: ['gitlab.com ssh-ed25519'] }),
      "gitlab.knownHosts[0]: 'gitlab.com ssh-ed25519' is not a known_hosts line ('<host> <key type> <base64 key>')",
    ],
    [
      'host keys of another host',
      gitlab({ host: 'git.example.com', baseUrl: 'https://git.example.com/api/v4/', knownHosts: GITLAB_COM_KNOWN_HOSTS.slice(0, 1) }),
      "gitlab.knownHosts[0]: 'gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn/nOeHHE5UOzRdf' is not a key of gitlab.host 'git.example.com'",
    ],
    [
      'an RSA deploy key',
      gitlab({ keyAlgorithm: 'RSA' }),
      "gitlab.keyAlgorithm: 'RSA' is not a deploy key algorithm (one of 'ED25519', 'ECDSA-P384')",
    ],
    ['a key generation of 0', gitlab({ keyGeneration: 0 }), 'gitlab.keyGeneration: 0 is not a whole number of 1 or more'],
    [
      "the agent's configuration in the project whose jobs use it",
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, agent: { projectPath: i.gitlab.projectPath } } }),
      "gitlab.agent.projectPath: 'example-group/amc' is gitlab.projectPath: every job of an agent's configuration project may use the agent as itself, merge requests included; give it a project of its own",
    ],
    [
      "an agent project outside gitlab.com's top-level group",
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, agent: { projectPath: 'other-group/agents' } } }),
      "gitlab.agent.projectPath: 'other-group/agents' is not under 'example-group/', the top-level group of gitlab.projectPath: GitLab.com lets an agent serve only its own top-level group's projects",
    ],
    [
      'an agent server over HTTPS',
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, agent: { ...i.gitlab.agent, kasAddress: 'https://kas.gitlab.com' } } }),
      "gitlab.agent.kasAddress: 'https://kas.gitlab.com' is not an agent server address ('wss://<host>[/path]')",
    ],
    [
      'an agent token generation of 0',
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, agent: { ...i.gitlab.agent, tokenGeneration: 0 } } }),
      'gitlab.agent.tokenGeneration: 0 is not a whole number of 1 or more',
    ],
    [
      'a context without an agent',
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, agent: undefined as unknown as ContextInput['gitlab']['agent'] } }),
      "gitlab.agent.projectPath: undefined is not a GitLab project path ('group/project')",
    ],
    [
      'a chart version range',
      (i: ContextInput) => ({ ...i, flux: { flux2ChartVersion: '^2.18.0' } }),
      "flux.flux2ChartVersion: '^2.18.0' is not an exact chart version (x.y.z)",
    ],
    [
      'an interval without a unit',
      (i: ContextInput) => ({ ...i, flux: { interval: '5' } }),
      "flux.interval: '5' is not a duration such as '5m' or '1h30m'",
    ],
  ])('rejects %s', (_, change, message) => {
    expect(problems(change)).toEqual([message]);
  });

  test('reports every problem at once, with the context named', () => {
    const bad = withDefaults({
      ...dev,
      aws: { ...dev.aws, accountId: '12345', region: 'mars-1' },
      cluster: { ...dev.cluster, nodePools: ['sytem' as never] },
    });
    expect(() => validate(bad)).toThrow(
      [
        "invalid context 'dev':",
        "  - aws.accountId: '12345' is not a 12-digit AWS account id",
        "  - aws.region: 'mars-1' is not an AWS region with EKS Auto Mode (REGIONS in config/validate.ts)",
        "  - cluster.nodePools[0]: 'sytem' is not a built-in node pool (one of 'general-purpose', 'system')",
      ].join('\n'),
    );
  });

  test('reports the problems of every context together', () => {
    const [badDev, badProd] = inputs.map((i) => withDefaults({ ...i, aws: { ...i.aws, accountId: '1' } }));
    expect(() => validateAll([badDev, badProd])).toThrow(/invalid context 'dev':\n.*\ninvalid context 'prod':\n/);
  });

  test.each([
    [
      'the smallest VPC and subnets',
      network({
        vpcCidr: '10.0.0.0/22',
        publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
        privateSubnetCidrs: ['10.0.3.0/28', '10.0.3.16/28', '10.0.3.32/28'],
      }),
    ],
    [
      'adjacent subnets',
      network({
        publicSubnetCidrs: ['10.10.0.0/24', '10.10.1.0/24', '10.10.2.0/24'],
        privateSubnetCidrs: ['10.10.3.0/24', '10.10.4.0/24', '10.10.5.0/24'],
      }),
    ],
    ['a private endpoint only', cluster({ publicAccessCidrs: [] })],
    ['a single public-access host', cluster({ publicAccessCidrs: ['198.51.100.7/32'] })],
    ['custom node pools only', cluster({ nodePools: [] })],
    ['the shortest log retention', cluster({ logRetentionDays: 1 })],
    ['the longest log retention', cluster({ logRetentionDays: 3653 })],
    ['extended support', cluster({ supportType: 'EXTENDED' })],
    ['a role with a path', (i: ContextInput) => ({ ...i, adminRoleArn: 'arn:aws:iam::111111111111:role/team/platform/admin' })],
    [
      'a self-managed GitLab',
      gitlab({
        host: 'git.example.com',
        baseUrl: 'https://git.example.com/api/v4/',
        knownHosts: ['git.example.com ecdsa-sha2-nistp384 AAAAE2VjZHNh'],
      }),
    ],
    ['an ECDSA deploy key', gitlab({ keyAlgorithm: 'ECDSA-P384' })],
    ['a nested branch name', gitlab({ branch: 'release/2026.11' })],
    [
      'an existing VPC',
      (i: ContextInput) => ({
        ...i,
        network: { mode: 'existing', vpcId: 'vpc-01234567', privateSubnetIds: ['subnet-01234567', 'subnet-0123456789abcdef0'] },
      }),
    ],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });
});

describe('defaults', () => {
  test('fill in what dev.ts leaves out', () => {
    const config = withDefaults({ ...dev, network: undefined, cluster: { publicAccessCidrs: [] }, flux: undefined });
    expect(config.network).toEqual({
      mode: 'create',
      vpcCidr: '10.0.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      publicSubnetCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
      privateSubnetCidrs: ['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20'],
      natGateways: 'single',
    });
    expect(config.cluster).toEqual({
      version: '1.35',
      nodePools: ['general-purpose', 'system'],
      publicAccessCidrs: [],
      creatorAdmin: false,
      logRetentionDays: 90,
      deletionProtection: false,
      supportType: 'STANDARD',
    });
    expect(config.dns.clusterZone).toBe('dev.example.com');
    expect(config.state.region).toBe('eu-west-1');
    expect(config.gitlab).toMatchObject({
      host: 'gitlab.com',
      baseUrl: 'https://gitlab.com/api/v4/',
      keyAlgorithm: 'ED25519',
      knownHosts: GITLAB_COM_KNOWN_HOSTS,
      keyGeneration: 1,
    });
    expect(validate(config)).toBe(config);
  });

  test("finds a self-managed instance's agent server under its own host, and GitLab.com's at kas.gitlab.com", () => {
    expect(withDefaults(dev).gitlab.agent).toEqual({
      projectPath: dev.gitlab.agent.projectPath,
      branch: 'main',
      kasAddress: 'wss://kas.gitlab.com',
      tokenGeneration: 1,
    });
    const selfManaged = withDefaults({
      ...dev,
      gitlab: {
        ...dev.gitlab,
        host: 'git.example.com',
        baseUrl: 'https://git.example.com/api/v4/',
        knownHosts: ['git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample'],
        agent: { projectPath: 'other-group/agents' },
      },
    });
    expect(selfManaged.gitlab.agent.kasAddress).toBe('wss://git.example.com/-/kubernetes-agent/');
    // Outside GitLab.com an instance setting may authorize other top-level groups (gitlab-org/gitlab#377932).
    expect(validate(selfManaged).gitlab.agent.projectPath).toBe('other-group/agents');
  });

  test('dev and prod have one shape and differ only in data', () => {
    const shape = (value: unknown): unknown =>
      Array.isArray(value)
        ? 'list'
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
          : typeof value;
    expect(shape(inputs[1])).toEqual(shape(inputs[0]));
  });

  test('tracks the dev branch in dev and main in prod', () => {
    expect(contexts.map((c) => [c.name, c.gitlab.branch])).toEqual([
      ['dev', 'dev'],
      ['prod', 'main'],
    ]);
  });
});

describe('run settings from the environment', () => {
  const known = ['dev', 'prod'];

  test('default to every context with remote state and no edition', () => {
    expect(runSettings({}, known)).toEqual({ contexts: known, remoteBackend: true, edition: undefined, role: 'deploy' });
  });

  test('limit synth to TFT_CONTEXT, switch to local state, and carry the edition', () => {
    expect(runSettings({ TFT_CONTEXT: 'prod', TFT_REMOTE_BACKEND: 'false', TFT_EDITION: 'pr42' }, known)).toEqual({
      contexts: ['prod'],
      remoteBackend: false,
      edition: 'pr42',
      role: 'deploy',
    });
  });

  test('rejects unknown values, all at once', () => {
    expect(() => runSettings({ TFT_CONTEXT: 'staging', TFT_REMOTE_BACKEND: 'no', TFT_EDITION: 'PR-42', TFT_ROLE: 'admin' }, known)).toThrow(
      [
        'invalid environment:',
        "  - TFT_CONTEXT: 'staging' is not a context (one of dev, prod)",
        "  - TFT_REMOTE_BACKEND: 'no' is not true or false",
        "  - TFT_ROLE: 'admin' is not deploy or plan",
        "  - TFT_EDITION: 'PR-42' is not 1-12 lower-case letters and digits, starting with a letter",
      ].join('\n'),
    );
  });

  test('carry a kube context only with the context it is for', () => {
    expect(runSettings({ TFT_CONTEXT: 'dev', TFT_KUBE_CONTEXT: 'g/agents:amc-dev' }, known).kubeContext).toBe('g/agents:amc-dev');
    expect(runSettings({ TFT_CONTEXT: 'dev', TFT_KUBE_CONTEXT: ' ' }, known)).not.toHaveProperty('kubeContext');
    expect(() => runSettings({ TFT_KUBE_CONTEXT: 'g/agents:amc-dev' }, known)).toThrow(
      "invalid environment:\n  - TFT_KUBE_CONTEXT: 'g/agents:amc-dev' needs TFT_CONTEXT, the context whose cluster it reaches",
    );
  });

  test('takes the plan role in any case, and the deploy role by default', () => {
    expect(runSettings({ TFT_ROLE: ' Plan ' }, known).role).toBe('plan');
    expect(runSettings({ TFT_ROLE: ' ' }, known).role).toBe('deploy');
  });
});
