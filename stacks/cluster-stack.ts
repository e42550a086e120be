import { Construct } from 'constructs';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { DataAwsEksAddonVersion } from '@cdktf/provider-aws/lib/data-aws-eks-addon-version';
import { EksAddon, type EksAddonConfig } from '@cdktf/provider-aws/lib/eks-addon';
import { contextKeyAlias, names, stackIds, workloadBoundaryArn, type ContextConfig, type RunSettings } from '../config';
import { AutoModeCluster, CLUSTER_ROLE_POLICIES, NODE_ROLE_POLICIES } from '../constructs/auto-mode-cluster';
import { ClusterDns } from '../constructs/cluster-dns';
import { IrsaRole } from '../constructs/irsa-role';
import { Network } from '../constructs/network';
import { refusePlaceholders, useAws, useBackend } from './common';

/** Where the CloudWatch Observability add-on runs its agent (not the other way round, as the HCL original had it). */
export const CLOUDWATCH_AGENT = { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent' } as const;
const CLOUDWATCH_AGENT_POLICIES = ['CloudWatchAgentServerPolicy', 'AWSXrayWriteOnlyAccess'].map((p) => `arn:aws:iam::aws:policy/${p}`);

/** Every managed policy this stack attaches: the only ones the deploy role may attach (iam:PolicyARN). */
export const ATTACHABLE_POLICIES: readonly string[] = [...CLUSTER_ROLE_POLICIES, ...NODE_ROLE_POLICIES, ...CLOUDWATCH_AGENT_POLICIES];
export const EXTERNAL_DNS = { namespace: 'external-dns', serviceAccount: 'external-dns' } as const;

/** `amc-<ctx>`: network, DNS, and the EKS Auto Mode cluster with its IAM, IRSA roles and add-on. */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: ContextConfig, settings: RunSettings) {
    super(scope, id);
    useBackend(this, id, config, settings);
    useAws(this, id, config, settings);
    refusePlaceholders(this, config);
    const name = names(config, settings);
    // Every role here carries the context's workload boundary: the deploy role may make no other kind.
    const permissionsBoundary = workloadBoundaryArn(config);

    const subnetIds =
      config.network.mode === 'existing'
        ? [...config.network.privateSubnetIds]
        : new Network(this, 'network', {
            name: name.vpc,
            cidr: config.network.vpcCidr,
            availabilityZones: config.network.availabilityZones,
            publicSubnetCidrs: config.network.publicSubnetCidrs,
            privateSubnetCidrs: config.network.privateSubnetCidrs,
            // Editions use one NAT gateway: per-AZ NAT plus another copy passes the default quota of 5 Elastic IPs a region.
            natGateways: settings.edition ? 'single' : config.network.natGateways,
            flowLogRetentionDays: config.network.flowLogRetentionDays,
            accountId: config.aws.accountId,
            region: config.aws.region,
            permissionsBoundary,
          }).privateSubnets.map((subnet) => subnet.id);

    const dns = new ClusterDns(this, 'dns', {
      zoneName: name.zone,
      parentZoneId: config.dns.parentZoneId,
      forceDestroy: settings.edition !== undefined,
    });

    // The context's key, made by amc-bootstrap and found by its alias (hand-off by name).
    const key = new DataAwsKmsAlias(this, 'key', { name: contextKeyAlias(config.name) });
    const eks = new AutoModeCluster(this, 'eks', {
      name: name.cluster,
      kmsKeyArn: key.targetKeyArn,
      version: config.cluster.version,
      supportType: config.cluster.supportType,
      subnetIds,
      nodePools: config.cluster.nodePools,
      publicAccessCidrs: config.cluster.publicAccessCidrs,
      clusterAdmins: clusterAdmins(config),
      creatorAdmin: config.cluster.creatorAdmin,
      logRetentionDays: config.cluster.logRetentionDays,
      // An edition is disposable: it must destroy without a deploy to lift the protection first.
      deletionProtection: settings.edition ? false : config.cluster.deletionProtection,
      permissionsBoundary,
    });

    const agent = new IrsaRole(this, 'cloudwatch-agent', {
      name: name.cloudwatchAgentRole,
      oidcProvider: eks.oidcProvider,
      ...CLOUDWATCH_AGENT,
      managedPolicyArns: CLOUDWATCH_AGENT_POLICIES,
      permissionsBoundary,
    });
    // Each add-on at the newest version EKS publishes for the cluster's Kubernetes version: a cluster upgrade, or a new
    // add-on release, shows up in the plan as an addon_version change instead of the version it was created with.
    const addon = (id: string, props: Omit<EksAddonConfig, 'clusterName' | 'addonVersion'>) =>
      new EksAddon(this, id, {
        clusterName: eks.cluster.name,
        addonVersion: new DataAwsEksAddonVersion(this, `${id}-version`, {
          addonName: props.addonName,
          kubernetesVersion: eks.cluster.version,
          mostRecent: true,
        }).version,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        ...props,
      });
    addon('cloudwatch-observability', {
      addonName: 'amazon-cloudwatch-observability',
      serviceAccountRoleArn: agent.role.arn,
      // The agent starts with the role's policies in place, and keeps them until the add-on is gone.
      dependsOn: agent.attachments,
    });
    // Auto Mode ships no metrics server; HorizontalPodAutoscalers (podinfo in prod) need one.
    addon('metrics-server', { addonName: 'metrics-server' });

    new IrsaRole(this, 'external-dns', {
      name: name.externalDnsRole,
      oidcProvider: eks.oidcProvider,
      ...EXTERNAL_DNS,
      permissionsBoundary,
      inlinePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OwnZoneOnly',
            Effect: 'Allow',
            Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
            Resource: [dns.zone.arn],
          },
          // Only the zone list needs "*"; ExternalDNS reads records and tags of the zones its domain filter keeps.
          { Sid: 'FindZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: ['*'] },
        ],
      }),
    });

    new TerraformOutput(this, 'cluster_name', { value: eks.cluster.name, description: 'The EKS cluster' });
    new TerraformOutput(this, 'cluster_endpoint', { value: eks.cluster.endpoint, description: 'Its Kubernetes API endpoint' });
    new TerraformOutput(this, 'zone_name_servers', {
      value: dns.zone.nameServers,
      description: 'Name servers of the cluster zone',
    });
    if (!config.dns.parentZoneId) {
      new TerraformOutput(this, 'dns_delegation', {
        value: [
          `Next step: delegate ${name.zone} from its parent domain ${config.dns.parentDomain}. Add these records to the parent zone:`,
          Fn.join('\n', Fn.formatlist(`  ${name.zone}. 300 IN NS %s.`, [dns.zone.nameServers])),
          `ACM then issues *.${name.zone} within minutes; deploy ${stackIds(config.name, settings.edition).flux} after that.`,
        ].join('\n'),
        description: 'The one manual step when dns.parentZoneId is not set',
      });
    }
    new TerraformOutput(this, 'kubeconfig_command', {
      value: name.kubeconfig,
      description: 'Points kubectl at the cluster as the admin role',
    });
  }
}

/**
 * Who gets cluster-admin access entries: the human admin role, and the Terraform role, because the flux stack's Kubernetes
 * and Helm providers authenticate as it (`aws eks get-token --role-arn`). With creatorAdmin, EKS itself gives the creator
 * (the Terraform role) an entry; EKS rejects a second entry for one principal, so each ARN appears once.
 */
export function clusterAdmins(config: ContextConfig): Record<string, string> {
  const terraform = config.aws.terraformRoleArn;
  const admins = Object.entries({ admin: config.adminRoleArn, terraform }).filter(
    ([id, arn]) => !(config.cluster.creatorAdmin && arn === terraform) && !(id === 'terraform' && arn === config.adminRoleArn),
  );
  return Object.fromEntries(admins);
}
