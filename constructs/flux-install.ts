import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Release } from '@cdktf/provider-helm/lib/release';

export const FLUX_CHARTS = 'https://fluxcd-community.github.io/helm-charts';
export const FLUX_NAMESPACE = 'flux-system';
/** Name of the Git secret, the GitRepository and the root Kustomization, as `flux bootstrap` would name them. */
export const FLUX_SYNC_NAME = 'flux-system';
export const CLUSTER_VARS = 'cluster-vars';

export interface FluxInstallProps {
  /** Exact versions of the fluxcd-community charts. */
  readonly flux2ChartVersion: string;
  readonly flux2SyncChartVersion: string;
  /** `ssh://git@<host>/<project>.git` */
  readonly gitUrl: string;
  /** Always set: the chart's default is `master`. */
  readonly branch: string;
  /** Directory Flux applies, such as `./flux/clusters/dev`. */
  readonly path: string;
  readonly interval: string;
  /** Contents of the Git secret: private key, public key, known_hosts. */
  readonly gitCredentials: { readonly identity: string; readonly identityPub: string; readonly knownHosts: string };
  /** Cluster facts for Flux's `postBuild.substituteFrom`. */
  readonly clusterVars: Record<string, string>;
  /** What the synced tree needs before its first reconcile, such as a Secret a HelmRelease mounts. */
  readonly syncAfter?: ITerraformDependable[];
}

/** Flux from Helm charts, syncing one path of one branch, without `flux bootstrap` and without CRDs at plan time. */
export class FluxInstall extends Construct {
  readonly flux: Release;
  readonly sync: Release;

  constructor(scope: Construct, id: string, props: FluxInstallProps) {
    super(scope, id);
    const namespace = new NamespaceV1(this, 'namespace', { metadata: { name: FLUX_NAMESPACE } });
    const ns = namespace.metadata.name;

    const secret = new SecretV1(this, 'git-secret', {
      metadata: { name: FLUX_SYNC_NAME, namespace: ns },
      data: {
        identity: props.gitCredentials.identity,
        'identity.pub': props.gitCredentials.identityPub,
        known_hosts: props.gitCredentials.knownHosts,
      },
    });
    const vars = new ConfigMapV1(this, 'cluster-vars', { metadata: { name: CLUSTER_VARS, namespace: ns }, data: props.clusterVars });

    this.flux = new Release(this, 'flux2', {
      name: 'flux2',
      namespace: ns,
      repository: FLUX_CHARTS,
      chart: 'flux2',
      version: props.flux2ChartVersion,
      atomic: true,
      timeout: 600,
    });
    // GitRepository and Kustomization come from a chart, so their CRDs need not exist at plan time (terraform-provider-kubernetes #1917).
    this.sync = new Release(this, 'flux2-sync', {
      name: FLUX_SYNC_NAME,
      namespace: ns,
      repository: FLUX_CHARTS,
      chart: 'flux2-sync',
      version: props.flux2SyncChartVersion,
      values: [
        JSON.stringify({
          gitRepository: {
            spec: { url: props.gitUrl, ref: { branch: props.branch }, secretRef: { name: FLUX_SYNC_NAME }, interval: props.interval },
          },
          kustomization: { spec: { path: props.path, prune: true, interval: props.interval, timeout: '5m', retryInterval: '1m' } },
        }),
      ],
      dependsOn: [this.flux, secret, vars, ...(props.syncAfter ?? [])],
    });
  }
}
