import { Construct } from 'constructs';
import { Fn, TerraformStack } from 'cdktf';
import { DataAwsAcmCertificate } from '@cdktf/provider-aws/lib/data-aws-acm-certificate';
import { DataAwsEksCluster } from '@cdktf/provider-aws/lib/data-aws-eks-cluster';
import { DataAwsIamRole } from '@cdktf/provider-aws/lib/data-aws-iam-role';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { DataAwsSecretsmanagerSecretVersion } from '@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ConfigError, names, runRoleArn, type ContextConfig, type RunSettings } from '../config';
import { FluxInstall } from '../constructs/flux-install';
import { AGENT_NAMESPACE, AGENT_TOKEN_SECRET } from '../constructs/gitlab-agent';
import { refusePlaceholders, useAws, useBackend } from './common';

/** The directory of this repository that a context's cluster syncs. */
export function syncPath(config: ContextConfig): string {
  return `./flux/clusters/${config.name}`;
}

/** `amc-flux-<ctx>`: Flux on the cluster, syncing this repository; everything upstream is found by name. */
export class FluxStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: ContextConfig, settings: RunSettings) {
    super(scope, id);
    useBackend(this, id, config, settings);
    useAws(this, id, config, settings);
    refusePlaceholders(this, config);
    const name = names(config, settings);

    const cluster = new DataAwsEksCluster(this, 'cluster', { name: name.cluster });
    this.useKubernetes(config, settings, cluster);

    const key = new DataAwsSecretsmanagerSecretVersion(this, 'deploy-key', { secretId: name.deployKeySecret });
    const credential = (field: string) => Fn.lookup(Fn.jsondecode(key.secretString), field, '');
    // The ingress needs an issued certificate. Without automatic delegation (dns.parentZoneId), it issues only once a
    // human has delegated the zone: refuse at plan, within seconds, saying how, instead of failing on the ALB later.
    const zone = new DataAwsRoute53Zone(this, 'zone', { name: name.zone, privateZone: false });
    const certificate = new DataAwsAcmCertificate(this, 'certificate', {
      domain: name.certificateDomain,
      statuses: ['ISSUED', 'PENDING_VALIDATION'],
      mostRecent: true,
      lifecycle: {
        postcondition: [
          {
            condition: '${self.status == "ISSUED"}',
            errorMessage:
              `Certificate ${name.certificateDomain} is \${self.status}, not ISSUED: ACM issues it once ${name.zone} is ` +
              `delegated from ${config.dns.parentDomain}. Add NS records for ${name.zone} with ` +
              `${Fn.join(', ', zone.nameServers)} to the parent zone (or set dns.parentZoneId), wait for ISSUED, then plan again.`,
          },
        ],
      },
    });
    const externalDns = new DataAwsIamRole(this, 'external-dns-role', { name: name.externalDnsRole });

    // The GitLab agent's namespace and token; Flux installs the agent itself (flux/infrastructure/controllers/gitlab-agent),
    // once the token is there for it to mount.
    // Restricted, the strictest Pod Security level: the agent runs as non-root with no capabilities (its HelmRelease).
    const agentNamespace = new NamespaceV1(this, 'agent-namespace', {
      metadata: {
        name: AGENT_NAMESPACE,
        labels: Object.fromEntries(['enforce', 'audit', 'warn'].map((mode) => [`pod-security.kubernetes.io/${mode}`, 'restricted'])),
      },
    });
    const agentToken = new DataAwsSecretsmanagerSecretVersion(this, 'agent-token', { secretId: name.agentTokenSecret });
    const agentSecret = new SecretV1(this, 'agent-token-secret', {
      metadata: { name: AGENT_TOKEN_SECRET, namespace: agentNamespace.metadata.name },
      data: { token: Fn.lookup(Fn.jsondecode(agentToken.secretString), 'token', '') },
    });

    new FluxInstall(this, 'flux', {
      flux2ChartVersion: config.flux.flux2ChartVersion,
      flux2SyncChartVersion: config.flux.flux2SyncChartVersion,
      gitUrl: `ssh://git@${config.gitlab.host}/${config.gitlab.projectPath}.git`,
      branch: config.gitlab.branch,
      path: syncPath(config),
      interval: config.flux.interval,
      gitCredentials: { identity: credential('identity'), identityPub: credential('identity.pub'), knownHosts: credential('known_hosts') },
      clusterVars: {
        CONTEXT: config.name,
        EDITION: settings.edition ?? 'default',
        CLUSTER_NAME: name.cluster,
        AWS_REGION: config.aws.region,
        CLUSTER_DOMAIN: name.zone,
        ACM_CERT_ARN: certificate.arn,
        EXTERNAL_DNS_ROLE_ARN: externalDns.arn,
        GITLAB_KAS_ADDRESS: config.gitlab.agent.kasAddress,
      },
      syncAfter: [agentSecret],
    });
  }

  /**
   * The kubernetes and helm providers. Through the GitLab agent (settings.kubeContext, a CI job's KUBECONFIG): that kube
   * context only; both providers read the file from KUBE_CONFIG_PATH (terraform-provider-kubernetes and -helm docs:
   * config_path's environment variable), so no job's path is synthesized. Otherwise the EKS endpoint, from the cluster
   * data source and a fresh token (terraform-aws-eks #2501).
   */
  private useKubernetes(config: ContextConfig, settings: RunSettings, cluster: DataAwsEksCluster) {
    const name = names(config, settings);
    if (settings.kubeContext !== undefined) {
      if (settings.kubeContext !== name.agentKubeContext) {
        throw new ConfigError('environment', [
          `TFT_KUBE_CONTEXT: '${settings.kubeContext}' is not the GitLab agent of ${name.cluster} ('${name.agentKubeContext}')`,
        ]);
      }
      new KubernetesProvider(this, 'kubernetes', { configContext: settings.kubeContext });
      new HelmProvider(this, 'helm', { kubernetes: { configContext: settings.kubeContext } });
      return;
    }
    const connection = {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
    };
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: [
        'eks',
        'get-token',
        '--cluster-name',
        name.cluster,
        '--region',
        config.aws.region,
        '--role-arn',
        runRoleArn(config, settings),
        '--output',
        'json',
      ],
    };
    new KubernetesProvider(this, 'kubernetes', { ...connection, exec: [exec] });
    new HelmProvider(this, 'helm', { kubernetes: { ...connection, exec } });
  }
}
