import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { GitlabProvider } from '@cdktf/provider-gitlab/lib/provider';
import { TlsProvider } from '@cdktf/provider-tls/lib/provider';
import { names, type ContextConfig, type RunSettings } from '../config';
import { FluxDeployKey } from '../constructs/deploy-key';
import { GitlabAgent } from '../constructs/gitlab-agent';
import { refusePlaceholders, useAws, useBackend } from './common';

/**
 * `amc-gitlab-<ctx>`: the key pair and read-only deploy key Flux reads this repository with, and the GitLab agent CI
 * jobs reach the cluster through.
 */
export class GitlabStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: ContextConfig, settings: RunSettings) {
    super(scope, id);
    useBackend(this, id, config, settings);
    useAws(this, id, config, settings);
    refusePlaceholders(this, config);
    new TlsProvider(this, 'tls');
    // The token comes from GITLAB_TOKEN, never from config or code.
    new GitlabProvider(this, 'gitlab', { baseUrl: config.gitlab.baseUrl });
    const name = names(config, settings);

    // An edition is disposable: its secrets' names must be free again at once, not after a 7-day recovery window.
    const recoveryWindowInDays = settings.edition ? 0 : 7;
    // Not the plan role: any branch may assume it (README, Identities and least privilege).
    const allowedPrincipalArns = [config.aws.terraformRoleArn, ...config.bootstrap.breakGlassPrincipals];
    const key = new FluxDeployKey(this, 'flux-key', {
      project: config.gitlab.projectPath,
      title: name.deployKeyTitle,
      secretName: name.deployKeySecret,
      knownHosts: config.gitlab.knownHosts,
      algorithm: config.gitlab.keyAlgorithm,
      generation: config.gitlab.keyGeneration,
      recoveryWindowInDays,
      allowedPrincipalArns,
    });
    const agent = new GitlabAgent(this, 'agent', {
      configProject: config.gitlab.agent.projectPath,
      configBranch: config.gitlab.agent.branch,
      name: name.agent,
      ciProject: config.gitlab.projectPath,
      environment: config.name,
      tokenGeneration: config.gitlab.agent.tokenGeneration,
      secretName: name.agentTokenSecret,
      recoveryWindowInDays,
      allowedPrincipalArns,
    });

    new TerraformOutput(this, 'deploy_key_id', { value: key.deployKey.deployKeyId, description: "Flux's read-only deploy key in GitLab" });
    new TerraformOutput(this, 'deploy_key_public', { value: key.privateKey.publicKeyOpenssh, description: 'Its public half' });
    new TerraformOutput(this, 'deploy_key_secret', {
      value: key.secret.name,
      description: 'The Secrets Manager secret the flux stack reads the key from',
    });
    new TerraformOutput(this, 'agent_kube_context', {
      value: name.agentKubeContext,
      description: "The GitLab agent's kube context in the KUBECONFIG of this context's CI jobs",
    });
    new TerraformOutput(this, 'agent_token_secret', {
      value: agent.secret.name,
      description: "The secret the flux stack reads the agent's token from",
    });
  }
}
