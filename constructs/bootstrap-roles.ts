import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { suppress } from '../policy/pack';

/**
 * The IAM service behind each AWS resource and data source type the stacks use, by type prefix. The Terraform role may
 * call exactly these services; a test fails when a stack uses a type this table does not know.
 */
export const AWS_SERVICES: Readonly<Record<string, string>> = {
  aws_vpc: 'ec2',
  aws_subnet: 'ec2',
  aws_route: 'ec2',
  aws_internet_gateway: 'ec2',
  aws_nat_gateway: 'ec2',
  aws_eip: 'ec2',
  aws_flow_log: 'ec2',
  aws_default_security_group: 'ec2',
  aws_eks_: 'eks',
  aws_iam_: 'iam',
  aws_kms_: 'kms',
  aws_cloudwatch_log_group: 'logs',
  aws_route53_: 'route53',
  aws_acm_: 'acm',
  aws_secretsmanager_: 'secretsmanager',
};

/** The IAM service of a resource or data source type, by its longest known prefix. */
export function serviceOf(type: string): string | undefined {
  const prefix = Object.keys(AWS_SERVICES)
    .filter((p) => type.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? AWS_SERVICES[prefix] : undefined;
}

export interface BootstrapRolesProps {
  readonly accountId: string;
  /** Role names; a name left out is a role this construct does not make (the user brings their own). */
  readonly terraformRoleName?: string;
  readonly adminRoleName?: string;
  /** GitLab CI's OIDC provider, its host (the condition-key prefix) and the jobs' audience. */
  readonly oidcProviderArn: string;
  readonly oidcHost: string;
  readonly audience: string;
  /** `group/project` and the one branch whose pipelines may assume the Terraform role. */
  readonly projectPath: string;
  readonly branch: string;
  /** People who may assume the Terraform role too (IAM users with MFA). */
  readonly terraformPrincipals: readonly string[];
  /** People who may assume the admin role (IAM users with MFA). */
  readonly adminPrincipals: readonly string[];
  /** The state bucket, and the key prefix under which the stacks keep state. */
  readonly stateBucketArn: string;
  readonly stateKeyPrefix: string;
  /** The context's EKS cluster ARN, which the admin role may describe (for update-kubeconfig). */
  readonly clusterArn: string;
}

type Statement = Record<string, unknown>;
const policy = (Statement: Statement[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** Trust for people: roles as they are, IAM users only with MFA. */
export function peopleTrust(principals: readonly string[], sid: string): Statement[] {
  const users = principals.filter((arn) => arn.includes(':user/'));
  const roles = principals.filter((arn) => !arn.includes(':user/'));
  return [
    ...(roles.length > 0 ? [{ Sid: sid, Effect: 'Allow', Principal: { AWS: roles }, Action: 'sts:AssumeRole' }] : []),
    ...(users.length > 0
      ? [
          {
            Sid: `${sid}WithMfa`,
            Effect: 'Allow',
            Principal: { AWS: users },
            Action: 'sts:AssumeRole',
            Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
          },
        ]
      : []),
  ];
}

/**
 * The role Terraform runs as, from GitLab CI (web identity, one project and branch, never a wildcard) or a laptop, and
 * the admin role. The Terraform role trusts itself: in CI the job already is this role, and the stacks' providers and
 * backend assume it again, which AWS refuses unless the trust names it (by aws:PrincipalArn, as a role cannot name
 * itself as principal before it exists). Its one managed policy is both its permissions and its permissions
 * boundary: the services of AWS_SERVICES, state objects under the prefix, and nothing that edits these roles, the
 * policy or the bucket's settings.
 */
export class BootstrapRoles extends Construct {
  readonly terraformRole?: IamRole;
  readonly adminRole?: IamRole;

  constructor(scope: Construct, id: string, props: BootstrapRolesProps) {
    super(scope, id);
    const arn = (name: string) => `arn:aws:iam::${props.accountId}:role/${name}`;
    if (props.terraformRoleName) {
      const name = props.terraformRoleName;
      const permissions: IamPolicy = new IamPolicy(this, 'terraform-policy', {
        name,
        description: 'What Terraform may do for amc: its services, its state, and nothing to the bootstrap itself',
        policy: terraformPolicy(props, arn(name)),
      });
      suppress(
        permissions,
        'AMC-IAM-2',
        "the deploy role creates every stack's resources, whose names and tags IAM cannot know before; it is bounded by this policy and denied the bootstrap",
      );
      this.terraformRole = new IamRole(this, 'terraform', {
        name,
        description: `Terraform for amc, from GitLab CI on ${props.projectPath}@${props.branch}`,
        assumeRolePolicy: terraformTrust(props, arn(name)),
        permissionsBoundary: permissions.arn,
      });
      new IamRolePolicyAttachment(this, 'terraform-permissions', { role: this.terraformRole.name, policyArn: permissions.arn });
    }
    if (props.adminRoleName) {
      this.adminRole = new IamRole(this, 'admin', {
        name: props.adminRoleName,
        description: 'Cluster administrators of amc (EKS access entry); view-only in AWS',
        assumeRolePolicy: policy(peopleTrust(props.adminPrincipals, 'Administrators')),
      });
      new IamRolePolicyAttachment(this, 'admin-view-only', {
        role: this.adminRole.name,
        policyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
      });
      new IamRolePolicy(this, 'admin-kubeconfig', {
        role: this.adminRole.id,
        name: 'describe-cluster',
        policy: policy([{ Sid: 'Kubeconfig', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: props.clusterArn }]),
      });
    }
  }
}

export function terraformTrust(props: BootstrapRolesProps, roleArn: string): string {
  return policy([
    {
      Sid: 'GitLabCI',
      Effect: 'Allow',
      Principal: { Federated: props.oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          [`${props.oidcHost}:sub`]: `project_path:${props.projectPath}:ref_type:branch:ref:${props.branch}`,
          [`${props.oidcHost}:aud`]: props.audience,
        },
      },
    },
    {
      Sid: 'Itself',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${props.accountId}:root` },
      Action: 'sts:AssumeRole',
      Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn } },
    },
    ...peopleTrust(props.terraformPrincipals, 'People'),
  ]);
}

function terraformPolicy(props: BootstrapRolesProps, roleArn: string): string {
  const services = [...new Set(Object.values(AWS_SERVICES))].sort();
  const bucket = props.stateBucketArn;
  const iam = `arn:aws:iam::${props.accountId}`;
  return policy([
    { Sid: 'Stacks', Effect: 'Allow', Action: services.map((service) => `${service}:*`), Resource: '*' },
    // Role trust needs both sides since 2023: the trust names the role, and the role's own policy allows the call.
    { Sid: 'AssumeItself', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn },
    { Sid: 'StateList', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
    {
      Sid: 'StateObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${bucket}/${props.stateKeyPrefix}/*`,
    },
    // Every context's bootstrap roles and policies, not only this one's: a dev role must not rewrite prod's trust.
    // Contexts in one account still share it (ec2, eks); separate accounts separate them fully (README).
    {
      Sid: 'KeepTheBootstrap',
      Effect: 'Deny',
      Action: 'iam:*',
      Resource: [`${iam}:role/amc-*-terraform`, `${iam}:role/amc-*-admin`, `${iam}:policy/amc-*-terraform`, props.oidcProviderArn],
    },
    {
      Sid: 'KeepBootstrapState',
      Effect: 'Deny',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: `${bucket}/${props.stateKeyPrefix}/amc-bootstrap-*`,
    },
  ]);
}
