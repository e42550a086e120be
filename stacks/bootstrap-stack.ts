import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import {
  bootstrapPolicies,
  bootstrapRoles,
  CONTEXT_TAG,
  CONTEXTS,
  contextKeyAlias,
  names,
  PRODUCT,
  stackIds,
  tags,
  workloadBoundaryArn,
  zonePatterns,
  type ContextConfig,
  type RunSettings,
} from '../config';
import { BootstrapRoles } from '../constructs/bootstrap-roles';
import { ContextKey } from '../constructs/context-key';
import type { ContextScope } from '../constructs/deploy-policies';
import { ATTACHABLE_POLICIES } from './cluster-stack';
import { StateBucket } from '../constructs/state-bucket';
import { refusePlaceholders, useBackend } from './common';

/**
 * `amc-bootstrap-<ctx>`: what the other stacks need before they can run, applied once by a person with their own
 * credentials (no role to assume yet): the state bucket, GitLab CI's OIDC provider, the Terraform and admin roles.
 * It starts on local state and moves into its own bucket (README: Before the first deploy).
 */
export class BootstrapStack extends TerraformStack {
  /** `others`: the app's other contexts, whose zones this context's deploy role may never write records in. */
  constructor(scope: Construct, id: string, config: ContextConfig, settings: RunSettings, others: readonly ContextConfig[] = []) {
    super(scope, id);
    useBackend(this, id, config, settings, { roleArn: config.state.bootstrapRoleArn });
    new AwsProvider(this, 'aws', {
      region: config.aws.region,
      allowedAccountIds: [config.aws.accountId],
      defaultTags: [{ tags: tags(config, settings, id) }],
    });
    refusePlaceholders(this, config);
    const otherAccount = config.state.accountId !== config.aws.accountId;
    // The article keeps state in an account of its own: then the bucket is made there, through a provider of its own.
    const stateProvider = otherAccount
      ? new AwsProvider(this, 'state-account', {
          alias: 'state',
          region: config.state.region,
          allowedAccountIds: [config.state.accountId],
          assumeRole: config.state.bootstrapRoleArn ? [{ roleArn: config.state.bootstrapRoleArn, sessionName: id }] : undefined,
          defaultTags: [{ tags: tags(config, settings, id) }],
        })
      : undefined;

    const oidc = config.gitlab.oidc;
    const provider =
      oidc.provider === 'create'
        ? new IamOpenidConnectProvider(this, 'gitlab-oidc', { url: oidc.url, clientIdList: [oidc.audience] })
        : new DataAwsIamOpenidConnectProvider(this, 'gitlab-oidc', { url: oidc.url });

    const context = contextScope(config, others);
    const roles = bootstrapRoles(config.name);
    const made = new BootstrapRoles(this, 'roles', {
      scope: context,
      terraformRoleName: config.bootstrap.terraformRole ? roles.terraform : undefined,
      planRoleName: config.bootstrap.planRole ? roles.plan : undefined,
      adminRoleName: config.bootstrap.adminRole ? roles.admin : undefined,
      policyNames: bootstrapPolicies(config.name),
      oidcProviderArn: provider.arn,
      oidcHost: oidcHost(config),
      audience: oidc.audience,
      projectPath: config.gitlab.projectPath,
      branch: config.gitlab.branch,
      terraformPrincipals: config.bootstrap.terraformPrincipals,
      adminPrincipals: config.bootstrap.adminPrincipals,
      // The context's cluster, and its editions' (amc-dev-eks, amc-dev-pr42-eks).
      clusterArn: `arn:aws:eks:${config.aws.region}:${config.aws.accountId}:cluster/${context.prefix}-*`,
    });
    const bucket = new StateBucket(this, 'state', {
      bucket: config.state.bucket,
      noncurrentVersionDays: config.state.noncurrentVersionDays,
      // A reference, not the literal ARN, so the bucket policy waits for the role (IAM refuses unknown principals).
      crossAccountRoleArns: otherAccount ? [made.terraformRole?.arn ?? config.aws.terraformRoleArn] : [],
      crossAccountReaderArns: otherAccount ? [made.planRole?.arn ?? config.aws.planRoleArn] : [],
      readerKeys: context.planStateKeys,
      // Only these principals may read or write state objects: it holds the Flux private key.
      writers: [config.aws.terraformRoleArn, ...config.bootstrap.breakGlassPrincipals],
      readers: [config.aws.planRoleArn],
      breakGlass: config.bootstrap.breakGlassPrincipals,
      keyPrefix: PRODUCT,
      provider: stateProvider,
    });

    const key = new ContextKey(this, 'key', {
      alias: contextKeyAlias(config.name),
      accountId: config.aws.accountId,
      region: config.aws.region,
      // Every cluster of the context, editions' too (amc-dev-eks, amc-dev-pr42-eks).
      logGroups: `/aws/eks/${context.prefix}-*`,
    });

    new TerraformOutput(this, 'kms_key_arn', {
      value: key.key.arn,
      description: "The KMS key of this context's Kubernetes secrets and control-plane logs",
    });
    new TerraformOutput(this, 'terraform_role_arn', {
      value: config.aws.terraformRoleArn,
      description: 'The role every other stack runs as',
    });
    new TerraformOutput(this, 'plan_role_arn', {
      value: config.aws.planRoleArn,
      description: 'The read-only role merge-request pipelines plan as',
    });
    new TerraformOutput(this, 'workload_boundary_arn', {
      value: made.boundary.arn,
      description: "The permissions boundary of every role this context's stacks make",
    });
    new TerraformOutput(this, 'admin_role_arn', {
      value: config.adminRoleArn,
      description: 'The cluster administrators role (kubeconfig_command)',
    });
    new TerraformOutput(this, 'state_bucket', { value: bucket.bucket.bucket, description: 'The S3 bucket of every stack state' });
    new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn, description: "GitLab CI's OIDC provider in this account" });
    new TerraformOutput(this, 'gitlab_ci_variables', {
      value: gitlabVariables(config),
      description: 'What to set in GitLab next, so pipelines deploy this context without stored AWS keys',
    });
  }
}

/**
 * What GitLab needs next (Settings > CI/CD > Variables): the deploy role, scoped to the context's environment and
 * protected, for the jobs of the context's branch; the plan role under a name of its own per context, in every
 * environment scope and not protected, because the merge-request plans run on unprotected branches and have no
 * environment (a protected environment would fail them for users who may not deploy to it: gitlab-org/gitlab#437142).
 */
export function gitlabVariables(config: ContextConfig): string {
  return [
    `AMC_TERRAFORM_ROLE_ARN=${config.aws.terraformRoleArn} (environment scope ${config.name}, protected)`,
    `AMC_PLAN_ROLE_ARN_${config.name}=${config.aws.planRoleArn} (every environment scope, not protected: merge-request pipelines read it)`,
  ].join('; ');
}

/** GitLab's OIDC issuer without its scheme: the provider's ARN and its condition keys name it so. */
const oidcHost = (config: ContextConfig) => config.gitlab.oidc.url.replace(/^https:\/\//, '');

/** The context as its IAM policies see it (constructs/deploy-policies.ts). */
export function contextScope(config: ContextConfig, others: readonly ContextConfig[]): ContextScope {
  const iam = `arn:aws:iam::${config.aws.accountId}`;
  const bootstrap = bootstrapRoles('*');
  // The deploy policies are `<name>-1`, `-2`... and `<name>-boundary`.
  const policies = Object.values(bootstrapPolicies('*')).map((name) => `${name}*`);
  return {
    accountId: config.aws.accountId,
    region: config.aws.region,
    prefix: names(config, { remoteBackend: true }).prefix,
    tagKey: CONTEXT_TAG,
    tagValue: config.name,
    otherTagValues: CONTEXTS.filter((name) => name !== config.name),
    zoneNames: zonePatterns(config).zones,
    recordNames: zonePatterns(config).inside,
    otherRecordNames: others
      .filter((other) => other.name !== config.name)
      .flatMap((other) => [...zonePatterns(other).zones, ...zonePatterns(other).inside]),
    deployRoleArn: config.aws.terraformRoleArn,
    planRoleArn: config.aws.planRoleArn,
    boundaryArn: workloadBoundaryArn(config),
    attachablePolicyArns: ATTACHABLE_POLICIES,
    bootstrapArns: [
      ...Object.values(bootstrap).map((role) => `${iam}:role/${role}`),
      ...policies.map((policy) => `${iam}:policy/${policy}`),
      `${iam}:oidc-provider/${oidcHost(config)}`,
    ],
    stateBucketArn: `arn:aws:s3:::${config.state.bucket}`,
    stateKeyPrefix: PRODUCT,
    // amc/amc-dev.tfstate, and any edition's: amc/pr42/amc-dev-pr42.tfstate.
    planStateKeys: [undefined, '*'].map((edition) =>
      names(config, { remoteBackend: true, edition }).stateKey(stackIds(config.name, edition).cluster),
    ),
  };
}
