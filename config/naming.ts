import type { ContextConfig, RunSettings } from './types';

export const PRODUCT = 'amc';

/**
 * Stack ids, the HCL original's unit names (`cdktf deploy 'amc*-dev'` takes a whole context). An edition gets ids of
 * its own (`amc-dev-pr42`), so its working directory `cdktf.out/stacks/<id>` never holds the default's backend: cdktf's
 * init would otherwise offer to migrate the default's state into the edition's key.
 */
export function stackIds(context: string, edition?: string) {
  const suffix = [context, edition].filter(Boolean).join('-');
  const id = (stack: string) => `${stack}-${suffix}`;
  return { gitlab: id(STACKS.gitlab), cluster: id(STACKS.cluster), flux: id(STACKS.flux) };
}

/** The stacks of a context in deploy order, by the name TFT_STACK takes (the id without context and edition). */
export const STACKS = {
  bootstrap: `${PRODUCT}-bootstrap`,
  gitlab: `${PRODUCT}-gitlab`,
  cluster: PRODUCT,
  flux: `${PRODUCT}-flux`,
} as const;

/** The bootstrap stack's id: one per context, never per edition (an edition uses its context's bucket and roles). */
export function bootstrapStackId(context: string): string {
  return `${STACKS.bootstrap}-${context}`;
}

/** Names of the roles amc-bootstrap makes; aws.terraformRoleArn, aws.planRoleArn and adminRoleArn default to them. */
export function bootstrapRoles(context: string) {
  return { terraform: `${PRODUCT}-${context}-terraform`, plan: `${PRODUCT}-${context}-plan`, admin: `${PRODUCT}-${context}-admin` };
}

/** The managed policies amc-bootstrap makes for a context: what the deploy and plan roles may do, and the workload boundary. */
export function bootstrapPolicies(context: string) {
  return {
    deploy: `${PRODUCT}-${context}-terraform`,
    plan: `${PRODUCT}-${context}-plan`,
    boundary: `${PRODUCT}-${context}-workload-boundary`,
  };
}

/** The alias of the context's KMS key, which amc-bootstrap makes and every cluster of the context (editions too) uses. */
export function contextKeyAlias(context: string): string {
  return `alias/${PRODUCT}-${context}`;
}

/** The ARN of the permissions boundary every role the stacks of a context make carries. */
export function workloadBoundaryArn(config: ContextConfig): string {
  return `arn:aws:iam::${config.aws.accountId}:policy/${bootstrapPolicies(config.name).boundary}`;
}

/** The role a synth's providers, backends and cluster token assume (TFT_ROLE). */
export function runRoleArn(config: ContextConfig, settings: RunSettings): string {
  return settings.role === 'plan' ? config.aws.planRoleArn : config.aws.terraformRoleArn;
}

/**
 * Every physical name, from one place, so that a stack finds what another created by name alone:
 * `<product>-<context>[-<edition>]-<component>`.
 */
export function names(config: ContextConfig, settings: RunSettings) {
  const prefix = [PRODUCT, config.name, settings.edition].filter(Boolean).join('-');
  const cluster = `${prefix}-eks`;
  // Dropping the ^ is an equivalent mutant: a valid zone never starts with a dot.
  const zone = settings.edition ? config.dns.clusterZone.replace(/^([^.]+)/, `$1-${settings.edition}`) : config.dns.clusterZone;
  return {
    prefix,
    vpc: `${prefix}-vpc`,
    cluster,
    cloudwatchAgentRole: `${prefix}-cloudwatch-agent`,
    externalDnsRole: `${prefix}-external-dns`,
    deployKeySecret: `${prefix}-flux-deploy-key`,
    deployKeyTitle: `${cluster} flux (read-only)`,
    zone,
    /** Wildcard certificate for the ingress. */
    certificateDomain: `*.${zone}`,
    stateKey: (stackId: string) => [PRODUCT, settings.edition, `${stackId}.tfstate`].filter(Boolean).join('/'),
    /**
     * The cluster's GitLab agent for Kubernetes: its name, `amc-<context>[-<edition>]` (an edition is another cluster, so
     * never the context's agent), and its kube context in a CI job's KUBECONFIG, `<agent configuration project>:<agent>`
     * (GitLab docs: using GitLab CI/CD with a Kubernetes cluster).
     */
    agent: prefix,
    agentKubeContext: `${config.gitlab.agent.projectPath}:${prefix}`,
    /** The agent's token in Secrets Manager, beside the deploy key: amc-gitlab writes it, amc-flux reads it. */
    agentTokenSecret: `${prefix}-gitlab-agent-token`,
    /** Points kubectl at the cluster as a human admin: the same line in the amc stack's output, the Taskfile and the drain. */
    kubeconfig: `aws eks update-kubeconfig --region ${config.aws.region} --name ${cluster} --role-arn ${config.adminRoleArn}`,
  };
}

export type Names = ReturnType<typeof names>;

/**
 * DNS names of a context, as StringLike patterns: its zones (its own and its editions', `dev-pr42.example.com` as names()
 * makes them), where the parent zone holds their delegation, and the names inside them.
 */
export function zonePatterns(config: ContextConfig) {
  const zone = names(config, { remoteBackend: true }).zone;
  const editions = names(config, { remoteBackend: true, edition: '*' }).zone;
  return { zones: [zone, editions], inside: [`*.${zone}`, `*.${editions}`] };
}

/** The tag whose value is the context: the deploy role's tag conditions read it (constructs/deploy-policies.ts). */
export const CONTEXT_TAG = 'Environment';

/** Tags for every AWS resource (provider default tags) and for what Auto Mode creates on our behalf. */
export function tags(config: ContextConfig, settings: RunSettings, component: string): Record<string, string> {
  return {
    Product: PRODUCT,
    [CONTEXT_TAG]: config.name,
    Component: component,
    Edition: settings.edition ?? 'default',
    Provisioner: 'cdktf',
  };
}
