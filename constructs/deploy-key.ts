import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { SecretsmanagerSecretPolicy } from '@cdktf/provider-aws/lib/secretsmanager-secret-policy';
import { SecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/secretsmanager-secret-version';
import { DeployKey } from '@cdktf/provider-gitlab/lib/deploy-key';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { suppress } from '../policy/pack';

export interface FluxDeployKeyProps {
  /** `group/project` the key may read. */
  readonly project: string;
  readonly title: string;
  /** Secrets Manager secret that hands the key to the flux stack. */
  readonly secretName: string;
  /** Pinned host keys of the Git server, one `known_hosts` line each. */
  readonly knownHosts: readonly string[];
  readonly algorithm: 'ED25519' | 'ECDSA-P384';
  /** Changing it replaces the key pair and the deploy key. */
  readonly generation: number;
  /** Days Secrets Manager keeps the deleted secret (0 deletes at once, for disposable copies). @default 7 */
  readonly recoveryWindowInDays?: number;
  /** The only principals the secret's resource policy lets in (the context's deploy role, break glass). */
  readonly allowedPrincipalArns: readonly string[];
}

/** A read-only GitLab deploy key for Flux; the private half goes only to Terraform state and Secrets Manager. */
export class FluxDeployKey extends Construct {
  readonly privateKey: PrivateKey;
  readonly deployKey: DeployKey;
  readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: FluxDeployKeyProps) {
    super(scope, id);
    // The generation is part of the id on purpose: a new generation is a new key, and the old one is destroyed.
    // (terraform_data with replace_triggered_by would do the same, but cdktf runs `terraform version` at synth for it.)
    this.privateKey = new PrivateKey(this, `key-v${props.generation}`, {
      ...(props.algorithm === 'ED25519' ? { algorithm: 'ED25519' } : { algorithm: 'ECDSA', ecdsaCurve: 'P384' }),
    });
    this.deployKey = new DeployKey(this, 'deploy-key', {
      project: props.project,
      title: props.title,
      // GitLab stores the key trimmed; an untrimmed key would be replaced on every plan (terraform-provider-gitlab #1174).
      key: Fn.trimspace(this.privateKey.publicKeyOpenssh),
      canPush: false,
      // The new key is registered before the old one goes, so a rotation never leaves the project without one.
      lifecycle: { createBeforeDestroy: true },
    });
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: props.secretName,
      description: `Flux read-only deploy key for ${props.project}`,
      recoveryWindowInDays: props.recoveryWindowInDays ?? 7,
    });
    suppress(
      this.secret,
      'AMC-SM-1',
      "who reads it is the secret policy's business (the context's roles only); the key pair also lives in Terraform state, so a customer key would narrow nothing",
    );
    suppress(
      this.secret,
      'AMC-SM-2',
      'rotation is gitlab.keyGeneration (README: Rotate the deploy key): a new pair, registered before the old goes',
    );
    // A deny for everyone else, so that no broad IAM grant (SecretsManagerReadWrite, say) reaches the key.
    new SecretsmanagerSecretPolicy(this, 'secret-policy', {
      secretArn: this.secret.arn,
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
    new SecretsmanagerSecretVersion(this, 'secret-value', {
      secretId: this.secret.id,
      secretString: Fn.jsonencode({
        identity: this.privateKey.privateKeyOpenssh,
        'identity.pub': this.privateKey.publicKeyOpenssh,
        known_hosts: `${props.knownHosts.join('\n')}\n`,
      }),
    });
  }
}
