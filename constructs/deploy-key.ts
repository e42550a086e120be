import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import type { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { DeployKey } from '@cdktf/provider-gitlab/lib/deploy-key';
import { PrivateKey } from '@cdktf/provider-tls/lib/private-key';
import { contextSecret } from './context-secret';

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
    this.secret = contextSecret(this, {
      name: props.secretName,
      description: `Flux read-only deploy key for ${props.project}`,
      recoveryWindowInDays: props.recoveryWindowInDays,
      allowedPrincipalArns: props.allowedPrincipalArns,
      rotation: 'rotation is gitlab.keyGeneration (README: Rotate the deploy key): a new pair, registered before the old goes',
      value: Fn.jsonencode({
        identity: this.privateKey.privateKeyOpenssh,
        'identity.pub': this.privateKey.publicKeyOpenssh,
        known_hosts: `${props.knownHosts.join('\n')}\n`,
      }),
    });
  }
}
