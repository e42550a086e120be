import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { PolicyError, suppress } from '../policy/pack';
import {
  deployBoundary,
  deployStatements,
  document,
  MANAGED_POLICY_SIZE,
  packed,
  planPolicy,
  workloadBoundary,
  type ContextScope,
  type Statement,
} from './deploy-policies';

/**
 * The IAM service behind each AWS resource and data source type the stacks use, by type prefix. The deploy policy
 * covers exactly these services; a test fails when a stack uses a type this table does not know.
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
  /** The context as its policies see it: names, tags, state, the boundary and the attachable policies. */
  readonly scope: ContextScope;
  /** Role names; a name left out is a role this construct does not make (the user brings their own). */
  readonly terraformRoleName?: string;
  readonly planRoleName?: string;
  readonly adminRoleName?: string;
  /**
   * Names of the managed policies it makes: the deploy role's (a prefix: `<deploy>-1`, `-2`..., and `<deploy>-boundary`),
   * the plan role's, and the workload boundary.
   */
  readonly policyNames: { readonly deploy: string; readonly plan: string; readonly boundary: string };
  /** GitLab CI's OIDC provider, its host (the condition-key prefix) and the jobs' audience. */
  readonly oidcProviderArn: string;
  readonly oidcHost: string;
  readonly audience: string;
  /** `group/project` whose pipelines may assume the roles, and the one branch that may deploy. */
  readonly projectPath: string;
  readonly branch: string;
  /** People who may assume the deploy and plan roles too (laptop deploys). */
  readonly terraformPrincipals: readonly string[];
  /** People who may assume the admin role. */
  readonly adminPrincipals: readonly string[];
  /** The context's EKS cluster ARN, which the admin role may describe (for update-kubeconfig). */
  readonly clusterArn: string;
}

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
 * The context's CI identities and its admin role:
 * - the deploy role (`amc-<ctx>-terraform`): GitLab CI on the context's branch, itself, and the people of
 *   terraformPrincipals; its policies (constructs/deploy-policies.ts) are capped by a boundary that repeats their denies;
 * - the plan role (`amc-<ctx>-plan`): GitLab CI on any branch of the project (merge requests run on their source
 *   branch), itself, and the same people; read-only;
 * - the workload boundary every role the stacks make must carry;
 * - the admin role: view-only in AWS, cluster admin in EKS.
 * A role trusts itself by aws:PrincipalArn, as a role cannot name itself as principal before it exists: in CI the job
 * already is the role, and the stacks' providers and backend assume it again.
 */
export class BootstrapRoles extends Construct {
  readonly terraformRole?: IamRole;
  readonly planRole?: IamRole;
  readonly adminRole?: IamRole;
  readonly boundary: IamPolicy;
  /** The deploy role's policies, in order. */
  readonly deployPolicies: IamPolicy[] = [];

  constructor(scope: Construct, id: string, props: BootstrapRolesProps) {
    super(scope, id);
    const { accountId } = props.scope;
    const arn = (name: string) => `arn:aws:iam::${accountId}:role/${name}`;
    const boundary = workloadBoundary(props.scope);
    if (boundary.length > MANAGED_POLICY_SIZE)
      // A PolicyError, so that synth prints it as one line and writes nothing (main.ts).
      throw new PolicyError([
        `${this.node.path}: the workload boundary is ${boundary.length} characters, over IAM's ${MANAGED_POLICY_SIZE} for a managed policy; shorten dns.parentDomain or dns.clusterZone`,
      ]);
    this.boundary = new IamPolicy(this, 'workload-boundary', {
      name: props.policyNames.boundary,
      description: "The most any role of this context's stacks may do: its workloads' actions, no IAM beyond Auto Mode's",
      policy: boundary,
    });
    suppress(
      this.boundary,
      'AMC-IAM-2',
      'a permissions boundary grants nothing: it caps what the roles it bounds are granted, here by AWS managed policies on "*"',
    );
    if (props.terraformRoleName) {
      const name = props.terraformRoleName;
      const services = [...new Set([...Object.values(AWS_SERVICES), 's3', 'sts'])].sort();
      const boundary = new IamPolicy(this, 'terraform-boundary', {
        name: `${props.policyNames.deploy}-boundary`,
        description: "The most Terraform may do for this context, whatever else is attached: its services, and the deploy policies' denies",
        policy: deployBoundary(props.scope, services),
      });
      suppress(boundary, 'AMC-IAM-2', 'a permissions boundary grants nothing: it caps the deploy policies, which scope every write');
      this.terraformRole = new IamRole(this, 'terraform', {
        name,
        description: `Terraform for amc, from GitLab CI on ${props.projectPath}@${props.branch}`,
        assumeRolePolicy: document(ciTrust(props, arn(name), 'StringEquals', props.branch)),
        permissionsBoundary: boundary.arn,
      });
      this.deployPolicies = packed(deployStatements(props.scope)).map((policy, i) => {
        const part = new IamPolicy(this, `terraform-policy-${i + 1}`, {
          name: `${props.policyNames.deploy}-${i + 1}`,
          description: `What Terraform may do for this context (part ${i + 1}): its names and tags only, roles under the workload boundary`,
          policy,
        });
        // The one write on "*" without a tag condition: IAM scopes Route 53's CreateHostedZone by neither name nor tag.
        if (policy.includes('"Sid":"Route53CreateZone"'))
          suppress(part, 'AMC-IAM-2', 'route53:CreateHostedZone has no resource and no tag condition in IAM (README: Shared accounts)');
        new IamRolePolicyAttachment(this, `terraform-permissions-${i + 1}`, {
          role: name,
          policyArn: part.arn,
          dependsOn: [this.terraformRole as IamRole],
        });
        return part;
      });
    }
    if (props.planRoleName) {
      const name = props.planRoleName;
      const permissions = new IamPolicy(this, 'plan-policy', {
        name: props.policyNames.plan,
        description: 'What merge-request plans may read for this context; no writes',
        policy: planPolicy(props.scope),
      });
      this.planRole = new IamRole(this, 'plan', {
        name,
        description: `Read-only Terraform plans for amc, from GitLab CI on any branch of ${props.projectPath}`,
        assumeRolePolicy: document(ciTrust(props, arn(name), 'StringLike', '*')),
        permissionsBoundary: permissions.arn,
      });
      suppress(
        this.planRole,
        'AMC-IAM-5',
        'merge-request pipelines run on their source branch, so the read-only plan role trusts every branch of this one project; forks carry their own project_path and never match',
      );
      new IamRolePolicyAttachment(this, 'plan-permissions', { role: this.planRole.name, policyArn: permissions.arn });
    }
    if (props.adminRoleName) {
      this.adminRole = new IamRole(this, 'admin', {
        name: props.adminRoleName,
        description: 'Cluster administrators of amc (EKS access entry); view-only in AWS',
        assumeRolePolicy: document(peopleTrust(props.adminPrincipals, 'Administrators')),
      });
      suppress(
        this.adminRole,
        'AMC-IAM-6',
        "people's role, made here and never by the deploy role: view-only in AWS and one describe, so a boundary would cap nothing",
      );
      new IamRolePolicyAttachment(this, 'admin-view-only', {
        role: this.adminRole.name,
        policyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess',
      });
      new IamRolePolicy(this, 'admin-kubeconfig', {
        role: this.adminRole.id,
        name: 'describe-cluster',
        policy: document([{ Sid: 'Kubeconfig', Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: props.clusterArn }]),
      });
    }
  }
}

/** GitLab CI jobs of the project on `branch` (StringEquals) or any branch (StringLike '*'), the role itself, and the people. */
export function ciTrust(props: BootstrapRolesProps, roleArn: string, test: 'StringEquals' | 'StringLike', branch: string): Statement[] {
  return [
    {
      Sid: 'GitLabCI',
      Effect: 'Allow',
      Principal: { Federated: props.oidcProviderArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: mergeConditions(
        { [test]: { [`${props.oidcHost}:sub`]: `project_path:${props.projectPath}:ref_type:branch:ref:${branch}` } },
        { StringEquals: { [`${props.oidcHost}:aud`]: props.audience } },
      ),
    },
    {
      Sid: 'Itself',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${props.scope.accountId}:root` },
      Action: 'sts:AssumeRole',
      Condition: { ArnEquals: { 'aws:PrincipalArn': roleArn } },
    },
    ...peopleTrust(props.terraformPrincipals, 'People'),
  ];
}

/** Two condition blocks as one: keys of one operator side by side. */
function mergeConditions(...blocks: Record<string, Record<string, string>>[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const block of blocks) for (const [test, keys] of Object.entries(block)) out[test] = { ...out[test], ...keys };
  return out;
}
