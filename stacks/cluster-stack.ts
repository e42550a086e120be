import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { names, type ContextConfig, type RunSettings } from '../config';
import { AutoModeCluster } from '../constructs/auto-mode-cluster';
import { ClusterDns } from '../constructs/cluster-dns';
import { IrsaRole } from '../constructs/irsa-role';
import { Network } from '../constructs/network';
import { useAws, useBackend } from './common';

/** Where the CloudWatch Observability add-on runs its agent (not the other way round, as the HCL original had it). */
export const CLOUDWATCH_AGENT = { namespace: 'amazon-cloudwatch', serviceAccount: 'cloudwatch-agent' } as const;
export const EXTERNAL_DNS = { namespace: 'external-dns', serviceAccount: 'external-dns' } as const;

/** `amc-<ctx>`: network, DNS, and the EKS Auto Mode cluster with its IAM, IRSA roles and add-on. */
export class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, config: ContextConfig, settings: RunSettings) {
    super(scope, id);
    useBackend(this, id, config, settings);
    useAws(this, id, config, settings);
    const name = names(config, settings);

    const subnetIds =
      config.network.mode === 'existing'
        ? [...config.network.privateSubnetIds]
        : new Network(this, 'network', {
            name: name.vpc,
            cidr: config.network.vpcCidr,
            availabilityZones: config.network.availabilityZones,
            publicSubnetCidrs: config.network.publicSubnetCidrs,
            privateSubnetCidrs: config.network.privateSubnetCidrs,
            natGateways: config.network.natGateways,
          }).privateSubnets.map((subnet) => subnet.id);

    const dns = new ClusterDns(this, 'dns', { zoneName: name.zone, parentZoneId: config.dns.parentZoneId });

    const eks = new AutoModeCluster(this, 'eks', {
      name: name.cluster,
      version: config.cluster.version,
      subnetIds,
      nodePools: config.cluster.nodePools,
      publicAccessCidrs: config.cluster.publicAccessCidrs,
      adminRoleArns: [config.adminRoleArn],
      creatorAdmin: config.cluster.creatorAdmin,
      logRetentionDays: config.cluster.logRetentionDays,
      deletionProtection: config.cluster.deletionProtection,
    });

    const agent = new IrsaRole(this, 'cloudwatch-agent', {
      name: name.cloudwatchAgentRole,
      oidcProvider: eks.oidcProvider,
      ...CLOUDWATCH_AGENT,
      managedPolicyArns: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy', 'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess'],
    });
    new EksAddon(this, 'cloudwatch-observability', {
      clusterName: eks.cluster.name,
      addonName: 'amazon-cloudwatch-observability',
      serviceAccountRoleArn: agent.role.arn,
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
    });

    // Auto Mode ships no metrics server; HorizontalPodAutoscalers (podinfo in prod) need one.
    new EksAddon(this, 'metrics-server', {
      clusterName: eks.cluster.name,
      addonName: 'metrics-server',
      resolveConflictsOnCreate: 'OVERWRITE',
      resolveConflictsOnUpdate: 'OVERWRITE',
    });

    new IrsaRole(this, 'external-dns', {
      name: name.externalDnsRole,
      oidcProvider: eks.oidcProvider,
      ...EXTERNAL_DNS,
      inlinePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Sid: 'OwnZoneOnly', Effect: 'Allow', Action: ['route53:ChangeResourceRecordSets'], Resource: [dns.zone.arn] },
          {
            Sid: 'Discover',
            Effect: 'Allow',
            Action: ['route53:ListHostedZones', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
            Resource: ['*'],
          },
        ],
      }),
    });

    new TerraformOutput(this, 'cluster_name', { value: eks.cluster.name });
    new TerraformOutput(this, 'cluster_endpoint', { value: eks.cluster.endpoint });
    new TerraformOutput(this, 'zone_name_servers', {
      value: dns.zone.nameServers,
      description: 'Delegate the cluster zone to these from the parent domain, unless dns.parentZoneId is set',
    });
    new TerraformOutput(this, 'kubeconfig_command', {
      value: `aws eks update-kubeconfig --region ${config.aws.region} --name ${name.cluster} --role-arn ${config.adminRoleArn}`,
    });
  }
}
