import type { ContextConfig, RunSettings } from './types';

export const PRODUCT = 'amc';

/** Stack ids, the HCL original's unit names: `cdktf deploy 'amc*-dev'` takes a whole context. */
export function stackIds(context: string) {
  return { gitlab: `${PRODUCT}-gitlab-${context}`, cluster: `${PRODUCT}-${context}`, flux: `${PRODUCT}-flux-${context}` };
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
