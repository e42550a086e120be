import { Construct } from 'constructs';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { names, placeholderFields, placeholderMessage, runRoleArn, tags, type ContextConfig, type RunSettings } from '../config';
import { PlaceholderGuard } from '../constructs/placeholder-guard';

/**
 * State per stack: S3 with native locking and encryption, or a local file when TFT_REMOTE_BACKEND=false. While config
 * still holds placeholders the state is local too: `terraform init` against the sample bucket and role would fail
 * before any plan, hiding the placeholder guard's message behind a credentials error.
 */
export function useBackend(
  stack: TerraformStack,
  id: string,
  config: ContextConfig,
  settings: RunSettings,
  access: { readonly roleArn?: string } = { roleArn: runRoleArn(config, settings) },
): void {
  if (!settings.remoteBackend || placeholderFields(config).length > 0) {
    new LocalBackend(stack, { path: `terraform.${id}.tfstate` });
    return;
  }
  const backend = new S3Backend(stack, {
    bucket: config.state.bucket,
    key: names(config, settings).stateKey(id),
    region: config.state.region,
    encrypt: true,
    assumeRole: access.roleArn ? { roleArn: access.roleArn } : undefined,
  });
  // cdktf 0.21 has no prop for S3-native locking (Terraform 1.10+); no DynamoDB table needed.
  backend.addOverride('use_lockfile', true);
}

/** The AWS provider every AWS stack uses: the deploy role (the plan role with TFT_ROLE=plan), this account only, the common tags. */
export function useAws(scope: Construct, id: string, config: ContextConfig, settings: RunSettings): AwsProvider {
  return new AwsProvider(scope, 'aws', {
    region: config.aws.region,
    allowedAccountIds: [config.aws.accountId],
    assumeRole: [{ roleArn: runRoleArn(config, settings), sessionName: id }],
    defaultTags: [{ tags: tags(config, settings, id) }],
  });
}

/** While config holds sample values, every plan of the stack fails naming them; synth still works, to look before configuring. */
export function refusePlaceholders(scope: Construct, config: ContextConfig): void {
  const message = placeholderMessage(config);
  if (message) new PlaceholderGuard(scope, 'placeholders', { fields: placeholderFields(config), message });
}
