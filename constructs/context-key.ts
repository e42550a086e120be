import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';

export interface ContextKeyProps {
  /** The alias the clusters find the key by (`alias/amc-<ctx>`). */
  readonly alias: string;
  /** Account and region: the key policy names them. */
  readonly accountId: string;
  readonly region: string;
  /** The control-plane log groups CloudWatch Logs may encrypt with the key, as an ARN pattern's name part. */
  readonly logGroups: string;
}

/**
 * The KMS key of a context's clusters (editions included): Kubernetes secrets' envelope encryption and the
 * control-plane logs. Made by the bootstrap, so the deploy role never creates, tags, re-policies or deletes a key: KMS
 * lets a key be created with tags only through kms:TagResource on every key (KMS developer guide, "Controlling access
 * to tags"), which would let the deploy role adopt any untagged key. The deploy role only describes it and lets EKS
 * take a grant on it.
 */
export class ContextKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: ContextKeyProps) {
    super(scope, id);
    this.key = new KmsKey(this, 'key', {
      description: 'amc: envelope encryption of Kubernetes secrets and control-plane logs of this context',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy(props),
    });
    new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
  }
}

/**
 * The key's policy (CKV2_AWS_64): the account, so that IAM policies decide as usual (EKS gets its grant through the
 * deploy role), and CloudWatch Logs of the region for the context's control-plane log groups only (AWS CloudWatch Logs
 * user guide, "Encrypt log data in CloudWatch Logs using AWS KMS").
 */
function keyPolicy({ accountId, region, logGroups }: ContextKeyProps): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'ControlPlaneLogs',
        Effect: 'Allow',
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${accountId}:log-group:${logGroups}` } },
      },
    ],
  });
}
