import { bootstrapRoles } from './naming';
import type { ContextConfig, ContextInput } from './types';

/** gitlab.com's published SSH host keys, every type, so no key algorithm breaks the sync. */
export const GITLAB_COM_KNOWN_HOSTS: readonly string[] = [
  'gitlab.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAfuCHKVTjquxvt6CM6tdG4SLp1Btn/nOeHHE5UOzRdf',
  'gitlab.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFSMqzJeV9rUzU4kWitGjeR4PWSa29SPqJ1fVkhtj3Hw9xjLVXVYrU9QlYWrOLXBpQ6KWjbjTDTdDkoohFzgbEY=',
  'gitlab.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCsj2bNKTBSpIYDEGk9KxsGh3mySTRgMtXL583qmBpzeQ+jqCMRgBqB98u3z++J1sKlXHWfM9dyhSevkMwSbhoR8XIq/U0tCNyokEi/ueaBMCvbcTHhO7FcwzY92WK4Yt0aGROY5qX2UKSeOvuP4D6TPqKF1onrSzH9bx9XUf2lEdWT/ia1NEKjunUqu1xOB/StKDHMoX4/OKyIzuS0q/T1zOATthvasJFoPrAjkohTyaDUz2LN5JoH839hViyEG82yB+MjcFV5MU3N1l1QL3cVUCh93xSaua1N85qivl+siMkPGbO5xR/En4iEY6K2XPASUEMaieWVNTRCtJ4S8H+9',
];

/** Fills every default of a context; values that are the same everywhere live here, not in dev.ts or prod.ts. */
export function withDefaults(input: ContextInput): ContextConfig {
  const region = input.aws.region;
  // Stryker disable next-line ObjectLiteral,StringLiteral: equivalent, only mode 'existing' is read from this fallback.
  const network = input.network ?? { mode: 'create' };
  const role = (name: keyof ReturnType<typeof bootstrapRoles>) =>
    `arn:aws:iam::${input.aws.accountId}:role/${bootstrapRoles(input.name)[name]}`;
  const host = input.gitlab.host ?? 'gitlab.com';
  const oidcUrl = input.gitlab.oidc?.url ?? `https://${host}`;
  return {
    name: input.name,
    aws: {
      accountId: input.aws.accountId,
      region: input.aws.region,
      terraformRoleArn: input.aws.terraformRoleArn ?? role('terraform'),
      planRoleArn: input.aws.planRoleArn ?? role('plan'),
      sharesAccountWith: input.aws.sharesAccountWith ?? [],
    },
    adminRoleArn: input.adminRoleArn ?? role('admin'),
    dns: {
      ...input.dns,
      clusterZone: input.dns.clusterZone ?? `${input.name}.${input.dns.parentDomain}`,
    },
    state: {
      bucket: input.state.bucket,
      region: input.state.region ?? region,
      accountId: input.state.accountId ?? input.aws.accountId,
      bootstrapRoleArn: input.state.bootstrapRoleArn,
      noncurrentVersionDays: input.state.noncurrentVersionDays ?? 90,
    },
    network:
      network.mode === 'existing'
        ? network
        : {
            mode: 'create',
            vpcCidr: network.vpcCidr ?? '10.0.0.0/16',
            availabilityZones: network.availabilityZones ?? ['a', 'b', 'c'].map((zone) => `${region}${zone}`),
            publicSubnetCidrs: network.publicSubnetCidrs ?? ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
            privateSubnetCidrs: network.privateSubnetCidrs ?? ['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20'],
            natGateways: network.natGateways ?? 'single',
            flowLogRetentionDays: network.flowLogRetentionDays,
          },
    cluster: {
      // The newest minor EKS and our Flux both support (newestSupported() in config/kubernetes.ts; a test ties them).
      version: input.cluster.version ?? '1.35', // renovate: datasource=endoflife-date depName=amazon-eks
      supportType: input.cluster.supportType ?? 'STANDARD',
      nodePools: input.cluster.nodePools ?? ['general-purpose', 'system'],
      publicAccessCidrs: input.cluster.publicAccessCidrs,
      creatorAdmin: input.cluster.creatorAdmin ?? false,
      logRetentionDays: input.cluster.logRetentionDays ?? 90,
      deletionProtection: input.cluster.deletionProtection ?? false,
    },
    gitlab: {
      projectPath: input.gitlab.projectPath,
      branch: input.gitlab.branch,
      host,
      baseUrl: input.gitlab.baseUrl ?? 'https://gitlab.com/api/v4/',
      knownHosts: input.gitlab.knownHosts ?? GITLAB_COM_KNOWN_HOSTS,
      keyAlgorithm: input.gitlab.keyAlgorithm ?? 'ED25519',
      keyGeneration: input.gitlab.keyGeneration ?? 1,
      agent: {
        // Optional chaining only so that a context without the (Required) block gets validate's message, not a TypeError.
        projectPath: input.gitlab.agent?.projectPath,
        branch: input.gitlab.agent?.branch ?? 'main',
        // GitLab docs, installing the agent: GitLab.com's agent server is wss://kas.gitlab.com; a self-managed
        // instance serves it under /-/kubernetes-agent/ of its own host.
        kasAddress:
          input.gitlab.agent?.kasAddress ?? (host === 'gitlab.com' ? 'wss://kas.gitlab.com' : `wss://${host}/-/kubernetes-agent/`),
        tokenGeneration: input.gitlab.agent?.tokenGeneration ?? 1,
      },
      oidc: { url: oidcUrl, audience: input.gitlab.oidc?.audience ?? oidcUrl, provider: input.gitlab.oidc?.provider ?? 'create' },
    },
    policy: { suppressions: input.policy?.suppressions ?? [] },
    bootstrap: {
      adminPrincipals: input.bootstrap.adminPrincipals,
      terraformPrincipals: input.bootstrap.terraformPrincipals ?? [],
      breakGlassPrincipals: input.bootstrap.breakGlassPrincipals,
      terraformRole: input.aws.terraformRoleArn === undefined,
      planRole: input.aws.planRoleArn === undefined,
      adminRole: input.adminRoleArn === undefined,
    },
    flux: {
      // fluxcd-community/helm-charts: flux2 2.18.3 and flux2-sync 1.14.5 ship Flux 2.8.5.
      flux2ChartVersion: input.flux?.flux2ChartVersion ?? '2.18.3',
      flux2SyncChartVersion: input.flux?.flux2SyncChartVersion ?? '1.14.5',
      interval: input.flux?.interval ?? '5m',
    },
  };
}
