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

/** Names of the roles amc-bootstrap makes; aws.terraformRoleArn and adminRoleArn default to them. */
export function bootstrapRoles(context: string) {
  return { terraform: `${PRODUCT}-${context}-terraform`, admin: `${PRODUCT}-${context}-admin` };
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
    /** Points kubectl at the cluster as a human admin: the same line in the amc stack's output, the Taskfile and the drain. */
    kubeconfig: `aws eks update-kubeconfig --region ${config.aws.region} --name ${cluster} --role-arn ${config.adminRoleArn}`,
  };
}

export type Names = ReturnType<typeof names>;

/** Tags for every AWS resource (provider default tags) and for what Auto Mode creates on our behalf. */
export function tags(config: ContextConfig, settings: RunSettings, component: string): Record<string, string> {
  return {
    Product: PRODUCT,
    Environment: config.name,
    Component: component,
    Edition: settings.edition ?? 'default',
    Provisioner: 'cdktf',
  };
}
