import type { SupportType } from './kubernetes';

/** The built-in node pools of EKS Auto Mode. */
export type NodePool = 'general-purpose' | 'system';

/** Key types Flux can use for its Git deploy key. */
export type DeployKeyAlgorithm = 'ED25519' | 'ECDSA-P384';

/** How many NAT gateways the created VPC gets: one shared, or one per availability zone. */
export type NatGateways = 'single' | 'per-az';

/** A VPC created by the amc stack. */
export interface CreatedNetwork {
  readonly mode: 'create';
  /** @default '10.0.0.0/16' */
  readonly vpcCidr?: string;
  /** Exactly three zones of the region. @default [`${region}a`, `${region}b`, `${region}c`] */
  readonly availabilityZones?: readonly string[];
  /** One per zone, /24 or larger, for internet-facing load balancers. @default 10.0.0.0/24, 10.0.1.0/24, 10.0.2.0/24 */
  readonly publicSubnetCidrs?: readonly string[];
  /** One per zone, for nodes and pods. @default 10.0.16.0/20, 10.0.32.0/20, 10.0.48.0/20 */
  readonly privateSubnetCidrs?: readonly string[];
  /** @default 'single' */
  readonly natGateways?: NatGateways;
  /** Days to keep VPC flow logs (a CloudWatch Logs retention period); unset: no flow logs. */
  readonly flowLogRetentionDays?: number;
}

/** A created VPC with its defaults filled in; flow logs stay optional (off when unset). */
export type CreatedNetworkConfig = Required<Omit<CreatedNetwork, 'flowLogRetentionDays'>> & { readonly flowLogRetentionDays?: number };

/** An existing VPC, as in the HCL original; its subnets must carry the kubernetes.io/role tags. */
export interface ExistingNetwork {
  readonly mode: 'existing';
  readonly vpcId: string;
  /** Subnets for nodes, in at least two zones. */
  readonly privateSubnetIds: readonly string[];
}

/** The contexts amc knows. */
export type ContextName = 'dev' | 'prod';

/** Which role a synth's providers and backends assume: the deploy role, or the read-only plan role (TFT_ROLE). */
export type RunRole = 'deploy' | 'plan';

/** What a user writes in config/<context>.ts. Optional fields have the documented defaults. */
export interface ContextInput {
  /** The context; also the stack-id suffix. */
  readonly name: ContextName;
  readonly aws: {
    /** Required. The 12-digit account the stacks deploy into (the provider refuses any other). */
    readonly accountId: string;
    /** Required. */
    readonly region: string;
    /**
     * The role Terraform assumes for state, AWS and the cluster token. Set it only to use a role of your own.
     * @default the role amc-bootstrap-<context> makes: `arn:aws:iam::<accountId>:role/amc-<context>-terraform`
     */
    readonly terraformRoleArn?: string;
    /**
     * The read-only role merge-request pipelines plan as (TFT_ROLE=plan). Set it only to use a role of your own.
     * @default the role amc-bootstrap-<context> makes: `arn:aws:iam::<accountId>:role/amc-<context>-plan`
     */
    readonly planRoleArn?: string;
    /**
     * The other contexts that live in this account too. Separate accounts are the default; sharing one is a choice each
     * context of the account states, because their roles then share what IAM cannot scope (README: Shared accounts).
     * @default [] (no other context in this account)
     */
    readonly sharesAccountWith?: readonly ContextName[];
  };
  /**
   * IAM role of the humans who administer the cluster (AmazonEKSClusterAdminPolicy). Set it only to use a role of your own.
   * @default the role amc-bootstrap-<context> makes: `arn:aws:iam::<accountId>:role/amc-<context>-admin`
   */
  readonly adminRoleArn?: string;
  readonly dns: {
    /** Required. The parent domain; the cluster's zone is `<context>.<parentDomain>` unless clusterZone says otherwise. */
    readonly parentDomain: string;
    /** Hosted zone id of the parent domain; when set, NS delegation records are created in it. */
    readonly parentZoneId?: string;
    /** @default `${name}.${parentDomain}` */
    readonly clusterZone?: string;
  };
  readonly state: {
    /** Required. S3 bucket for this context's state (versioning and encryption on: it holds the Flux private key). */
    readonly bucket: string;
    /** @default aws.region */
    readonly region?: string;
    /** The account that holds the bucket; the article recommends one of its own. @default aws.accountId */
    readonly accountId?: string;
    /** A role in state.accountId that the bootstrap assumes to make the bucket, when that account is another one. */
    readonly bootstrapRoleArn?: string;
    /** Days S3 keeps replaced and deleted state versions. @default 90 */
    readonly noncurrentVersionDays?: number;
  };
  readonly network?: CreatedNetwork | ExistingNetwork;
  readonly cluster: {
    /**
     * Kubernetes major.minor: in EKS standard support on the day of synth (or extended, with supportType 'EXTENDED'), and
     * supported by the Flux we install (EKS_VERSIONS and FLUX_SUPPORT in config/kubernetes.ts). @default '1.35'
     */
    readonly version?: string;
    /**
     * EKS's upgrade policy. 'STANDARD': synth refuses a version past its end of standard support, and EKS upgrades such a
     * cluster itself. 'EXTENDED': the cluster may stay up to 12 months longer, at extended support's price (USD 0.60
     * instead of 0.10 per cluster hour). @default 'STANDARD'
     */
    readonly supportType?: SupportType;
    /** Built-in pools; an empty list runs Auto Mode with custom node pools only. @default ['general-purpose', 'system'] */
    readonly nodePools?: readonly NodePool[];
    /**
     * Required. CIDRs allowed to reach the public API endpoint: they must cover where Terraform runs (the flux stack
     * talks to the API) and your admins. Empty turns the public endpoint off; then only a machine inside the VPC can
     * deploy amc-flux.
     */
    readonly publicAccessCidrs: readonly string[];
    /** Give the identity that creates the cluster admin access too. @default false */
    readonly creatorAdmin?: boolean;
    /** Control-plane log retention, one of CloudWatch's allowed values. @default 90 */
    readonly logRetentionDays?: number;
    /** @default false */
    readonly deletionProtection?: boolean;
  };
  readonly gitlab: {
    /** Required. `group/project` of this repository on GitLab. */
    readonly projectPath: string;
    /** Branch Flux syncs from. */
    readonly branch: string;
    /** SSH host of the GitLab instance. @default 'gitlab.com' */
    readonly host?: string;
    /** API base URL for self-managed GitLab. @default 'https://gitlab.com/api/v4/' */
    readonly baseUrl?: string;
    /** Pinned `known_hosts` lines; self-managed hosts need their own. @default gitlab.com's published host keys */
    readonly knownHosts?: readonly string[];
    /** @default 'ED25519' */
    readonly keyAlgorithm?: DeployKeyAlgorithm;
    /** Raise by one to rotate the deploy key (README: "Rotate the deploy key"). @default 1 */
    readonly keyGeneration?: number;
    /**
     * The GitLab agent for Kubernetes, through which CI jobs reach the cluster (README, Cluster access from CI). Its
     * configuration lives in a project of its own, never this one: GitLab lets every job of an agent's configuration
     * project use the agent as itself, merge-request pipelines of any branch included (GitLab docs: using GitLab CI/CD
     * with a Kubernetes cluster), while the jobs of projects it authorizes get only what ci_access grants them.
     */
    readonly agent: {
      /** Required. `group/project` that holds `.gitlab/agents/<agent>/config.yaml`; amc-gitlab writes the file. */
      readonly projectPath: string;
      /** That project's default branch, which the agent server reads the configuration from. @default 'main' */
      readonly branch?: string;
      /** The agent server (KAS). @default 'wss://kas.gitlab.com' on gitlab.com, else `wss://<host>/-/kubernetes-agent/` */
      readonly kasAddress?: string;
      /** Raise by one to rotate the agent's token. @default 1 */
      readonly tokenGeneration?: number;
    };
    /** GitLab CI's OpenID Connect identity, which the Terraform role trusts instead of stored AWS keys. */
    readonly oidc?: {
      /** The issuer: the GitLab instance's URL. @default `https://${host}` */
      readonly url?: string;
      /** The `aud` of the jobs' id_tokens. @default the url */
      readonly audience?: string;
      /**
       * An account holds one provider per URL: exactly one context of an account creates it, the others use it.
       * @default 'create'
       */
      readonly provider?: 'create' | 'existing';
    };
  };
  /** Per-context decisions about the security rules of policy/rules.ts (README: Security rules). */
  readonly policy?: {
    /**
     * Rules not followed in this context, each with the reason and a path: the stack as TFT_STACK names it, then the
     * construct path inside it, such as `amc/eks/logs`. @default []
     */
    readonly suppressions?: readonly { readonly rule: string; readonly path: string; readonly reason: string }[];
  };
  /** What amc-bootstrap-<context> makes the roles trust. */
  readonly bootstrap: {
    /** Required. Who may assume the admin role: IAM roles (your SSO administrators', say), or IAM users, with MFA. */
    readonly adminPrincipals: readonly string[];
    /**
     * Required for laptop deploys. Who may also assume the Terraform role and the plan role from a laptop: IAM roles
     * (your SSO platform engineers', say) rather than IAM users, as Terraform cannot prompt for MFA. @default [] (GitLab CI only)
     */
    readonly terraformPrincipals?: readonly string[];
    /**
     * Required. Who runs this bootstrap and may read and write state and the deploy-key secret directly (break glass):
     * the bucket and secret policies deny everyone else but the context's deploy and plan roles.
     */
    readonly breakGlassPrincipals: readonly string[];
  };
  readonly flux?: {
    /** Exact chart versions. @default the versions in config/defaults.ts */
    readonly flux2ChartVersion?: string;
    readonly flux2SyncChartVersion?: string;
    /** How often Flux polls Git and reapplies. @default '5m' */
    readonly interval?: string;
  };
}

/** A context with every default filled in: what stacks and validation read. */
export interface ContextConfig {
  readonly name: ContextInput['name'];
  readonly aws: Required<ContextInput['aws']>;
  readonly adminRoleArn: string;
  readonly dns: { readonly parentDomain: string; readonly parentZoneId?: string; readonly clusterZone: string };
  readonly state: Required<Omit<ContextInput['state'], 'bootstrapRoleArn'>> & { readonly bootstrapRoleArn?: string };
  readonly network: CreatedNetworkConfig | ExistingNetwork;
  readonly cluster: Required<ContextInput['cluster']>;
  readonly gitlab: Required<Omit<ContextInput['gitlab'], 'oidc' | 'agent'>> & {
    readonly oidc: Required<NonNullable<ContextInput['gitlab']['oidc']>>;
    readonly agent: Required<ContextInput['gitlab']['agent']>;
  };
  readonly policy: Required<NonNullable<ContextInput['policy']>>;
  readonly bootstrap: Required<ContextInput['bootstrap']> & {
    /** Whether amc-bootstrap makes each role, or aws.terraformRoleArn / aws.planRoleArn / adminRoleArn name your own. */
    readonly terraformRole: boolean;
    readonly planRole: boolean;
    readonly adminRole: boolean;
  };
  readonly flux: Required<NonNullable<ContextInput['flux']>>;
}

/** Settings of one synth run, from the TFT_* environment variables. */
export interface RunSettings {
  /** An extra, disposable copy: names, tags and state keys carry it. */
  readonly edition?: string;
  /** false: local state files instead of S3. */
  readonly remoteBackend: boolean;
  /** The role providers and backends assume. @default 'deploy' */
  readonly role?: RunRole;
  /**
   * A kube context to reach the cluster through instead of the EKS endpoint: the GitLab agent's, in a CI job's KUBECONFIG
   * (scripts/ci-cluster.sh). The flux stack's providers then read the kubeconfig that KUBE_CONFIG_PATH names.
   */
  readonly kubeContext?: string;
}
