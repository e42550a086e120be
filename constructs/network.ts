import { Construct } from 'constructs';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { suppress } from '../policy/pack';

export interface NetworkProps {
  /** Name prefix of every network resource. */
  readonly name: string;
  readonly cidr: string;
  /** One public and one private subnet is created in each. */
  readonly availabilityZones: readonly string[];
  readonly publicSubnetCidrs: readonly string[];
  readonly privateSubnetCidrs: readonly string[];
  /** 'single': one NAT gateway for all zones (cheaper); 'per-az': one per zone (survives a zone outage). */
  readonly natGateways: 'single' | 'per-az';
  /** Days to keep VPC flow logs; undefined: no flow logs. */
  readonly flowLogRetentionDays?: number;
  /** Account and region, for the flow-log role's confused-deputy conditions. */
  readonly accountId: string;
  readonly region: string;
  /** The permissions boundary the flow-log role carries. */
  readonly permissionsBoundary?: string;
}

/** A VPC for EKS Auto Mode: public subnets for internet-facing load balancers, private subnets for nodes behind NAT. */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[];
  readonly privateSubnets: Subnet[];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { name } = props;
    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    if (props.flowLogRetentionDays !== undefined) this.flowLogs(props, props.flowLogRetentionDays);
    // CKV2_AWS_12: the default security group allows nothing.
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: { Name: `${name}-default-deny` } });

    const igw = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: name } });
    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, 'public-default', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id });

    const subnet = (kind: 'public' | 'private', cidr: string, zone: string, i: number) =>
      new Subnet(this, `${kind}-${i}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidr,
        availabilityZone: zone,
        // Load balancers get addresses from their own ENIs; nothing here needs an automatic public IP (CKV_AWS_130).
        mapPublicIpOnLaunch: false,
        tags: {
          Name: `${name}-${kind}-${zone}`,
          [kind === 'public' ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb']: '1',
        },
      });
    this.publicSubnets = props.availabilityZones.map((zone, i) => subnet('public', props.publicSubnetCidrs[i], zone, i));
    this.privateSubnets = props.availabilityZones.map((zone, i) => subnet('private', props.privateSubnetCidrs[i], zone, i));
    this.publicSubnets.forEach(
      (s, i) => new RouteTableAssociation(this, `public-${i}-routes`, { subnetId: s.id, routeTableId: publicRoutes.id }),
    );

    const natCount = props.natGateways === 'per-az' ? this.publicSubnets.length : 1;
    const nats = this.publicSubnets.slice(0, natCount).map((s, i) => {
      const eip = new Eip(this, `nat-${i}-ip`, { domain: 'vpc', tags: { Name: `${name}-nat-${i}` } });
      return new NatGateway(this, `nat-${i}`, {
        subnetId: s.id,
        allocationId: eip.allocationId,
        tags: { Name: `${name}-nat-${i}` },
        dependsOn: [igw],
      });
    });
    this.privateSubnets.forEach((s, i) => {
      const routes = new RouteTable(this, `private-${i}-routes`, { vpcId: this.vpc.id, tags: { Name: `${name}-private-${i}` } });
      new Route(this, `private-${i}-default`, {
        routeTableId: routes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nats[i % nats.length].id,
      });
      new RouteTableAssociation(this, `private-${i}-association`, { subnetId: s.id, routeTableId: routes.id });
    });
  }

  /** Every accepted and rejected flow of the VPC, to CloudWatch Logs through a role that may write only there. */
  private flowLogs({ name, accountId, region, permissionsBoundary }: NetworkProps, retentionInDays: number): void {
    const group = new CloudwatchLogGroup(this, 'flow-logs', { name: `/aws/vpc/${name}/flow-logs`, retentionInDays });
    // Flow records are connection metadata, not secrets: CloudWatch Logs' own encryption at rest serves.
    suppress(group, 'AMC-LOG-2', 'VPC flow records hold connection metadata, no secrets; CloudWatch Logs encrypts them at rest');
    const role = new IamRole(this, 'flow-logs-role', {
      name: `${name}-flow-logs`,
      permissionsBoundary,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        // AWS VPC user guide, "IAM role for publishing flow logs to CloudWatch Logs": this account's flow logs only.
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'vpc-flow-logs.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': accountId },
              ArnLike: { 'aws:SourceArn': `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*` },
            },
          },
        ],
      }),
    });
    new IamRolePolicy(this, 'flow-logs-write', {
      role: role.id,
      name: 'write-flow-logs',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ThisGroupOnly',
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
            Resource: [group.arn, `${group.arn}:*`],
          },
          // The service lists groups before it writes; DescribeLogGroups cannot be scoped to one group.
          { Sid: 'FindTheGroup', Effect: 'Allow', Action: ['logs:DescribeLogGroups'], Resource: ['*'] },
        ],
      }),
    });
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 60,
    });
  }
}
