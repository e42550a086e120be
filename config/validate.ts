import { contains, overlaps, parseCidr, type Ipv4Network } from './cidr';
import { versionSupport } from './kubernetes';
import type { ContextConfig, CreatedNetworkConfig, ExistingNetwork, RunRole, RunSettings } from './types';

/** Commercial-partition regions where EKS Auto Mode is offered. */
export const REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'af-south-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
];

/** CloudWatch Logs' allowed retention periods, in days. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export const NODE_POOLS: readonly string[] = ['general-purpose', 'system'];
export const CONTEXTS: readonly string[] = ['dev', 'prod'];
export const KEY_ALGORITHMS: readonly string[] = ['ED25519', 'ECDSA-P384'];
export const SUPPORT_TYPES: readonly string[] = ['STANDARD', 'EXTENDED'];
/** Auto Mode needs Kubernetes 1.29 or later. */
const MIN_MINOR = 29;

const ACCOUNT_ID = /^\d{12}$/;
const ROLE_ARN = /^arn:aws:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const ZONE_ID = /^Z[0-9A-Z]{1,31}$/;
const BUCKET = /^(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const VPC_ID = /^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SUBNET_ID = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const PROJECT_PATH = /^[\w.-]+(\/[\w.-]+)+$/;
// The '@{' look-ahead is redundant (the class has no '@' or '{'), so Stryker's mutants of it are equivalent.
const BRANCH = /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\/$|.*\.lock$)[A-Za-z0-9._/-]+$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const KNOWN_HOSTS_LINE = /^\S+ (ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) [A-Za-z0-9+/]+={0,2}$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DURATION = /^(\d+(ms|s|m|h))+$/;
const EDITION = /^[a-z][a-z0-9]{0,11}$/;
const OIDC_URL = /^https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/;
const AUDIENCE = /^\S{1,255}$/;
const PRINCIPAL = /^arn:aws:iam::\d{12}:(user|role)\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

/** Thrown with every problem of one context, one per line. */
export class ConfigError extends Error {
  constructor(
    readonly subject: string,
    readonly problems: readonly string[],
    message?: string,
  ) {
    super(message ?? `invalid ${subject}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
}

/** Collects problems as `path: value expected`. */
class Problems {
  readonly list: string[] = [];

  add(path: string, value: unknown, expected: string): void {
    this.list.push(`${path}: ${show(value)} ${expected}`);
  }

  match(path: string, value: unknown, pattern: RegExp, expected: string): boolean {
    const ok = typeof value === 'string' && pattern.test(value);
    if (!ok) this.add(path, value, expected);
    return ok;
  }

  oneOf(path: string, value: unknown, allowed: readonly unknown[], what: string): void {
    if (!allowed.includes(value)) this.add(path, value, `is not ${what} (one of ${allowed.map(show).join(', ')})`);
  }

  cidr(path: string, value: unknown): Ipv4Network | undefined {
    const network = typeof value === 'string' ? parseCidr(value) : undefined;
    if (!network) this.add(path, value, 'is not an IPv4 CIDR (a.b.c.d/n with the host bits zero)');
    return network;
  }

  listAt(path: string, value: unknown): readonly unknown[] {
    if (Array.isArray(value)) return value;
    this.add(path, value, 'is not a list');
    return [];
  }
}

/**
 * Checks what the type system cannot; throws a ConfigError listing every problem. `on` is the day the Kubernetes
 * version is checked against its EKS support dates (today() unless a test moves the clock).
 */
export function validate(config: ContextConfig, on: string = today()): ContextConfig {
  const p = new Problems();
  p.oneOf('name', config.name, CONTEXTS, 'a known context');
  p.match('aws.accountId', config.aws.accountId, ACCOUNT_ID, 'is not a 12-digit AWS account id');
  if (!REGIONS.includes(config.aws.region))
    p.add('aws.region', config.aws.region, 'is not an AWS region with EKS Auto Mode (REGIONS in config/validate.ts)');
  // Roles amc-bootstrap makes are named after aws.accountId; only a role of the user's own needs checking.
  if (!config.bootstrap.terraformRole) roleArn(p, 'aws.terraformRoleArn', config.aws.terraformRoleArn, config.aws.accountId);
  if (!config.bootstrap.planRole) roleArn(p, 'aws.planRoleArn', config.aws.planRoleArn, config.aws.accountId);
  if (!config.bootstrap.adminRole) roleArn(p, 'adminRoleArn', config.adminRoleArn, config.aws.accountId);
  p.listAt('aws.sharesAccountWith', config.aws.sharesAccountWith).forEach((other, i) => {
    if (other === config.name) p.add(`aws.sharesAccountWith[${i}]`, other, 'is this context itself');
    else p.oneOf(`aws.sharesAccountWith[${i}]`, other, CONTEXTS, 'a known context');
  });

  if (p.match('dns.parentDomain', config.dns.parentDomain, DOMAIN, 'is not a lower-case DNS domain')) {
    const zone = config.dns.clusterZone;
    if (p.match('dns.clusterZone', zone, DOMAIN, 'is not a lower-case DNS domain') && !zone.endsWith(`.${config.dns.parentDomain}`)) {
      p.add('dns.clusterZone', zone, `is not a subdomain of dns.parentDomain '${config.dns.parentDomain}'`);
    }
  }
  if (config.dns.parentZoneId !== undefined) {
    p.match(
      'dns.parentZoneId',
      config.dns.parentZoneId,
      ZONE_ID,
      'is not a Route 53 hosted zone id (Z followed by upper-case letters and digits)',
    );
  }

  p.match('state.bucket', config.state.bucket, BUCKET, 'is not an S3 bucket name');
  if (config.state.accountId !== config.aws.accountId)
    p.match('state.accountId', config.state.accountId, ACCOUNT_ID, 'is not a 12-digit AWS account id');
  if (config.state.bootstrapRoleArn !== undefined)
    roleArn(p, 'state.bootstrapRoleArn', config.state.bootstrapRoleArn, config.state.accountId, 'state.accountId');
  else if (
    config.state.accountId !== config.aws.accountId &&
    ACCOUNT_ID.test(config.state.accountId) &&
    ACCOUNT_ID.test(config.aws.accountId)
  )
    p.add(
      'state.bootstrapRoleArn',
      undefined,
      `is not set: the bootstrap needs a role to assume in state.accountId '${config.state.accountId}'`,
    );
  if (!Number.isInteger(config.state.noncurrentVersionDays) || config.state.noncurrentVersionDays < 1)
    p.add('state.noncurrentVersionDays', config.state.noncurrentVersionDays, 'is not a whole number of days, 1 or more');
  if (config.state.region !== config.aws.region && !REGIONS.includes(config.state.region)) {
    p.add('state.region', config.state.region, 'is not an AWS region (REGIONS in config/validate.ts)');
  }

  if (config.network.mode === 'create') createdNetwork(p, config.network, config.aws.region);
  else if (config.network.mode === 'existing') existingNetwork(p, config.network);
  else p.add('network.mode', (config.network as { mode: unknown }).mode, "is not 'create' or 'existing'");

  cluster(p, config.cluster, on);
  gitlab(p, config.gitlab);
  bootstrap(p, config.bootstrap);

  p.match('flux.flux2ChartVersion', config.flux.flux2ChartVersion, EXACT_VERSION, 'is not an exact chart version (x.y.z)');
  p.match('flux.flux2SyncChartVersion', config.flux.flux2SyncChartVersion, EXACT_VERSION, 'is not an exact chart version (x.y.z)');
  p.match('flux.interval', config.flux.interval, DURATION, "is not a duration such as '5m' or '1h30m'");

  if (p.list.length > 0) throw new ConfigError(`context '${String(config.name)}'`, p.list);
  return config;
}

function roleArn(p: Problems, path: string, value: string, accountId: string, accountField = 'aws.accountId'): void {
  if (p.match(path, value, ROLE_ARN, 'is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)')) {
    const owner = value.split(':')[4];
    if (ACCOUNT_ID.test(accountId) && owner !== accountId) p.add(path, value, `is not in ${accountField} '${accountId}'`);
  }
}

function createdNetwork(p: Problems, network: CreatedNetworkConfig, region: string): void {
  const vpc = p.cidr('network.vpcCidr', network.vpcCidr);
  if (vpc && (vpc.prefix < 16 || vpc.prefix > 24)) p.add('network.vpcCidr', network.vpcCidr, 'is not between /16 and /24 (the VPC limits)');

  const zones = p.listAt('network.availabilityZones', network.availabilityZones);
  if (zones.length !== 3 || new Set(zones).size !== 3) {
    p.add('network.availabilityZones', zones, 'is not exactly three distinct availability zones');
  }
  zones.forEach((zone, i) =>
    p.match(`network.availabilityZones[${i}]`, zone, new RegExp(`^${region}[a-z]$`), `is not a zone of aws.region '${region}'`),
  );

  const subnets: { path: string; text: string; network: Ipv4Network }[] = [];
  for (const [key, largest] of [
    ['publicSubnetCidrs', 24],
    ['privateSubnetCidrs', 28],
  ] as const) {
    const cidrs = p.listAt(`network.${key}`, network[key]);
    if (cidrs.length !== 3) p.add(`network.${key}`, cidrs, 'is not exactly three subnets, one per availability zone');
    cidrs.forEach((text, i) => {
      const path = `network.${key}[${i}]`;
      const subnet = p.cidr(path, text);
      if (!subnet) return;
      if (subnet.prefix > largest) p.add(path, text, `is smaller than /${largest}`);
      if (vpc && !contains(vpc, subnet)) p.add(path, text, `is not inside network.vpcCidr '${network.vpcCidr}'`);
      const other = subnets.find((earlier) => overlaps(earlier.network, subnet));
      if (other) p.add(path, text, `overlaps ${other.path} '${other.text}'`);
      subnets.push({ path, text: String(text), network: subnet });
    });
  }
  p.oneOf('network.natGateways', network.natGateways, ['single', 'per-az'], 'a NAT mode');
  if (network.flowLogRetentionDays !== undefined)
    p.oneOf('network.flowLogRetentionDays', network.flowLogRetentionDays, LOG_RETENTION_DAYS, 'a CloudWatch Logs retention period');
}

function existingNetwork(p: Problems, network: ExistingNetwork): void {
  p.match('network.vpcId', network.vpcId, VPC_ID, 'is not a VPC id (vpc-…)');
  const ids = p.listAt('network.privateSubnetIds', network.privateSubnetIds);
  if (ids.length < 2 || new Set(ids).size !== ids.length) p.add('network.privateSubnetIds', ids, 'is not two or more distinct subnet ids');
  ids.forEach((id, i) => p.match(`network.privateSubnetIds[${i}]`, id, SUBNET_ID, 'is not a subnet id (subnet-…)'));
}

function cluster(p: Problems, cluster: ContextConfig['cluster'], on: string): void {
  const version = /^1\.(\d+)$/.exec(String(cluster.version));
  if (!version || Number(version[1]) < MIN_MINOR) {
    p.add('cluster.version', cluster.version, `is not a Kubernetes version of 1.${MIN_MINOR} or later (major.minor, such as '1.35')`);
  } else {
    const problem = versionSupport(cluster.version, cluster.supportType, on).problem;
    if (problem) p.list.push(`cluster.version: ${problem}`);
  }
  p.oneOf('cluster.supportType', cluster.supportType, SUPPORT_TYPES, 'an EKS upgrade policy');
  const pools = p.listAt('cluster.nodePools', cluster.nodePools);
  pools.forEach((pool, i) => p.oneOf(`cluster.nodePools[${i}]`, pool, NODE_POOLS, 'a built-in node pool'));
  if (new Set(pools).size !== pools.length) p.add('cluster.nodePools', pools, 'lists a node pool twice');

  p.listAt('cluster.publicAccessCidrs', cluster.publicAccessCidrs).forEach((text, i) => {
    const path = `cluster.publicAccessCidrs[${i}]`;
    const network = p.cidr(path, text);
    if (network?.prefix === 0)
      p.add(path, text, 'opens the API endpoint to the whole internet: list your own CIDRs, or none for a private endpoint');
  });
  p.oneOf('cluster.logRetentionDays', cluster.logRetentionDays, LOG_RETENTION_DAYS, 'a CloudWatch Logs retention period');
  for (const key of ['creatorAdmin', 'deletionProtection'] as const) {
    if (typeof cluster[key] !== 'boolean') p.add(`cluster.${key}`, cluster[key], 'is not true or false');
  }
}

function gitlab(p: Problems, gitlab: ContextConfig['gitlab']): void {
  p.match('gitlab.projectPath', gitlab.projectPath, PROJECT_PATH, "is not a GitLab project path ('group/project')");
  p.match('gitlab.branch', gitlab.branch, BRANCH, 'is not a Git branch name');
  p.match('gitlab.host', gitlab.host, HOST, 'is not a host name');
  p.match(
    'gitlab.baseUrl',
    gitlab.baseUrl,
    /^https:\/\/[^\s/]+(\/[^\s]*)?\/api\/v4\/$/,
    "is not a GitLab API URL ('https://<host>/api/v4/')",
  );
  const lines = p.listAt('gitlab.knownHosts', gitlab.knownHosts);
  if (lines.length === 0) p.add('gitlab.knownHosts', lines, 'is empty: Flux could not verify the host');
  lines.forEach((line, i) => {
    const path = `gitlab.knownHosts[${i}]`;
    if (!p.match(path, line, KNOWN_HOSTS_LINE, "is not a known_hosts line ('<host> <key type> <base64 key>')")) return;
    const hosts = String(line).split(' ')[0].split(',');
    if (!hosts.includes(gitlab.host) && !hosts.some((h) => h.startsWith(`[${gitlab.host}]:`)))
      p.add(path, line, `is not a key of gitlab.host '${gitlab.host}'`);
  });
  p.oneOf('gitlab.keyAlgorithm', gitlab.keyAlgorithm, KEY_ALGORITHMS, 'a deploy key algorithm');
  // Both default to the host's URL: a bad host is reported once, as gitlab.host.
  if (gitlab.oidc.url !== `https://${gitlab.host}`)
    p.match('gitlab.oidc.url', gitlab.oidc.url, OIDC_URL, "is not a GitLab instance URL ('https://<host>', no path or trailing slash)");
  if (gitlab.oidc.audience !== gitlab.oidc.url)
    p.match('gitlab.oidc.audience', gitlab.oidc.audience, AUDIENCE, 'is not an audience (1-255 characters, no spaces)');
  p.oneOf('gitlab.oidc.provider', gitlab.oidc.provider, ['create', 'existing'], 'an OIDC provider mode');
  const { agent } = gitlab;
  {
    if (p.match('gitlab.agent.projectPath', agent.projectPath, PROJECT_PATH, "is not a GitLab project path ('group/project')")) {
      if (agent.projectPath === gitlab.projectPath)
        p.add(
          'gitlab.agent.projectPath',
          agent.projectPath,
          "is gitlab.projectPath: every job of an agent's configuration project may use the agent as itself, merge requests included; give it a project of its own",
        );
      // GitLab.com authorizes ci_access projects only under the configuration project's top-level group
      // (gitlab-org/gitlab#377932: other roots need an instance setting that GitLab.com does not offer).
      const root = (path: string) => path.split('/')[0];
      if (gitlab.host === 'gitlab.com' && PROJECT_PATH.test(gitlab.projectPath) && root(agent.projectPath) !== root(gitlab.projectPath))
        p.add(
          'gitlab.agent.projectPath',
          agent.projectPath,
          `is not under '${root(gitlab.projectPath)}/', the top-level group of gitlab.projectPath: GitLab.com lets an agent serve only its own top-level group's projects`,
        );
    }
    p.match('gitlab.agent.branch', agent.branch, BRANCH, 'is not a Git branch name');
    p.match(
      'gitlab.agent.kasAddress',
      agent.kasAddress,
      /^wss?:\/\/[^\s/]+(\/[^\s]*)?$/,
      "is not an agent server address ('wss://<host>[/path]')",
    );
  }
  for (const [path, generation] of [
    ['gitlab.keyGeneration', gitlab.keyGeneration],
    ['gitlab.agent.tokenGeneration', agent.tokenGeneration],
  ] as const) {
    if (!Number.isInteger(generation) || generation < 1) p.add(path, generation, 'is not a whole number of 1 or more');
  }
}

function bootstrap(p: Problems, bootstrap: ContextConfig['bootstrap']): void {
  for (const key of ['adminPrincipals', 'terraformPrincipals', 'breakGlassPrincipals'] as const) {
    const principals = p.listAt(`bootstrap.${key}`, bootstrap[key]);
    principals.forEach((arn, i) =>
      p.match(
        `bootstrap.${key}[${i}]`,
        arn,
        PRINCIPAL,
        'is not an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>)',
      ),
    );
  }
  if (bootstrap.adminRole && Array.isArray(bootstrap.adminPrincipals) && bootstrap.adminPrincipals.length === 0)
    p.add('bootstrap.adminPrincipals', bootstrap.adminPrincipals, 'is empty: nobody could assume the admin role');
  if (Array.isArray(bootstrap.breakGlassPrincipals) && bootstrap.breakGlassPrincipals.length === 0)
    p.add(
      'bootstrap.breakGlassPrincipals',
      bootstrap.breakGlassPrincipals,
      'is empty: the state bucket would deny its bootstrap state to whoever runs the bootstrap',
    );
}

/**
 * Rules between contexts: separate accounts unless each context of a shared one says so, and never one state bucket or
 * one branch for two contexts (each bootstrap makes its bucket; each branch deploys one context).
 */
function contextProblems(configs: readonly ContextConfig[]): string[] {
  const problems: string[] = [];
  configs.forEach((a, i) =>
    configs.slice(i + 1).forEach((b) => {
      const both = `${a.name} and ${b.name}`;
      if (a.aws.accountId === b.aws.accountId) {
        const silent = [a, b].filter((c) => !c.aws.sharesAccountWith.includes((c === a ? b : a).name));
        for (const c of silent) {
          const other = c === a ? b : a;
          problems.push(
            `aws.sharesAccountWith: ${both} share account ${a.aws.accountId}, but ${c.name} does not say so: ` +
              `put each context in an account of its own, or set aws.sharesAccountWith: ['${other.name}'] in config/${c.name}.ts`,
          );
        }
      } else {
        for (const [c, other] of [
          [a, b],
          [b, a],
        ] as const) {
          if (c.aws.sharesAccountWith.includes(other.name))
            problems.push(
              `aws.sharesAccountWith: ${c.name} names ${other.name}, but ${c.name} is in account ${c.aws.accountId} and ` +
                `${other.name} in ${other.aws.accountId}`,
            );
        }
      }
      if (a.state.bucket === b.state.bucket)
        problems.push(`state.bucket: ${both} both use '${a.state.bucket}'; each context's bootstrap makes a bucket of its own`);
      if (a.gitlab.branch === b.gitlab.branch)
        problems.push(`gitlab.branch: ${both} both deploy from '${a.gitlab.branch}'; each branch deploys one context`);
    }),
  );
  return problems;
}

/**
 * An AWS account holds one IAM OIDC provider per URL: of the contexts in one account, exactly one creates GitLab's
 * and the others use it.
 */
function oidcProviderProblems(configs: readonly ContextConfig[]): string[] {
  const groups = new Map<string, ContextConfig[]>();
  for (const config of configs) {
    const key = `${config.aws.accountId} ${config.gitlab.oidc.url}`;
    groups.set(key, [...(groups.get(key) ?? []), config]);
  }
  return [...groups.values()].flatMap((group) => {
    const creators = group.filter((c) => c.gitlab.oidc.provider === 'create').map((c) => c.name);
    const where = `account ${group[0].aws.accountId} and ${group[0].gitlab.oidc.url}`;
    if (creators.length === 1) return [];
    // None creating it is fine: the account may have GitLab's provider already, made outside amc.
    if (creators.length === 0) return [];
    return [
      `gitlab.oidc.provider: ${creators.join(' and ')} would each create the OIDC provider of ${where}; set 'existing' in all but one`,
    ];
  });
}

/** Validates every context and reports the problems of all of them in one error. */
export function validateAll(configs: readonly ContextConfig[], on: string = today()): ContextConfig[] {
  const errors: ConfigError[] = [];
  const valid = configs.flatMap((config) => {
    try {
      return [validate(config, on)];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      errors.push(error);
      // Stryker disable next-line ArrayDeclaration: equivalent, as validateAll throws whenever a context failed.
      return [];
    }
  });
  if (errors.length === 0) {
    const shared = [...contextProblems(valid), ...oidcProviderProblems(valid)];
    if (shared.length > 0) throw new ConfigError('contexts', shared);
  }
  if (errors.length === 1) throw errors[0];
  // '>= 1' is an equivalent mutant here: a single error was thrown just above.
  if (errors.length > 1)
    throw new ConfigError(
      errors.map((e) => e.subject).join(' and '),
      errors.flatMap((e) => e.problems),
      errors.map((e) => e.message).join('\n'),
    );
  return valid;
}

/** Reads TFT_CONTEXT, TFT_REMOTE_BACKEND, TFT_EDITION and TFT_ROLE; throws on values it does not know. */
export function runSettings(env: NodeJS.ProcessEnv, known: readonly string[]): RunSettings & { readonly contexts: readonly string[] } {
  const problems: string[] = [];
  const context = env.TFT_CONTEXT?.trim();
  if (context && !known.includes(context)) problems.push(`TFT_CONTEXT: '${context}' is not a context (one of ${known.join(', ')})`);
  const backend = env.TFT_REMOTE_BACKEND?.trim().toLowerCase();
  if (backend && backend !== 'true' && backend !== 'false') problems.push(`TFT_REMOTE_BACKEND: '${backend}' is not true or false`);
  const role = env.TFT_ROLE?.trim().toLowerCase() || 'deploy';
  if (role !== 'deploy' && role !== 'plan') problems.push(`TFT_ROLE: '${role}' is not deploy or plan`);
  const edition = env.TFT_EDITION?.trim() || undefined;
  // Dropping the undefined check is an equivalent mutant: EDITION.test(undefined) tests 'undefined', which passes.
  if (edition !== undefined && !EDITION.test(edition)) {
    problems.push(`TFT_EDITION: '${edition}' is not 1-12 lower-case letters and digits, starting with a letter`);
  }
  const kubeContext = env.TFT_KUBE_CONTEXT?.trim() || undefined;
  // One context's agent must never carry another context's plan: a kube context comes with the context it is for.
  if (kubeContext && !context) problems.push(`TFT_KUBE_CONTEXT: '${kubeContext}' needs TFT_CONTEXT, the context whose cluster it reaches`);
  if (problems.length > 0) throw new ConfigError('environment', problems);
  return {
    contexts: context ? [context] : known,
    remoteBackend: backend !== 'false',
    edition,
    role: role as RunRole,
    ...(kubeContext ? { kubeContext } : {}),
  };
}

/**
 * Today as YYYY-MM-DD (UTC), from the clock. AMC_TODAY=YYYY-MM-DD looks ahead, to see what synth will say on a later
 * day (a change window, say); it may not go back, so it can never quiet a refusal.
 */
export function today(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const clock = now.toISOString().slice(0, 10);
  const wanted = env.AMC_TODAY?.trim();
  if (!wanted) return clock;
  const valid = DAY.test(wanted) && !Number.isNaN(Date.parse(wanted)) && new Date(wanted).toISOString().startsWith(wanted);
  if (!valid) throw new ConfigError('environment', [`AMC_TODAY: '${wanted}' is not a day (YYYY-MM-DD)`]);
  if (wanted < clock) throw new ConfigError('environment', [`AMC_TODAY: '${wanted}' is before today (${clock}); it may only look ahead`]);
  return wanted;
}

/** The warnings of every context's Kubernetes version on `on`, one line each: synth prints them and goes on. */
export function versionWarnings(configs: readonly ContextConfig[], on: string = today()): string[] {
  return configs.flatMap((c) => {
    const { warning } = versionSupport(c.cluster.version, c.cluster.supportType, on);
    return warning ? [`warning: context '${c.name}': cluster.version ${warning}`] : [];
  });
}
