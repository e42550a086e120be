// Cost: 0.1 s here (2 cores, whole suite running): validation only.
// Both sides of every limit the validator draws: `npm run mutate` shows which of them no other test pins.
import { ConfigError, contexts as shipped, runSettings, validateAll, type ContextConfig, type ContextInput } from '../config';
import { contains, overlaps, parseCidr, type Ipv4Network } from '../config/cidr';
import { cluster, contexts, gitlab, network, problems, problemsOf, thrown } from './config-fixtures';

const aws = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, aws: { ...i.aws, ...change } });
const dns = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, dns: { ...i.dns, ...change } });
const flux = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, flux: { ...i.flux, ...change } });
const existing = (change: Record<string, unknown>) => (i: ContextInput) => ({
  ...i,
  network: { mode: 'existing', vpcId: 'vpc-01234567', privateSubnetIds: ['subnet-01234567', 'subnet-89abcdef'], ...change },
});
/** A self-managed GitLab at git.example.com, with its own host key. */
const selfManaged = (change: Record<string, unknown>) =>
  gitlab({
    host: 'git.example.com',
    baseUrl: 'https://git.example.com/api/v4/',
    knownHosts: ['git.example.com ssh-ed25519 AAAA'],
    ...change,
  });

/** The problems of one field only, for changes that upset others too. */
const problemsAt = (path: string, change: (input: ContextInput) => unknown) => problems(change).filter((p) => p.startsWith(`${path}:`));

const label63 = 'a'.repeat(63);
/** A name of 253 characters, DNS's limit, under example.com; one more label character makes 254. */
const longName = (extra: 0 | 1) => `${label63}.${label63}.${label63}.${'b'.repeat(49 + extra)}.example.com`;

function cidr(text: string): Ipv4Network {
  const network = parseCidr(text);
  if (!network) throw new Error(`not a CIDR: ${text}`);
  return network;
}

describe('IPv4 CIDRs', () => {
  test.each([
    ['255.255.255.255/32', { start: 2 ** 32 - 1, prefix: 32 }],
    ['0.0.0.0/0', { start: 0, prefix: 0 }],
    ['10.10.0.0/16', { start: (10 * 256 + 10) * 256 * 256, prefix: 16 }],
  ])('parses %s', (text, network) => {
    expect(parseCidr(text)).toEqual(network);
  });

  test.each([
    ['256.0.0.0/8', 'an octet of 256'],
    ['10.0.0.256/32', 'a last octet of 256'],
    ['10.0.0.0/33', 'a prefix of 33'],
    ['1010.0.0.0/16', 'an octet of four digits'],
    ['10.0.0.0/160', 'a prefix of three digits'],
    ['10.0.0.1/31', 'a host bit set'],
  ])('rejects %s: %s', (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });

  test.each([
    ['10.10.0.0/16', '10.10.0.0/16', 'the network itself', true],
    ['10.10.0.0/16', '10.10.0.0/24', 'a subnet at its start', true],
    ['10.10.0.0/16', '10.10.255.0/24', 'a subnet ending exactly at its end', true],
    ['10.10.0.0/16', '10.9.255.0/24', 'the subnet just before it', false],
    ['10.10.0.0/16', '10.11.0.0/24', 'the subnet just after it', false],
    ['10.10.0.0/16', '10.10.0.0/15', 'a larger network starting at its start', false],
  ])('%s contains %s (%s): %s', (outer, inner, _, expected) => {
    expect(contains(cidr(outer), cidr(inner))).toBe(expected);
  });

  test.each([
    ['10.10.0.0/24', '10.10.1.0/24', 'touching, in address order', false],
    ['10.10.1.0/24', '10.10.0.0/24', 'touching, the other way round', false],
    ['10.10.0.0/24', '10.10.0.0/24', 'the same network', true],
    ['10.10.0.0/16', '10.10.255.0/24', 'the last subnet of a network', true],
    ['10.10.255.0/24', '10.10.0.0/16', 'a network around the first', true],
  ])('%s and %s (%s) overlap: %s', (a, b, _, expected) => {
    expect(overlaps(cidr(a), cidr(b))).toBe(expected);
  });
});

describe('network limits', () => {
  test.each([
    ['10.10.0.0/15', ["network.vpcCidr: '10.10.0.0/15' is not between /16 and /24 (the VPC limits)"]],
    ['10.10.0.0/16', []],
    ['10.10.0.0/24', []],
    ['10.10.0.0/25', ["network.vpcCidr: '10.10.0.0/25' is not between /16 and /24 (the VPC limits)"]],
  ])('a VPC of %s is within the VPC limits unless said', (vpcCidr, expected) => {
    expect(problemsAt('network.vpcCidr', network({ vpcCidr }))).toEqual(expected);
  });

  test.each([
    [
      'a subnet ending exactly at the end of the VPC',
      network({ privateSubnetCidrs: ['10.10.16.0/20', '10.10.32.0/20', '10.10.240.0/20'] }),
    ],
    [
      'touching subnets listed from the top of the range down',
      network({
        publicSubnetCidrs: ['10.10.2.0/24', '10.10.1.0/24', '10.10.0.0/24'],
        privateSubnetCidrs: ['10.10.5.0/24', '10.10.4.0/24', '10.10.3.0/24'],
      }),
    ],
    ['the highest address as a public-access CIDR', cluster({ publicAccessCidrs: ['255.255.255.255/32'] })],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test.each([
    [
      'a subnet just below the VPC',
      network({ privateSubnetCidrs: ['10.9.240.0/20', '10.10.32.0/20', '10.10.48.0/20'] }),
      ["network.privateSubnetCidrs[0]: '10.9.240.0/20' is not inside network.vpcCidr '10.10.0.0/16'"],
    ],
    [
      'a subnet larger than the VPC',
      network({ privateSubnetCidrs: ['10.10.16.0/20', '10.10.32.0/20', '10.10.0.0/15'] }),
      [
        "network.privateSubnetCidrs[2]: '10.10.0.0/15' is not inside network.vpcCidr '10.10.0.0/16'",
        "network.privateSubnetCidrs[2]: '10.10.0.0/15' overlaps network.publicSubnetCidrs[0] '10.10.0.0/24'",
      ],
    ],
    [
      'a private subnet smaller than /28',
      network({ privateSubnetCidrs: ['10.10.16.0/29', '10.10.32.0/20', '10.10.48.0/20'] }),
      ["network.privateSubnetCidrs[0]: '10.10.16.0/29' is smaller than /28"],
    ],
    [
      'a subnet with host bits',
      network({ privateSubnetCidrs: ['10.10.16.1/20', '10.10.32.0/20', '10.10.48.0/20'] }),
      ["network.privateSubnetCidrs[0]: '10.10.16.1/20' is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)"],
    ],
    [
      'an octet of 256 in a public-access CIDR',
      cluster({ publicAccessCidrs: ['203.0.113.256/32'] }),
      ["cluster.publicAccessCidrs[0]: '203.0.113.256/32' is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)"],
    ],
    [
      'a VPC CIDR given as a list',
      network({ vpcCidr: ['10.10.0.0/16'] }),
      ['network.vpcCidr: ["10.10.0.0/16"] is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)'],
    ],
    [
      'four zones, one of them twice',
      network({ availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'eu-west-1c'] }),
      ['network.availabilityZones: ["eu-west-1a","eu-west-1b","eu-west-1c","eu-west-1c"] is not exactly three distinct availability zones'],
    ],
    [
      'zones given as one string',
      network({ availabilityZones: 'eu-west-1a' }),
      [
        "network.availabilityZones: 'eu-west-1a' is not a list",
        'network.availabilityZones: [] is not exactly three distinct availability zones',
      ],
    ],
    [
      'public subnets given as one string',
      network({ publicSubnetCidrs: '10.10.0.0/24' }),
      [
        "network.publicSubnetCidrs: '10.10.0.0/24' is not a list",
        'network.publicSubnetCidrs: [] is not exactly three subnets, one per availability zone',
      ],
    ],
    [
      'an existing VPC id of nine hex digits',
      existing({ vpcId: 'vpc-012345678' }),
      ["network.vpcId: 'vpc-012345678' is not a VPC id (vpc-…)"],
    ],
    [
      'an existing VPC id with a prefix',
      existing({ vpcId: 'my-vpc-01234567' }),
      ["network.vpcId: 'my-vpc-01234567' is not a VPC id (vpc-…)"],
    ],
    [
      'an existing subnet listed twice',
      existing({ privateSubnetIds: ['subnet-01234567', 'subnet-01234567'] }),
      ['network.privateSubnetIds: ["subnet-01234567","subnet-01234567"] is not two or more distinct subnet ids'],
    ],
    [
      'an existing subnet id of nine hex digits',
      existing({ privateSubnetIds: ['subnet-01234567', 'subnet-012345678'] }),
      ["network.privateSubnetIds[1]: 'subnet-012345678' is not a subnet id (subnet-…)"],
    ],
    [
      'an existing subnet id with a prefix',
      existing({ privateSubnetIds: ['subnet-01234567', 'my-subnet-89abcdef'] }),
      ["network.privateSubnetIds[1]: 'my-subnet-89abcdef' is not a subnet id (subnet-…)"],
    ],
    [
      'existing subnets given as one string',
      existing({ privateSubnetIds: 'subnet-01234567' }),
      ["network.privateSubnetIds: 'subnet-01234567' is not a list", 'network.privateSubnetIds: [] is not two or more distinct subnet ids'],
    ],
  ])('rejects %s', (_, change, expected) => {
    expect(problems(change)).toEqual(expected);
  });

  test.each([
    [{ mode: 'both' }, "network.mode: 'both' is not 'create' or 'existing'"],
    [{}, "network.mode: undefined is not 'create' or 'existing'"],
  ])('rejects the network %j, which only a hand-built config can hold', (network, message) => {
    expect(problemsOf({ ...contexts[0], network } as unknown as ContextConfig)).toEqual([message]);
  });
});

describe('AWS, DNS and state limits', () => {
  test.each([
    ['a Terraform role name of 64 characters', aws({ terraformRoleArn: `arn:aws:iam::111111111111:role/${'r'.repeat(64)}` })],
    ['a one-letter label in the cluster zone', dns({ clusterZone: 'x.example.com' })],
    ['a cluster zone of 253 characters', dns({ clusterZone: longName(0) })],
    ['a parent zone id of 31 characters after the Z', dns({ parentZoneId: `Z${'A1'.repeat(15)}B` })],
    ['a parent zone id as Route 53 shows it', dns({ parentZoneId: 'Z1D633PJN98FT9' })],
    ['a state bucket name of 63 characters', (i: ContextInput) => ({ ...i, state: { bucket: 'b'.repeat(63) } })],
    ['a state bucket in another region', (i: ContextInput) => ({ ...i, state: { bucket: i.state.bucket, region: 'us-east-1' } })],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test('accepts every commercial region that offers Auto Mode, with its zones a to c', () => {
    const regions = [
      ...['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1'],
      ...['eu-central-1', 'eu-central-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-south-1', 'eu-south-2', 'eu-north-1'],
      ...['af-south-1', 'il-central-1', 'me-south-1', 'me-central-1', 'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2'],
      ...['ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3'],
      ...['ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7'],
    ];
    const rejected = regions.filter((region) => problems(aws({ region })).length > 0);
    expect(rejected).toEqual([]);
  });

  test.each([
    [
      'an unknown context name',
      (i: ContextInput) => ({ ...i, name: 'staging' }),
      "name: 'staging' is not a known context (one of 'dev', 'prod')",
    ],
    ['an account id of 13 digits', aws({ accountId: '1111111111112' }), "aws.accountId: '1111111111112' is not a 12-digit AWS account id"],
    [
      'a Terraform role name of 65 characters',
      aws({ terraformRoleArn: `arn:aws:iam::111111111111:role/${'r'.repeat(65)}` }),
      `aws.terraformRoleArn: 'arn:aws:iam::111111111111:role/${'r'.repeat(65)}' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`,
    ],
    [
      'an admin role ARN with a prefix',
      (i: ContextInput) => ({ ...i, adminRoleArn: 'role:arn:aws:iam::111111111111:role/amc-admin' }),
      "adminRoleArn: 'role:arn:aws:iam::111111111111:role/amc-admin' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
    ],
    [
      'a parent domain with an underscore',
      dns({ parentDomain: 'my_example.com' }),
      "dns.parentDomain: 'my_example.com' is not a lower-case DNS domain",
    ],
    [
      'a parent domain with a trailing dot',
      dns({ parentDomain: 'example.com.' }),
      "dns.parentDomain: 'example.com.' is not a lower-case DNS domain",
    ],
    [
      'a cluster zone in capitals',
      dns({ clusterZone: 'Dev.example.com' }),
      "dns.clusterZone: 'Dev.example.com' is not a lower-case DNS domain",
    ],
    [
      'a cluster zone of 254 characters',
      dns({ clusterZone: longName(1) }),
      `dns.clusterZone: '${longName(1)}' is not a lower-case DNS domain`,
    ],
    [
      'a parent zone id of 32 characters after the Z',
      dns({ parentZoneId: `Z${'A1'.repeat(16)}` }),
      `dns.parentZoneId: 'Z${'A1'.repeat(16)}' is not a Route 53 hosted zone id (Z followed by upper-case letters and digits)`,
    ],
    [
      'a parent zone id with its /hostedzone/ path',
      dns({ parentZoneId: '/hostedzone/Z1D633PJN98FT9' }),
      "dns.parentZoneId: '/hostedzone/Z1D633PJN98FT9' is not a Route 53 hosted zone id (Z followed by upper-case letters and digits)",
    ],
    [
      'a state bucket name of 64 characters',
      (i: ContextInput) => ({ ...i, state: { bucket: 'b'.repeat(64) } }),
      `state.bucket: '${'b'.repeat(64)}' is not an S3 bucket name`,
    ],
    [
      'a state bucket name ending in a hyphen',
      (i: ContextInput) => ({ ...i, state: { bucket: 'amc-state-' } }),
      "state.bucket: 'amc-state-' is not an S3 bucket name",
    ],
    [
      'a state region that is not a region',
      (i: ContextInput) => ({ ...i, state: { bucket: i.state.bucket, region: 'eu-middle-9' } }),
      "state.region: 'eu-middle-9' is not an AWS region (REGIONS in config/validate.ts)",
    ],
  ])('rejects %s', (_, change, message) => {
    expect(problems(change)).toEqual([message]);
  });
});

describe('cluster and Flux limits', () => {
  test.each([
    ['multi-digit chart versions', flux({ flux2ChartVersion: '10.20.30' })],
    ['an interval of hours and minutes', flux({ interval: '1h30m' })],
    ['an interval of 10 minutes', flux({ interval: '10m' })],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test.each([
    [
      'Kubernetes 11.34',
      cluster({ version: '11.34' }),
      "cluster.version: '11.34' is not a Kubernetes version of 1.29 or later (major.minor, such as '1.35')",
    ],
    ['node pools given as one string', cluster({ nodePools: 'system' }), "cluster.nodePools: 'system' is not a list"],
    [
      'public-access CIDRs given as one string',
      cluster({ publicAccessCidrs: '203.0.113.0/24' }),
      "cluster.publicAccessCidrs: '203.0.113.0/24' is not a list",
    ],
    ['a non-boolean deletion protection', cluster({ deletionProtection: 'no' }), "cluster.deletionProtection: 'no' is not true or false"],
    [
      'a pre-release chart version',
      flux({ flux2ChartVersion: '2.18.3-rc.1' }),
      "flux.flux2ChartVersion: '2.18.3-rc.1' is not an exact chart version (x.y.z)",
    ],
    [
      'a sync chart version without a patch',
      flux({ flux2SyncChartVersion: '1.14' }),
      "flux.flux2SyncChartVersion: '1.14' is not an exact chart version (x.y.z)",
    ],
    ['an interval in words', flux({ interval: '5min' }), "flux.interval: '5min' is not a duration such as '5m' or '1h30m'"],
    ['a negative interval', flux({ interval: '-5m' }), "flux.interval: '-5m' is not a duration such as '5m' or '1h30m'"],
  ])('rejects %s', (_, change, message) => {
    expect(problems(change)).toEqual([message]);
  });
});

describe('GitLab limits', () => {
  test.each([
    ['a known_hosts line for a host on another port', selfManaged({ knownHosts: ['[git.example.com]:2222 ssh-ed25519 AAAA'] })],
    ['a known_hosts line for the host and its address', selfManaged({ knownHosts: ['git.example.com,192.0.2.10 ssh-ed25519 AAAA'] })],
    [
      'a known_hosts line for an address and the host on a port',
      selfManaged({ knownHosts: ['192.0.2.10,[git.example.com]:2222 ssh-ed25519 AAAA'] }),
    ],
    ['a key with two padding characters', selfManaged({ knownHosts: ['git.example.com ssh-ed25519 AAAA=='] })],
    ['a self-managed GitLab API under a path', selfManaged({ baseUrl: 'https://git.example.com/gitlab/api/v4/' })],
    ['a self-managed GitLab API on a port', selfManaged({ baseUrl: 'https://git.example.com:8443/api/v4/' })],
    [
      'a host with a single-word top-level label',
      selfManaged({ host: 'gitlab.internal', knownHosts: ['gitlab.internal ssh-ed25519 AAAA'] }),
    ],
    ['a host of one-character labels', selfManaged({ host: 'g.example.x', knownHosts: ['g.example.x ssh-ed25519 AAAA'] })],
    [
      'a host label of 63 characters',
      selfManaged({ host: `${label63}.example.com`, knownHosts: [`${label63}.example.com ssh-ed25519 AAAA`] }),
    ],
    ['a host name of 253 characters', selfManaged({ host: longName(0), knownHosts: [`${longName(0)} ssh-ed25519 AAAA`] })],
    ['a project in a subgroup', gitlab({ projectPath: 'example-group/platform/amc' })],
    ['a branch with .lock inside its name', gitlab({ branch: 'fix.locking' })],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test.each([
    [
      'a host with a port',
      selfManaged({ host: 'git.example.com:2222', knownHosts: ['git.example.com:2222 ssh-ed25519 AAAA'] }),
      ["gitlab.host: 'git.example.com:2222' is not a host name"],
    ],
    [
      'a host with an underscore',
      selfManaged({ host: 'git_lab.example.com', knownHosts: ['git_lab.example.com ssh-ed25519 AAAA'] }),
      ["gitlab.host: 'git_lab.example.com' is not a host name"],
    ],
    [
      'a host label of 64 characters',
      selfManaged({ host: `${label63}a.example.com`, knownHosts: [`${label63}a.example.com ssh-ed25519 AAAA`] }),
      [`gitlab.host: '${label63}a.example.com' is not a host name`],
    ],
    [
      'a host name of 254 characters',
      selfManaged({ host: longName(1), knownHosts: [`${longName(1)} ssh-ed25519 AAAA`] }),
      [`gitlab.host: '${longName(1)}' is not a host name`],
    ],
    [
      'a known_hosts line for the host on a port written host:port',
      selfManaged({ knownHosts: ['git.example.com:2222 ssh-ed25519 AAAA'] }),
      ["gitlab.knownHosts[0]: 'git.example.com:2222 ssh-ed25519 AAAA' is not a key of gitlab.host 'git.example.com'"],
    ],
    [
      'a known_hosts line for another host on a port',
      selfManaged({ knownHosts: ['[git.example.com.evil.test]:2222 ssh-ed25519 AAAA'] }),
      ["gitlab.knownHosts[0]: '[git.example.com.evil.test]:2222 ssh-ed25519 AAAA' is not a key of gitlab.host 'git.example.com'"],
    ],
    [
      'a known_hosts line with a @cert-authority marker',
      selfManaged({ knownHosts: ['@cert-authority git.example.com ssh-ed25519 AAAA'] }),
      [
        "gitlab.knownHosts[0]: '@cert-authority git.example.com ssh-ed25519 AAAA' is not a known_hosts line ('<host> <key type> <base64 key>')",
      ],
    ],
    [
      'a key with three padding characters',
      selfManaged({ knownHosts: ['git.example.com ssh-ed25519 AAAA==='] }),
      ["gitlab.knownHosts[0]: 'git.example.com ssh-ed25519 AAAA===' is not a known_hosts line ('<host> <key type> <base64 key>')"],
    ],
    [
      'known hosts given as one string',
      selfManaged({ knownHosts: 'git.example.com ssh-ed25519 AAAA' }),
      [
        "gitlab.knownHosts: 'git.example.com ssh-ed25519 AAAA' is not a list",
        'gitlab.knownHosts: [] is empty: Flux could not verify the host',
      ],
    ],
    [
      'a GitLab API URL with a resource after /api/v4/',
      selfManaged({ baseUrl: 'https://git.example.com/api/v4/projects' }),
      ["gitlab.baseUrl: 'https://git.example.com/api/v4/projects' is not a GitLab API URL ('https://<host>/api/v4/')"],
    ],
    [
      'a GitLab API URL behind another scheme',
      selfManaged({ baseUrl: 'git+https://git.example.com/api/v4/' }),
      ["gitlab.baseUrl: 'git+https://git.example.com/api/v4/' is not a GitLab API URL ('https://<host>/api/v4/')"],
    ],
    [
      'a GitLab API URL with a space in its path',
      selfManaged({ baseUrl: 'https://git.example.com/my gitlab/api/v4/' }),
      ["gitlab.baseUrl: 'https://git.example.com/my gitlab/api/v4/' is not a GitLab API URL ('https://<host>/api/v4/')"],
    ],
    [
      'a project path ending in a slash',
      gitlab({ projectPath: 'example-group/amc/' }),
      ["gitlab.projectPath: 'example-group/amc/' is not a GitLab project path ('group/project')"],
    ],
    [
      'a project path starting with a slash',
      gitlab({ projectPath: '/example-group/amc' }),
      ["gitlab.projectPath: '/example-group/amc' is not a GitLab project path ('group/project')"],
    ],
    ['a branch given as a list', gitlab({ branch: ['main'] }), ['gitlab.branch: ["main"] is not a Git branch name']],
    ['a branch with two slashes in a row', gitlab({ branch: 'release//1' }), ["gitlab.branch: 'release//1' is not a Git branch name"]],
    ['a branch with two dots in a row', gitlab({ branch: 'fix..typo' }), ["gitlab.branch: 'fix..typo' is not a Git branch name"]],
    ['a branch ending in a slash', gitlab({ branch: 'feature/' }), ["gitlab.branch: 'feature/' is not a Git branch name"]],
    ['a branch ending in .lock', gitlab({ branch: 'main.lock' }), ["gitlab.branch: 'main.lock' is not a Git branch name"]],
  ])('rejects %s', (_, change, expected) => {
    expect(problems(change)).toEqual(expected);
  });
});

describe('validating every context', () => {
  const [badDev, badProd] = contexts.map((c) => ({ ...c, aws: { ...c.aws, accountId: '1' } }));

  test('returns the shipped contexts, dev then prod, when all are valid', () => {
    expect(validateAll(shipped)).toEqual(shipped);
    expect(shipped.map((c) => c.name)).toEqual(['dev', 'prod']);
  });

  test("rejects one bad context with that context's own error", () => {
    const error = thrown(() => validateAll([badDev, contexts[1]]));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      name: 'ConfigError',
      subject: "context 'dev'",
      problems: ["aws.accountId: '1' is not a 12-digit AWS account id"],
      message: "invalid context 'dev':\n  - aws.accountId: '1' is not a 12-digit AWS account id",
    });
  });

  test('rejects two bad contexts with one error naming both', () => {
    expect(thrown(() => validateAll([badDev, badProd]))).toMatchObject({
      subject: "context 'dev' and context 'prod'",
      problems: ["aws.accountId: '1' is not a 12-digit AWS account id", "aws.accountId: '1' is not a 12-digit AWS account id"],
    });
  });

  test('fails with the original error when a context is not a config at all', () => {
    const broken = { ...contexts[0], aws: undefined } as unknown as ContextConfig;
    expect(() => validateAll([broken, badProd])).toThrow(TypeError);
  });
});

describe('run settings boundaries', () => {
  const known = ['dev', 'prod'];

  test('trim the values and read the backend in any case', () => {
    expect(runSettings({ TFT_CONTEXT: ' prod ', TFT_REMOTE_BACKEND: ' TRUE ', TFT_EDITION: ' pr42 ' }, known)).toEqual({
      contexts: ['prod'],
      remoteBackend: true,
      edition: 'pr42',
      role: 'deploy',
    });
  });

  test('treat a blank edition as none, and take one of 12 characters', () => {
    expect(runSettings({ TFT_EDITION: ' ' }, known).edition).toBeUndefined();
    expect(runSettings({ TFT_EDITION: 'pr1234567890' }, known).edition).toBe('pr1234567890');
  });

  test.each([
    ['pr12345678901', 'of 13 characters'],
    ['1pr', 'starting with a digit'],
  ])('rejects the edition %s, %s', (edition) => {
    expect(() => runSettings({ TFT_EDITION: edition }, known)).toThrow(
      `invalid environment:\n  - TFT_EDITION: '${edition}' is not 1-12 lower-case letters and digits, starting with a letter`,
    );
  });
});
