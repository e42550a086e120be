import { Construct } from 'constructs';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { suppress } from '../policy/pack';

export interface ContextSecretProps {
  readonly name: string;
  readonly description: string;
  /** Days Secrets Manager keeps the deleted secret (0 deletes at once, for disposable copies). @default 7 */
  readonly recoveryWindowInDays?: number;
  /** The only principals the secret's resource policy lets in (the context's deploy role, break glass). */
  readonly allowedPrincipalArns: readonly string[];
  /** The secret's value, a JSON document (Fn.jsonencode). */
  readonly value: string;
  /** Why the secret needs no rotation by Secrets Manager (AMC-SM-2): how it is rotated instead. */
  readonly rotation: string;
}

/**
 * A secret that hands a credential from one stack to another, readable only by the context's own roles. Its resources
 * are made directly in `scope` (ids secret, secret-policy, secret-value), so the deploy key's addresses stay as they were.
 */
export function contextSecret(scope: Construct, props: ContextSecretProps): SecretsmanagerSecret {
  const secret = new SecretsmanagerSecret(scope, 'secret', {
    name: props.name,
    description: props.description,
    recoveryWindowInDays: props.recoveryWindowInDays ?? 7,
  });
  suppress(
    secret,
    'AMC-SM-1',
    "who reads it is the secret policy's business (the context's roles only); the value also lives in Terraform state, so a customer key would narrow nothing",
  );
  suppress(secret, 'AMC-SM-2', props.rotation);
  // A deny for everyone else, so that no broad IAM grant (SecretsManagerReadWrite, say) reaches the value.
  new SecretsmanagerSecretPolicy(scope, 'secret-policy', {
    secretArn: secret.arn,
    blockPublicPolicy: true,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ContextRolesOnly',
          Effect: 'Deny',
          Principal: '*',
          Action: 'secretsmanager:*',
          Resource: '*',
          Condition: { ArnNotLike: { 'aws:PrincipalArn': [...props.allowedPrincipalArns] } },
        },
      ],
    }),
  });
  new SecretsmanagerSecretVersion(scope, 'secret-value', { secretId: secret.id, secretString: props.value });
  return secret;
}
