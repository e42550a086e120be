import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { at, list, parseFile, where, yamlFiles, type Placed } from './tree';

const EXACT = /^v?\d+\.\d+\.\d+$/;
const CLUSTER_SCOPED = ['Namespace', 'IngressClass', 'IngressClassParams', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding'];
/** What a context's overlay may change in podinfo; everything else belongs in the base. */
export const OVERLAY_VALUES = ['replicaCount', 'hpa', 'resources', 'podDisruptionBudget'];

const isFlux = (p: Placed, group: string, kind: string) => String(p.object.apiVersion).startsWith(`${group}.toolkit.fluxcd.io/`) && p.object.kind === kind;

/** Every Flux Kustomization: pruned, waited on, not suspended, bounded, from this repository, with cluster-vars. */
export function kustomizationProblems(placed: readonly Placed[]): string[] {
  return placed.filter((p) => isFlux(p, 'kustomize', 'Kustomization')).flatMap((p) => {
    const spec = at(p.object, 'spec');
    const out: string[] = [];
    if (at(spec, 'prune') !== true) out.push('prune is not true');
    if (at(spec, 'wait') !== true) out.push('wait is not true');
    if (at(spec, 'suspend') === true) out.push('is suspended');
    for (const key of ['interval', 'retryInterval', 'timeout']) if (!at(spec, key)) out.push(`has no ${key}`);
    if (at(spec, 'sourceRef', 'kind') !== 'GitRepository' || at(spec, 'sourceRef', 'name') !== 'flux-system') out.push('does not sync from GitRepository flux-system');
    if (!list(spec, 'postBuild', 'substituteFrom').some((s) => at(s, 'kind') === 'ConfigMap' && at(s, 'name') === 'cluster-vars')) {
      out.push('does not substitute from ConfigMap cluster-vars');
    }
    return out.map((problem) => `${where(p)}: ${problem}`);
  });
}

/** Every HelmRelease: an exact chart version, remediation on install and upgrade with rollback, a timeout. */
export function helmReleaseProblems(placed: readonly Placed[]): string[] {
  const sources = placed.filter((p) => isFlux(p, 'source', 'OCIRepository') || isFlux(p, 'source', 'HelmRepository'));
  return placed.filter((p) => isFlux(p, 'helm', 'HelmRelease')).flatMap((p) => {
    const spec = at(p.object, 'spec');
    const out: string[] = [];
    const chartRef = at(spec, 'chartRef');
    if (chartRef) {
      const [kind, name] = [String(at(chartRef, 'kind')), String(at(chartRef, 'name'))];
      const source = sources.find((s) => s.object.kind === kind && at(s.object, 'metadata', 'name') === name);
      const tag = String(at(source?.object, 'spec', 'ref', 'tag'));
      if (!source) out.push(`chartRef ${kind} ${name} is not in this tree`);
      else if (!EXACT.test(tag) || at(source.object, 'spec', 'ref', 'semver')) out.push(`chart version '${tag}' in ${where(source)} is not exact (x.y.z)`);
      else if (source.object.kind === 'OCIRepository' && at(source.object, 'spec', 'verify', 'provider') !== 'cosign') out.push(`chart from ${where(source)} is not cosign-verified`);
    } else if (!EXACT.test(String(at(spec, 'chart', 'spec', 'version')))) {
      out.push(`chart version '${String(at(spec, 'chart', 'spec', 'version'))}' is not exact (x.y.z)`);
    }
    const above0 = (value: unknown) => typeof value === 'number' && value > 0;
    if (!above0(at(spec, 'install', 'remediation', 'retries'))) out.push('install.remediation.retries is not set above 0');
    if (!above0(at(spec, 'upgrade', 'remediation', 'retries'))) out.push('upgrade.remediation.retries is not set above 0');
    if (at(spec, 'upgrade', 'remediation', 'strategy') !== 'rollback') out.push("upgrade.remediation.strategy is not 'rollback'");
    if (!at(spec, 'timeout')) out.push('has no timeout');
    if (!at(spec, 'interval')) out.push('has no interval');
    out.push(...imageProblems(at(spec, 'values'), 'values'));
    return out.map((problem) => `${where(p)}: ${problem}`);
  });
}

/** Image tags in chart values: pinned, never `latest`. */
function imageProblems(node: unknown, path: string): string[] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${path}.${key}`;
    if (key === 'tag' && typeof value !== 'object' && !EXACT.test(String(value))) return [`${here} '${String(value)}' is not a pinned version`];
    if (key === 'image' && typeof value === 'string' && !/:v?\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$|@sha256:[0-9a-f]{64}$/.test(value)) {
      return [`${here} '${value}' is not pinned to a version or digest`];
    }
    return imageProblems(value, here);
  });
}

/** Namespaced objects live in a namespace of their own, never `default` (CKV_K8S_21). */
export function namespaceProblems(placed: readonly Placed[]): string[] {
  return placed
    .filter((p) => !CLUSTER_SCOPED.includes(String(p.object.kind)) && [undefined, 'default'].includes(at(p.object, 'metadata', 'namespace') as string | undefined))
    .map((p) => `${where(p)}: is not in a namespace of its own`);
}

/** podinfo's pod and container hardening, requests and limits, and its HTTPS ingress. */
export function podinfoProblems(placed: readonly Placed[]): string[] {
  const release = placed.find((p) => isFlux(p, 'helm', 'HelmRelease') && at(p.object, 'metadata', 'name') === 'podinfo');
  if (!release) return ['no HelmRelease podinfo in the rendered tree'];
  const v = at(release.object, 'spec', 'values');
  const pod = at(v, 'podSecurityContext');
  const container = at(v, 'securityContext');
  const out: string[] = [];
  // The chart's default image is the one it was released with; an image value would stay behind when the chart is bumped.
  if (at(v, 'image') !== undefined) out.push('values.image is set; the chart version alone picks the image');
  const numeric = (n: unknown) => Number.isInteger(n) && (n as number) > 0;
  const both = (key: string) => [at(pod, key), at(container, key)];
  if (both('runAsNonRoot').some((x) => x !== true)) out.push('runAsNonRoot is not true for pod and container');
  if (!both('runAsUser').every(numeric)) out.push('runAsUser is not a numeric non-root UID');
  if (!both('runAsGroup').every(numeric)) out.push('runAsGroup is not a numeric non-root GID');
  if (at(container, 'readOnlyRootFilesystem') !== true) out.push('readOnlyRootFilesystem is not true');
  const patches = list(release.object, 'spec', 'postRenderers').flatMap((r) => list(r, 'kustomize', 'patches'));
  const noToken = patches.some(
    (p) =>
      at(p, 'target', 'kind') === 'Deployment' &&
      /path: \/spec\/template\/spec\/automountServiceAccountToken\s+value: false/.test(String(at(p, 'patch'))),
  );
  if (!noToken) out.push('the Deployment still mounts a service account token (postRenderers patch automountServiceAccountToken: false)');
  if (at(container, 'allowPrivilegeEscalation') !== false) out.push('allowPrivilegeEscalation is not false');
  if (JSON.stringify(at(container, 'capabilities', 'drop')) !== '["ALL"]') out.push('capabilities.drop is not [ALL]');
  for (const [name, ctx] of [['pod', pod], ['container', container]] as const) {
    if (at(ctx, 'seccompProfile', 'type') !== 'RuntimeDefault') out.push(`${name} seccompProfile is not RuntimeDefault`);
  }
  for (const kind of ['requests', 'limits']) {
    for (const resource of ['cpu', 'memory']) if (!at(v, 'resources', kind, resource)) out.push(`resources.${kind}.${resource} is not set`);
  }
  const ingress = at(v, 'ingress');
  const annotation = (name: string) => at(ingress, 'annotations', `alb.ingress.kubernetes.io/${name}`);
  if (at(ingress, 'enabled') !== true || at(ingress, 'className') !== 'alb') out.push('ingress is not enabled on the alb class');
  if (annotation('certificate-arn') !== '${ACM_CERT_ARN}') out.push('ingress does not use ${ACM_CERT_ARN}');
  if (!String(annotation('listen-ports')).includes('"HTTPS": 443')) out.push('ingress does not listen on HTTPS 443');
  if (at(ingress, 'hosts', 0, 'host') !== 'podinfo.${CLUSTER_DOMAIN}') out.push('ingress host is not podinfo.${CLUSTER_DOMAIN}');
  return out.map((problem) => `${where(release)}: ${problem}`);
}

/** Overlays under flux/apps/<context>/ patch only the podinfo values that differ between contexts. */
export function overlayProblems(root: string): string[] {
  const files = yamlFiles(root, 'flux/apps').filter((f) => !f.startsWith('flux/apps/base/') && !f.endsWith('kustomization.yaml'));
  return files.flatMap((file) =>
    parseFile(root, file).flatMap((patch) => {
      const keys = (node: unknown) => Object.keys(node !== null && typeof node === 'object' ? node : {});
      const extraSpec = keys(at(patch, 'spec')).filter((key) => key !== 'values').map((key) => `${file}: patches spec.${key}; keep it in the base`);
      const extraValues = keys(at(patch, 'spec', 'values'))
        .filter((key) => !OVERLAY_VALUES.includes(key))
        .map((key) => `${file}: patches values.${key}; overlays hold only ${OVERLAY_VALUES.join(', ')}`);
      return [...extraSpec, ...extraValues];
    }),
  );
}

/** ExternalDNS 0.22 reads only the GA annotation prefix; an `.alpha.` annotation is silently ignored. */
export function annotationPrefixProblems(root: string): string[] {
  return yamlFiles(root)
    .filter((file) => readFileSync(join(root, file), 'utf8').includes('external-dns.alpha.kubernetes.io/'))
    .map((file) => `${file}: external-dns.alpha.kubernetes.io/ annotations are ignored by ExternalDNS 0.22; use external-dns.kubernetes.io/`);
}

/** `${VAR}` names used under flux/, with the files that use them. */
export function variablesUsed(root: string): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of yamlFiles(root)) {
    for (const [, name] of readFileSync(join(root, file), 'utf8').matchAll(/\$\{([A-Za-z0-9_]+)\}/g)) {
      used.set(name, [...(used.get(name) ?? []), file]);
    }
  }
  return used;
}

/** Every variable is a cluster-vars key, and every key is used. */
export function variableProblems(root: string, keys: readonly string[]): string[] {
  const used = variablesUsed(root);
  const unknown = [...used].filter(([name]) => !keys.includes(name)).flatMap(([name, files]) => files.map((f) => `${f}: \${${name}} is not a cluster-vars key`));
  const unused = keys.filter((key) => !used.has(key)).map((key) => `cluster-vars key ${key} is used nowhere under flux/`);
  return [...unknown, ...unused];
}
