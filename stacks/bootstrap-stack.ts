import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsIamOpenidConnectProvider } from '@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { bootstrapRoles, names, PRODUCT, tags, type ContextConfig, type RunSettings } from '../config';
import { BootstrapRoles } from '../constructs/bootstrap-roles';
import { StateBucket } from '../constructs/state-bucket';
import { refusePlaceholders, useBackend } from './common';

/**
 * `amc-bootstrap-<ctx>`: what the other stacks need before they can run, applied once by a person with their own
 * credentials (no role to assume yet): the state bucket, GitLab CI's OIDC provider, the Terraform and admin roles.
 * It starts on local state and moves into its own bucket (README: Before the first deploy).
 */
export class BootstrapStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: ContextConfig, settings: RunSettings) {
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

    const roles = bootstrapRoles(config.name);
    const bucketArn = `arn:aws:s3:::${config.state.bucket}`;
    const made = new BootstrapRoles(this, 'roles', {
      accountId: config.aws.accountId,
      terraformRoleName: config.bootstrap.terraformRole ? roles.terraform : undefined,
      adminRoleName: config.bootstrap.adminRole ? roles.admin : undefined,
      oidcProviderArn: provider.arn,
      oidcHost: oidc.url.replace(/^https:\/\//, ''),
      audience: oidc.audience,
      projectPath: config.gitlab.projectPath,
      branch: config.gitlab.branch,
      terraformPrincipals: config.bootstrap.terraformPrincipals,
      adminPrincipals: config.bootstrap.adminPrincipals,
      stateBucketArn: bucketArn,
      stateKeyPrefix: PRODUCT,
      // The context's cluster, and its editions' (amc-dev-eks, amc-dev-pr42-eks).
      clusterArn: `arn:aws:eks:${config.aws.region}:${config.aws.accountId}:cluster/${names(config, { remoteBackend: true }).prefix}-*`,
    });
    const bucket = new StateBucket(this, 'state', {
      bucket: config.state.bucket,
      noncurrentVersionDays: config.state.noncurrentVersionDays,
      // A reference, not the literal ARN, so the bucket policy waits for the role (IAM refuses unknown principals).
      crossAccountRoleArns: otherAccount ? [made.terraformRole?.arn ?? config.aws.terraformRoleArn] : [],
      keyPrefix: PRODUCT,
      provider: stateProvider,
    });

    new TerraformOutput(this, 'terraform_role_arn', {
      value: config.aws.terraformRoleArn,
      description: 'The role every other stack runs as',
    });
    new TerraformOutput(this, 'admin_role_arn', {
      value: config.adminRoleArn,
      description: 'The cluster administrators role (kubeconfig_command)',
    });
    new TerraformOutput(this, 'state_bucket', { value: bucket.bucket.bucket, description: 'The S3 bucket of every stack state' });
    new TerraformOutput(this, 'oidc_provider_arn', { value: provider.arn, description: "GitLab CI's OIDC provider in this account" });
    new TerraformOutput(this, 'gitlab_ci_variables', {
      value: `AMC_TERRAFORM_ROLE_ARN=${config.aws.terraformRoleArn} (GitLab: Settings > CI/CD > Variables, environment scope ${config.name}, protected)`,
      description: 'What to set in GitLab next, so pipelines deploy this context without stored AWS keys',
    });
  }
}
