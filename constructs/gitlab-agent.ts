import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import type { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { ClusterAgent } from '@cdktf/provider-gitlab/lib/cluster-agent';
import { ClusterAgentToken } from '@cdktf/provider-gitlab/lib/cluster-agent-token';
import { RepositoryFile } from '@cdktf/provider-gitlab/lib/repository-file';
import { contextSecret } from './context-secret';

/** Where the agent runs, and the service account CI jobs act as (flux/infrastructure/controllers/gitlab-agent/). */
export const AGENT_NAMESPACE = 'gitlab-agent';
export const AGENT_CI_ACCOUNT = 'amc-ci';
/** The Secret the chart mounts (values config.secretName); the chart reads its key `token`. */
export const AGENT_TOKEN_SECRET = 'gitlab-agent-token';

export interface GitlabAgentProps {
  /** The agent's configuration project (gitlab.agent.projectPath) and its default branch. */
  readonly configProject: string;
  readonly configBranch: string;
  readonly name: string;
  /** The project whose CI jobs may use the agent (gitlab.projectPath), and only in this environment. */
  readonly ciProject: string;
  readonly environment: string;
  readonly tokenGeneration: number;
  readonly secretName: string;
  readonly recoveryWindowInDays?: number;
  readonly allowedPrincipalArns: readonly string[];
}

/**
 * The agent's `.gitlab/agents/<name>/config.yaml` (GitLab docs: using GitLab CI/CD with a Kubernetes cluster,
 * ci_access): jobs of one project, only in one environment, acting as one service account. Jobs with no environment,
 * merge-request pipelines among them, get no kube context for it (GitLab filters KUBECONFIG by ci_access environments).
 */
export function agentConfig(props: Pick<GitlabAgentProps, 'ciProject' | 'environment'>): string {
  return [
    '# Written by the amc-gitlab stack of this context; edit config/<context>.ts, not this file.',
    'ci_access:',
    '  projects:',
    `    - id: ${props.ciProject}`,
    '      environments:',
    `        - ${props.environment}`,
    '      access_as:',
    '        impersonate:',
    `          username: system:serviceaccount:${AGENT_NAMESPACE}:${AGENT_CI_ACCOUNT}`,
    '',
  ].join('\n');
}

/** Registers the context's GitLab agent, writes its configuration, and keeps its token beside the deploy key. */
export class GitlabAgent extends Construct {
  readonly agent: ClusterAgent;
  readonly token: ClusterAgentToken;
  readonly secret: SecretsmanagerSecret;

  constructor(scope: Construct, id: string, props: GitlabAgentProps) {
    super(scope, id);
    this.agent = new ClusterAgent(this, 'agent', { project: props.configProject, name: props.name });
    new RepositoryFile(this, 'config', {
      project: props.configProject,
      branch: props.configBranch,
      filePath: `.gitlab/agents/${props.name}/config.yaml`,
      encoding: 'text',
      content: agentConfig(props),
      commitMessage: `amc: configure the GitLab agent ${props.name}`,
    });
    // The generation is part of the id, as the deploy key's: a new generation is a new token, created before the old
    // one is revoked (an agent holds at most two active tokens: GitLab docs, glab cluster agent token).
    this.token = new ClusterAgentToken(this, `token-v${props.tokenGeneration}`, {
      project: props.configProject,
      agentId: this.agent.agentId,
      name: `${props.name}-v${props.tokenGeneration}`,
      description: `amc: the ${props.environment} cluster's agent`,
      lifecycle: { createBeforeDestroy: true },
    });
    this.secret = contextSecret(this, {
      name: props.secretName,
      description: `GitLab agent token of ${props.name}`,
      recoveryWindowInDays: props.recoveryWindowInDays,
      allowedPrincipalArns: props.allowedPrincipalArns,
      rotation:
        'rotation is gitlab.agent.tokenGeneration (README: Cluster access from CI): a new token, made before the old one is revoked',
      value: Fn.jsonencode({ token: this.token.token }),
    });
  }
}
