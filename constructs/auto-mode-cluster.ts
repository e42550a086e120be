import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { suppress } from '../policy/pack';

const IAM_POLICY = 'arn:aws:iam::aws:policy/';
const ACCESS_POLICY = 'arn:aws:eks::aws:cluster-access-policy/';

/** Managed policies Auto Mode needs on the cluster role (compute, storage, load balancing, networking). */
export const CLUSTER_ROLE_POLICIES = [
  'AmazonEKSClusterPolicy',
  'AmazonEKSComputePolicy',
  'AmazonEKSBlockStoragePolicy',
  'AmazonEKSLoadBalancingPolicy',
  'AmazonEKSNetworkingPolicy',
].map((policy) => IAM_POLICY + policy);

/** Managed policies of the role Auto Mode nodes run with. */
export const NODE_ROLE_POLICIES = ['AmazonEKSWorkerNodeMinimalPolicy', 'AmazonEC2ContainerRegistryPullOnly'].map(
  (policy) => IAM_POLICY + policy,
);

export const CLUSTER_ADMIN_POLICY = `${ACCESS_POLICY}AmazonEKSClusterAdminPolicy`;
export const AUTO_NODE_POLICY = `${ACCESS_POLICY}AmazonEKSAutoNodePolicy`;
export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

export interface AutoModeClusterProps {
  /** Cluster name; also the prefix of its roles and KMS alias. */
  readonly name: string;
  /** The KMS key of Kubernetes secrets and the control-plane log group, whose key policy lets CloudWatch Logs use it. */
  readonly kmsKeyArn: string;
  /** Kubernetes major.minor. */
  readonly version: string;
  /**
   * EKS's upgrade policy: 'STANDARD' upgrades the cluster when its version leaves standard support; 'EXTENDED' keeps it
   * up to 12 months longer, billed as extended support. @default 'STANDARD'
   */
  readonly supportType?: 'STANDARD' | 'EXTENDED';
  /** Subnets for the control-plane ENIs and, through the default NodeClass, the nodes. */
  readonly subnetIds: string[];
  /** Built-in node pools; empty runs custom node pools only (the node role then gets an EC2 access entry). */
  readonly nodePools: readonly string[];
  /** CIDRs allowed to the public endpoint; empty turns the public endpoint off. */
  readonly publicAccessCidrs: readonly string[];
  /**
   * IAM principals given AmazonEKSClusterAdminPolicy at cluster scope, by a stable construct id. One entry per principal:
   * EKS rejects a second access entry for the same ARN (ResourceInUseException), so each ARN may appear only once.
   */
  readonly clusterAdmins: Readonly<Record<string, string>>;
  /** Give the creating identity admin access as well. */
  readonly creatorAdmin: boolean;
  /** Days to keep control-plane logs. */
  readonly logRetentionDays: number;
  readonly deletionProtection: boolean;
  /** The permissions boundary the cluster and node roles carry. */
  readonly permissionsBoundary?: string;
}

function serviceTrust(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: ['sts:AssumeRole', 'sts:TagSession'] }],
  });
}

/**
 * Lets Auto Mode put our tags (from NodeClass, StorageClass, IngressClassParams) on what it creates, limited to
 * requests that carry this cluster's name tag (AWS EKS user guide, "Auto Mode cluster IAM role", custom tags).
 */
function customTagsPolicy(clusterName: string): string {
  const ownTag = { 'aws:RequestTag/eks:eks-cluster-name': clusterName };
  const statement = (Sid: string, Action: string[], Resource: string | string[], like: Record<string, string> = {}) => ({
    Sid,
    Effect: 'Allow',
    Action,
    Resource,
    Condition: { StringEquals: ownTag, ...(Object.keys(like).length > 0 ? { StringLike: like } : {}) },
  });
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      statement('Compute', ['ec2:CreateFleet', 'ec2:RunInstances', 'ec2:CreateLaunchTemplate'], '*', {
        'aws:RequestTag/eks:kubernetes-node-class-name': '*',
        'aws:RequestTag/eks:kubernetes-node-pool-name': '*',
      }),
      statement('Storage', ['ec2:CreateVolume', 'ec2:CreateSnapshot'], ['arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:*:*:snapshot/*']),
      statement('Networking', ['ec2:CreateNetworkInterface'], '*', { 'aws:RequestTag/eks:kubernetes-cni-node-name': '*' }),
      statement(
        'LoadBalancer',
        [
          'elasticloadbalancing:CreateLoadBalancer',
          'elasticloadbalancing:CreateTargetGroup',
          'elasticloadbalancing:CreateListener',
          'elasticloadbalancing:CreateRule',
          'ec2:CreateSecurityGroup',
        ],
        '*',
      ),
      statement('ShieldProtection', ['shield:CreateProtection'], '*'),
      statement('ShieldTagResource', ['shield:TagResource'], 'arn:aws:shield::*:protection/*'),
    ],
  });
}

/** An EKS cluster in Auto Mode, hardened: KMS-encrypted secrets, every control-plane log, a limited public endpoint. */
export class AutoModeCluster extends Construct {
  readonly cluster: EksCluster;
  readonly clusterRole: IamRole;
  readonly nodeRole: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly oidcProvider: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: AutoModeClusterProps) {
    super(scope, id);
    const { name } = props;

    const logGroupName = `/aws/eks/${name}/cluster`;
    // EKS writes to exactly this group; creating it first keeps its retention and key ours.
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.kmsKeyArn,
    });

    this.clusterRole = new IamRole(this, 'cluster-role', {
      name: `${name}-cluster`,
      assumeRolePolicy: serviceTrust('eks.amazonaws.com'),
      permissionsBoundary: props.permissionsBoundary,
    });
    const clusterPolicies = CLUSTER_ROLE_POLICIES.map(
      (policyArn) =>
        new IamRolePolicyAttachment(this, `cluster-role-${policyArn.split('/').pop()}`, { role: this.clusterRole.name, policyArn }),
    );
    new IamRolePolicy(this, 'cluster-role-custom-tags', {
      role: this.clusterRole.id,
      name: 'auto-mode-custom-tags',
      policy: customTagsPolicy(name),
    });

    this.nodeRole = new IamRole(this, 'node-role', {
      name: `${name}-node`,
      assumeRolePolicy: serviceTrust('ec2.amazonaws.com'),
      permissionsBoundary: props.permissionsBoundary,
    });
    const nodePolicies = NODE_ROLE_POLICIES.map(
      (policyArn) => new IamRolePolicyAttachment(this, `node-role-${policyArn.split('/').pop()}`, { role: this.nodeRole.name, policyArn }),
    );

    const builtInPools = props.nodePools.length > 0;
    const publicEndpoint = props.publicAccessCidrs.length > 0;
    this.cluster = new EksCluster(this, 'cluster', {
      name,
      version: props.version,
      roleArn: this.clusterRole.arn,
      bootstrapSelfManagedAddons: false,
      deletionProtection: props.deletionProtection,
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: props.creatorAdmin },
      // The three Auto Mode capabilities go together (terraform-aws-eks #3273); node_role_arn only with pools (#3238).
      computeConfig: builtInPools ? { enabled: true, nodePools: [...props.nodePools], nodeRoleArn: this.nodeRole.arn } : { enabled: true },
      kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
      storageConfig: { blockStorage: { enabled: true } },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: props.kmsKeyArn } },
      enabledClusterLogTypes: LOG_TYPES,
      upgradePolicy: { supportType: props.supportType ?? 'STANDARD' },
      vpcConfig: {
        subnetIds: props.subnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicEndpoint,
        publicAccessCidrs: publicEndpoint ? [...props.publicAccessCidrs] : undefined,
      },
      dependsOn: [this.logGroup, ...clusterPolicies, ...nodePolicies],
    });

    if (publicEndpoint) {
      suppress(
        this.cluster,
        'AMC-EKS-5',
        'Terraform (the flux stack) and the admins reach the API from outside the VPC; the endpoint admits publicAccessCidrs only (AMC-EKS-1)',
      );
    }
    const principals = Object.values(props.clusterAdmins);
    const repeated = principals.filter((arn, i) => principals.indexOf(arn) !== i);
    if (repeated.length > 0)
      throw new Error(`${this.node.path}: one access entry per principal, but ${repeated.join(', ')} is given twice`);
    Object.entries(props.clusterAdmins).forEach(([entryId, principalArn]) => {
      const entry = new EksAccessEntry(this, entryId, { clusterName: this.cluster.name, principalArn, type: 'STANDARD' });
      new EksAccessPolicyAssociation(this, `${entryId}-policy`, {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: CLUSTER_ADMIN_POLICY,
        accessScope: { type: 'cluster' },
      });
    });
    if (!builtInPools) {
      // Custom node pools only: nodes join through an EC2 access entry (terraform-aws-eks #3241: never next to built-in pools).
      const entry = new EksAccessEntry(this, 'node', { clusterName: this.cluster.name, principalArn: this.nodeRole.arn, type: 'EC2' });
      new EksAccessPolicyAssociation(this, 'node-policy', {
        clusterName: this.cluster.name,
        principalArn: entry.principalArn,
        policyArn: AUTO_NODE_POLICY,
        accessScope: { type: 'cluster' },
      });
    }

    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc', {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
    });
  }
}
