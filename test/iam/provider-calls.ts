// Every AWS API call the Terraform AWS provider (hashicorp/aws 6.25.0, @cdktf/provider-aws 21.22.1) makes for the types
// the stacks use, as IAM actions, for proving the Terraform deploy role's policy with an offline IAM simulator.
//
// Sourced by reading hashicorp/terraform-provider-aws code; no code is copied here, only action names and references.
// Caveat on the pin: the repository snapshot was too large to clone, so tag v6.25.0 itself could not be checked out. The
// files were read from stored versions of the repository: for the types that changed in 6.x (EKS, IAM, logs, Route 53
// zone data source, flow log, NAT gateway, subnet) versions from around v6.25.0 (v6.2x-6.3x, checked against the
// CHANGELOG for 6.25.0-6.31.0); for the EC2 VPC types whose calls have not changed since 5.x, some of the versions read
// are older. Where a newer version makes a call that v6.25.0 does not, it is left out and named in a comment.
//
// How tags work in 6.x (internal/provider/sdkv2/tags_interceptor.go, tagsResourceCRUDInterceptor): default_tags are
// merged into every resource's tags and sent on create (tag-on-create, or a tagging call right after create); on update,
// before the resource's Update, a change of tags_all calls the service's UpdateTags (tag/untag); after Create, Read and
// Update, if the Read handler did not set the tags from its own describe call (setTagsOut), the interceptor calls the
// service's ListTags. Which services do which is noted per type. EC2 reads tags from its Describe* output, so it never
// calls ec2:DescribeTags for these types.
//
// Calls that need no IAM permission (sts:GetCallerIdentity) are left out. A call the code makes only for an argument the
// stacks never set is left out too, and named in a comment where it would be easy to hit.

/** One IAM action the AWS provider's code needs for a Terraform type, and where in the provider it is called. */
export interface ProviderCall {
  /** IAM action, e.g. 'ec2:CreateVpc' (the IAM action name, which is not always the API operation name). */
  readonly action: string;
  /** 'create' | 'read' | 'update' | 'delete' | 'tag' (tag = the provider's tagging: list/tag/untag) */
  readonly phase: 'create' | 'read' | 'update' | 'delete' | 'tag';
}

export interface TypeCalls {
  /**
   * File(s) in hashicorp/terraform-provider-aws at v6.25.0 (tag v6.25.0),
   * e.g. 'internal/service/ec2/vpc_.go (resourceVPCCreate, resourceVPCRead, ...)'
   */
  readonly source: string;
  readonly calls: readonly ProviderCall[];
}

/** Pinned provider: hashicorp/aws 6.25.0 (@cdktf/provider-aws 21.22.1). Keys: resource types, and data sources as 'data.<type>'. */
export const PROVIDER_CALLS: Readonly<Record<string, TypeCalls>> = {
  // ---------------------------------------------------------------------------------------------------------------------
  // Secrets Manager. Tags come back in DescribeSecret (setTagsOut): no list call. The secrets use the AWS managed key
  // (no kms_key_id), whose key policy already lets the account's principals use it through Secrets Manager: no kms:*.
  aws_secretsmanager_secret: {
    source:
      'internal/service/secretsmanager/secret.go (resourceSecretCreate, resourceSecretRead, resourceSecretUpdate, resourceSecretDelete, ' +
      'findSecretByID, findSecretPolicyByID); internal/service/secretsmanager/tags_gen.go (updateTags)',
    calls: [
      { action: 'secretsmanager:CreateSecret', phase: 'create' },
      // CreateSecret carries the tags; AWS requires secretsmanager:TagResource as well when a create request has tags.
      { action: 'secretsmanager:TagResource', phase: 'create' },
      // Waiter after create (RetryWhenNotFound), Read, and the wait after delete (RetryUntilNotFound).
      { action: 'secretsmanager:DescribeSecret', phase: 'create' },
      { action: 'secretsmanager:DescribeSecret', phase: 'read' },
      // Read always fetches the resource policy, even when the secret has none (policy is not set in our stacks).
      { action: 'secretsmanager:GetResourcePolicy', phase: 'read' },
      // Only when description or kms_key_id changes. (PutResourcePolicy/DeleteResourcePolicy: only with `policy`, unused;
      // ReplicateSecretToRegions/RemoveRegionsFromReplication: only with `replica`, unused.)
      { action: 'secretsmanager:UpdateSecret', phase: 'update' },
      // recovery_window_in_days > 0: RecoveryWindowInDays; 0 would be ForceDeleteWithoutRecovery (same action).
      { action: 'secretsmanager:DeleteSecret', phase: 'delete' },
      { action: 'secretsmanager:DescribeSecret', phase: 'delete' },
      { action: 'secretsmanager:TagResource', phase: 'tag' },
      { action: 'secretsmanager:UntagResource', phase: 'tag' },
    ],
  },

  // No tags on this type.
  // Added after the table was first gathered, for the deploy-key secret's resource policy (constructs/deploy-key.ts).
  aws_secretsmanager_secret_policy: {
    source:
      'internal/service/secretsmanager/secret_policy.go (resourceSecretPolicyCreate, resourceSecretPolicyRead, ' +
      'resourceSecretPolicyUpdate, resourceSecretPolicyDelete, findSecretPolicyByID)',
    calls: [
      // Create and update put the policy (BlockPublicPolicy from block_public_policy), retrying while IAM propagates.
      { action: 'secretsmanager:PutResourcePolicy', phase: 'create' },
      { action: 'secretsmanager:GetResourcePolicy', phase: 'read' },
      { action: 'secretsmanager:PutResourcePolicy', phase: 'update' },
      { action: 'secretsmanager:DeleteResourcePolicy', phase: 'delete' },
    ],
  },

  aws_secretsmanager_secret_version: {
    source:
      'internal/service/secretsmanager/secret_version.go (resourceSecretVersionCreate, resourceSecretVersionRead, ' +
      'resourceSecretVersionUpdate, resourceSecretVersionDelete, findSecretVersion)',
    calls: [
      { action: 'secretsmanager:PutSecretValue', phase: 'create' },
      // Waiter after create (RetryWhenNotFound on GetSecretValue), and Read. (6.26.0 stops reading write-only values;
      // 6.25.0 always calls GetSecretValue.)
      { action: 'secretsmanager:GetSecretValue', phase: 'create' },
      { action: 'secretsmanager:GetSecretValue', phase: 'read' },
      // Only for staging labels other than AWSCURRENT (e.g. AWSPREVIOUS after a later version was put); AWSCURRENT is skipped.
      // (Update: UpdateSecretVersionStage and ListSecretVersionIds only when version_stages changes, which we never set.)
      { action: 'secretsmanager:UpdateSecretVersionStage', phase: 'delete' },
      // Waits until the version has no stage left but AWSCURRENT/AWSPREVIOUS.
      { action: 'secretsmanager:GetSecretValue', phase: 'delete' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // EC2 / VPC. Tag-on-create is TagSpecifications on the Create* call: IAM authorizes it as ec2:CreateTags on the new
  // resource with the condition key ec2:CreateAction = the Create* operation. Later tag changes are plain ec2:CreateTags
  // and ec2:DeleteTags (internal/service/ec2/tags_gen.go updateTags). Every type below reads its tags from its Describe*.
  aws_vpc: {
    source:
      'internal/service/ec2/vpc_.go (resourceVPCCreate, resourceVPCRead, resourceVPCUpdate, resourceVPCDelete, ' +
      'modifyVPCAttributesOnCreate); ' +
      'internal/service/ec2/find.go (findVPCByID, findVPCAttribute, findVPCDefaultNetworkACL, findVPCMainRouteTable, ' +
      'findVPCDefaultSecurityGroup); internal/service/ec2/wait.go (waitVPCCreated); internal/service/ec2/tags_gen.go (updateTags)',
    calls: [
      { action: 'ec2:CreateVpc', phase: 'create' },
      // Tag-on-create via TagSpecifications, so ec2:CreateTags with ec2:CreateAction = CreateVpc.
      { action: 'ec2:CreateTags', phase: 'create' },
      // Waiter (waitVPCCreated) until the VPC is available.
      { action: 'ec2:DescribeVpcs', phase: 'create' },
      // enable_dns_hostnames = true differs from the AWS default: one ModifyVpcAttribute at create, and on any change.
      { action: 'ec2:ModifyVpcAttribute', phase: 'create' },
      { action: 'ec2:ModifyVpcAttribute', phase: 'update' },
      { action: 'ec2:DescribeVpcs', phase: 'read' },
      // Read asks three attributes one at a time: enableDnsHostnames, enableDnsSupport, enableNetworkAddressUsageMetrics.
      { action: 'ec2:DescribeVpcAttribute', phase: 'read' },
      // Read also looks up the VPC's default network ACL, main route table and default security group.
      { action: 'ec2:DescribeNetworkAcls', phase: 'read' },
      { action: 'ec2:DescribeRouteTables', phase: 'read' },
      { action: 'ec2:DescribeSecurityGroups', phase: 'read' },
      // Retried on DependencyViolation, then waits until DescribeVpcs no longer finds it.
      { action: 'ec2:DeleteVpc', phase: 'delete' },
      { action: 'ec2:DescribeVpcs', phase: 'delete' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // Adopts the VPC's default group: nothing is created, and destroy only forgets it (DeleteWithoutTimeout is a no-op).
  aws_default_security_group: {
    source:
      'internal/service/ec2/vpc_default_security_group.go (resourceDefaultSecurityGroupCreate); ' +
      'internal/service/ec2/vpc_security_group.go (resourceSecurityGroupRead, resourceSecurityGroupUpdate, ' +
      'forceRevokeSecurityGroupRules, rulesInSGsTouchingThis, relatedSGs, updateSecurityGroupRules); ' +
      'internal/service/ec2/tags_gen.go (updateTags)',
    calls: [
      // Finds the group by vpc-id and group-name "default".
      { action: 'ec2:DescribeSecurityGroups', phase: 'create' },
      // The group already exists, so its tags are set with plain CreateTags/DeleteTags (no ec2:CreateAction condition).
      { action: 'ec2:CreateTags', phase: 'create' },
      { action: 'ec2:DeleteTags', phase: 'create' },
      // Create revokes every rule the default group came with (self ingress, all egress), listing them first.
      { action: 'ec2:DescribeSecurityGroupRules', phase: 'create' },
      { action: 'ec2:RevokeSecurityGroupIngress', phase: 'create' },
      { action: 'ec2:RevokeSecurityGroupEgress', phase: 'create' },
      { action: 'ec2:DescribeSecurityGroups', phase: 'read' },
      // Update re-reads the group. (AuthorizeSecurityGroupIngress/Egress and further revokes only when ingress/egress
      // blocks change; ours has none, on purpose: it denies everything.)
      { action: 'ec2:DescribeSecurityGroups', phase: 'update' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  aws_internet_gateway: {
    source:
      'internal/service/ec2/vpc_internet_gateway.go (resourceInternetGatewayCreate, resourceInternetGatewayRead, ' +
      'resourceInternetGatewayUpdate, resourceInternetGatewayDelete, attachInternetGateway, detachInternetGateway); ' +
      'internal/service/ec2/wait.go (waitInternetGatewayAttached, waitInternetGatewayDetached)',
    calls: [
      { action: 'ec2:CreateInternetGateway', phase: 'create' },
      // Tag-on-create via TagSpecifications (ec2:CreateAction = CreateInternetGateway).
      { action: 'ec2:CreateTags', phase: 'create' },
      // vpc_id is set: attach, then wait for the attachment.
      { action: 'ec2:AttachInternetGateway', phase: 'create' },
      { action: 'ec2:DescribeInternetGateways', phase: 'create' },
      { action: 'ec2:DescribeInternetGateways', phase: 'read' },
      // A vpc_id change detaches from the old VPC and attaches to the new one (both waited on).
      { action: 'ec2:DetachInternetGateway', phase: 'update' },
      { action: 'ec2:AttachInternetGateway', phase: 'update' },
      { action: 'ec2:DescribeInternetGateways', phase: 'update' },
      // Delete detaches first (waited on), then deletes, retrying on DependencyViolation.
      { action: 'ec2:DetachInternetGateway', phase: 'delete' },
      { action: 'ec2:DescribeInternetGateways', phase: 'delete' },
      { action: 'ec2:DeleteInternetGateway', phase: 'delete' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // Routes are separate aws_route resources: the inline `route` block is unused, so CreateRoute/ReplaceRoute/DeleteRoute
  // and Enable/DisableVgwRoutePropagation are not called from here.
  aws_route_table: {
    source:
      'internal/service/ec2/vpc_route_table.go (resourceRouteTableCreate, resourceRouteTableRead, resourceRouteTableUpdate, ' +
      'resourceRouteTableDelete, flattenRoutes); internal/service/ec2/vpc_route_table_association.go (routeTableAssociationDelete); ' +
      'internal/service/ec2/wait.go (waitRouteTableReady, waitRouteTableDeleted)',
    calls: [
      { action: 'ec2:CreateRouteTable', phase: 'create' },
      // Tag-on-create via TagSpecifications (ec2:CreateAction = CreateRouteTable).
      { action: 'ec2:CreateTags', phase: 'create' },
      // Waiter (waitRouteTableReady).
      { action: 'ec2:DescribeRouteTables', phase: 'create' },
      // flattenRoutes would also call ec2:DescribeNetworkInterfaces for a route targeting an ENI; ours target an IGW/NAT.
      { action: 'ec2:DescribeRouteTables', phase: 'read' },
      // Delete reads the table, disassociates whatever is still associated, deletes, then waits until it is gone.
      { action: 'ec2:DescribeRouteTables', phase: 'delete' },
      { action: 'ec2:DisassociateRouteTable', phase: 'delete' },
      { action: 'ec2:DeleteRouteTable', phase: 'delete' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // No tags on this type.
  aws_route: {
    source:
      'internal/service/ec2/vpc_route.go (resourceRouteCreate, resourceRouteRead, resourceRouteUpdate, resourceRouteDelete); ' +
      'internal/service/ec2/find.go (findRouteByIPv4Destination); internal/service/ec2/wait.go (waitRouteReady, waitRouteDeleted)',
    calls: [
      { action: 'ec2:CreateRoute', phase: 'create' },
      // Waiter (waitRouteReady): the route is found in DescribeRouteTables output.
      { action: 'ec2:DescribeRouteTables', phase: 'create' },
      { action: 'ec2:DescribeRouteTables', phase: 'read' },
      // A target change (gateway_id / nat_gateway_id) is ReplaceRoute, then the same wait.
      { action: 'ec2:ReplaceRoute', phase: 'update' },
      { action: 'ec2:DescribeRouteTables', phase: 'update' },
      { action: 'ec2:DeleteRoute', phase: 'delete' },
      { action: 'ec2:DescribeRouteTables', phase: 'delete' },
    ],
  },

  aws_subnet: {
    source:
      'internal/service/ec2/vpc_subnet.go (resourceSubnetCreate, resourceSubnetRead, resourceSubnetUpdate, resourceSubnetDelete, ' +
      'modifySubnetAttributesOnCreate, modifySubnetMapPublicIPOnLaunch); internal/service/ec2/vpc_network_interface.go ' +
      '(deleteLingeringENIs); internal/service/ec2/wait.go (waitSubnetAvailable, waitSubnetMapPublicIPOnLaunchUpdated)',
    calls: [
      { action: 'ec2:CreateSubnet', phase: 'create' },
      // Tag-on-create via TagSpecifications (ec2:CreateAction = CreateSubnet).
      { action: 'ec2:CreateTags', phase: 'create' },
      // Waiter (waitSubnetAvailable). modifySubnetAttributesOnCreate calls ModifySubnetAttribute only for an attribute
      // that differs from the new subnet's: map_public_ip_on_launch = false is the default, so none at create.
      { action: 'ec2:DescribeSubnets', phase: 'create' },
      { action: 'ec2:DescribeSubnets', phase: 'read' },
      // Changing map_public_ip_on_launch (or another on-launch attribute) is one ModifySubnetAttribute each, then a
      // DescribeSubnets waiter until the attribute reads back.
      { action: 'ec2:ModifySubnetAttribute', phase: 'update' },
      { action: 'ec2:DescribeSubnets', phase: 'update' },
      // Delete first lists ENIs still in the subnet (deleteLingeringENIs). It detaches/deletes only Lambda, Comprehend and
      // DMS ENIs (ec2:DetachNetworkInterface, ec2:DeleteNetworkInterface): none live in these subnets, so not listed.
      { action: 'ec2:DescribeNetworkInterfaces', phase: 'delete' },
      { action: 'ec2:DeleteSubnet', phase: 'delete' },
      // Versions after 6.31.0 also, on DependencyViolation, dissociate GuardDuty-managed VPC endpoints
      // (ec2:DescribeVpcs, ec2:DescribeVpcEndpoints, ec2:ModifyVpcEndpoint): not in 6.25.0, not listed.
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // No tags on this type.
  aws_route_table_association: {
    source:
      'internal/service/ec2/vpc_route_table_association.go (resourceRouteTableAssociationCreate, resourceRouteTableAssociationRead, ' +
      'resourceRouteTableAssociationUpdate, resourceRouteTableAssociationDelete, routeTableAssociationDelete); ' +
      'internal/service/ec2/find.go (findRouteTableAssociationByID); internal/service/ec2/wait.go ' +
      '(waitRouteTableAssociationCreated, waitRouteTableAssociationUpdated, waitRouteTableAssociationDeleted)',
    calls: [
      { action: 'ec2:AssociateRouteTable', phase: 'create' },
      // Waiter: the association is looked up in DescribeRouteTables output (filter association.route-table-association-id).
      { action: 'ec2:DescribeRouteTables', phase: 'create' },
      { action: 'ec2:DescribeRouteTables', phase: 'read' },
      // A route_table_id change is ReplaceRouteTableAssociation (the ID changes), then the same wait.
      { action: 'ec2:ReplaceRouteTableAssociation', phase: 'update' },
      { action: 'ec2:DescribeRouteTables', phase: 'update' },
      { action: 'ec2:DisassociateRouteTable', phase: 'delete' },
      { action: 'ec2:DescribeRouteTables', phase: 'delete' },
    ],
  },

  aws_eip: {
    source:
      'internal/service/ec2/ec2_eip.go (resourceEIPCreate, resourceEIPRead, resourceEIPUpdate, resourceEIPDelete, disassociateEIP); ' +
      'internal/service/ec2/find.go (findEIPByAllocationID, findEIPDomainNameAttributeByAllocationID)',
    calls: [
      { action: 'ec2:AllocateAddress', phase: 'create' },
      // Tag-on-create via TagSpecifications on AllocateAddress (resource type elastic-ip, ec2:CreateAction = AllocateAddress).
      { action: 'ec2:CreateTags', phase: 'create' },
      // Waits until DescribeAddresses finds the new allocation. (AssociateAddress only with instance/network_interface,
      // unused: the NAT gateway takes the address itself.)
      { action: 'ec2:DescribeAddresses', phase: 'create' },
      { action: 'ec2:DescribeAddresses', phase: 'read' },
      // Read also fetches the reverse-DNS (ptr_record) attribute: DescribeAddressesAttribute, attribute domain-name.
      { action: 'ec2:DescribeAddressesAttribute', phase: 'read' },
      // The state's association_id is the NAT gateway's association (read back from DescribeAddresses), so delete calls
      // DisassociateAddress before ReleaseAddress; after the NAT gateway is gone it gets InvalidAssociationID.NotFound,
      // which is ignored, but AccessDenied is not.
      { action: 'ec2:DisassociateAddress', phase: 'delete' },
      { action: 'ec2:ReleaseAddress', phase: 'delete' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // Zonal, public NAT gateways (availability_mode unset). Regional NAT gateways (6.24.0) would add
  // ec2:DescribeAvailabilityZones on update: not used.
  aws_nat_gateway: {
    source:
      'internal/service/ec2/vpc_nat_gateway.go (resourceNATGatewayCreate, resourceNATGatewayRead, resourceNATGatewayUpdate, ' +
      'resourceNATGatewayDelete); internal/service/ec2/wait.go (waitNATGatewayCreated, waitNATGatewayDeleted)',
    calls: [
      // CreateNatGateway with allocation_id: IAM authorizes it against the subnet and the elastic-ip resources too.
      { action: 'ec2:CreateNatGateway', phase: 'create' },
      // Tag-on-create via TagSpecifications (ec2:CreateAction = CreateNatGateway).
      { action: 'ec2:CreateTags', phase: 'create' },
      // Waiter (waitNATGatewayCreated) until available: minutes of DescribeNatGateways.
      { action: 'ec2:DescribeNatGateways', phase: 'create' },
      { action: 'ec2:DescribeNatGateways', phase: 'read' },
      // (Update: Associate/DisassociateNatGatewayAddress only for secondary_allocation_ids, unused.)
      { action: 'ec2:DeleteNatGateway', phase: 'delete' },
      // Waiter (waitNATGatewayDeleted) until deleted.
      { action: 'ec2:DescribeNatGateways', phase: 'delete' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // Flow log to CloudWatch Logs through an IAM role. No update API: Update is tags only.
  aws_flow_log: {
    source:
      'internal/service/ec2/vpc_flow_log.go (resourceLogFlowCreate, resourceLogFlowRead, resourceLogFlowUpdate, resourceLogFlowDelete); ' +
      'internal/service/ec2/find.go (findFlowLogByID)',
    calls: [
      // Retried while "Unable to assume given IAM role" (IAM propagation of the new role).
      { action: 'ec2:CreateFlowLogs', phase: 'create' },
      // Tag-on-create via TagSpecifications (resource type vpc-flow-log, ec2:CreateAction = CreateFlowLogs).
      { action: 'ec2:CreateTags', phase: 'create' },
      // deliver_logs_permission_arn (iam_role_arn): AWS requires iam:PassRole on that role for CreateFlowLogs.
      { action: 'iam:PassRole', phase: 'create' },
      { action: 'ec2:DescribeFlowLogs', phase: 'read' },
      { action: 'ec2:DeleteFlowLogs', phase: 'delete' },
      { action: 'ec2:CreateTags', phase: 'tag' },
      { action: 'ec2:DeleteTags', phase: 'tag' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // CloudWatch Logs. Read does not set tags, so the interceptor lists them after every create, read and update, with the
  // ARN-based logs:ListTagsForResource (not the deprecated logs:ListTagsLogGroup); tag changes are TagResource/UntagResource.
  aws_cloudwatch_log_group: {
    source:
      'internal/service/logs/group.go (resourceGroupCreate, resourceGroupRead, resourceGroupUpdate, resourceGroupDelete, ' +
      'findLogGroupByName); internal/service/logs/tags_gen.go (listTags, updateTags)',
    calls: [
      // With kms_key_id and tags in the request. (The key policy must let logs.<region>.amazonaws.com use the key; the
      // caller needs no kms:* for it.)
      { action: 'logs:CreateLogGroup', phase: 'create' },
      // CreateLogGroup with tags: AWS requires logs:TagResource as well.
      { action: 'logs:TagResource', phase: 'create' },
      // retention_in_days is set: PutRetentionPolicy right after create (retried on AccessDenied while IAM propagates).
      { action: 'logs:PutRetentionPolicy', phase: 'create' },
      // Read (and Update, for deletion_protection_enabled) find the group by DescribeLogGroups with a name prefix.
      { action: 'logs:DescribeLogGroups', phase: 'read' },
      { action: 'logs:PutRetentionPolicy', phase: 'update' },
      // Only when retention_in_days is removed (0 = never expire).
      { action: 'logs:DeleteRetentionPolicy', phase: 'update' },
      // kms_key_id change; removing it is DisassociateKmsKey.
      { action: 'logs:AssociateKmsKey', phase: 'update' },
      { action: 'logs:DisassociateKmsKey', phase: 'update' },
      // (6.25.0 added deletion_protection_enabled: logs:PutLogGroupDeletionProtection on change; we never set it.)
      { action: 'logs:DeleteLogGroup', phase: 'delete' },
      { action: 'logs:ListTagsForResource', phase: 'tag' },
      { action: 'logs:TagResource', phase: 'tag' },
      { action: 'logs:UntagResource', phase: 'tag' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // IAM. Tags come back in GetRole / GetOpenIDConnectProvider (setTagsOut): no ListRoleTags/ListOpenIDConnectProviderTags.
  // Tag changes: internal/service/iam/tags.go (roleUpdateTags, openIDConnectProviderUpdateTags).
  aws_iam_role: {
    source:
      'internal/service/iam/role.go (resourceRoleCreate, resourceRoleRead, resourceRoleUpdate, resourceRoleDelete, deleteRole, ' +
      'deleteRoleInstanceProfiles, findRoleByName, waitRoleARNIsNotUniqueID, readRoleInlinePolicies, findRolePolicyNames, ' +
      'findRoleAttachedPolicies, deleteRolePolicyAttachments, deleteRoleInlinePolicies); internal/service/iam/tags.go (roleUpdateTags)',
    calls: [
      // With Tags and, when configured, PermissionsBoundary (IAM checks that as the iam:PermissionsBoundary condition key).
      { action: 'iam:CreateRole', phase: 'create' },
      // Tag-on-create: IAM requires iam:TagRole for a CreateRole request that has tags.
      { action: 'iam:TagRole', phase: 'create' },
      { action: 'iam:GetRole', phase: 'read' },
      // Read still reads the deprecated inline_policy and managed_policy_arns: every inline policy (ours come from
      // aws_iam_role_policy) is fetched with GetRolePolicy, and the attached policies are listed.
      { action: 'iam:ListRolePolicies', phase: 'read' },
      { action: 'iam:GetRolePolicy', phase: 'read' },
      { action: 'iam:ListAttachedRolePolicies', phase: 'read' },
      { action: 'iam:UpdateAssumeRolePolicy', phase: 'update' },
      { action: 'iam:UpdateRoleDescription', phase: 'update' },
      // max_session_duration change.
      { action: 'iam:UpdateRole', phase: 'update' },
      // permissions_boundary set or changed; removed: DeleteRolePermissionsBoundary.
      { action: 'iam:PutRolePermissionsBoundary', phase: 'update' },
      { action: 'iam:DeleteRolePermissionsBoundary', phase: 'update' },
      // Delete always lists the role's instance profiles and removes the role from each (Auto Mode's node role may
      // still be in an EKS-made instance profile).
      { action: 'iam:ListInstanceProfilesForRole', phase: 'delete' },
      { action: 'iam:RemoveRoleFromInstanceProfile', phase: 'delete' },
      // Read puts the policies of aws_iam_role_policy / aws_iam_role_policy_attachment into the computed inline_policy and
      // managed_policy_arns, so Delete lists them and detaches / deletes whatever is still there before DeleteRole.
      { action: 'iam:ListAttachedRolePolicies', phase: 'delete' },
      { action: 'iam:DetachRolePolicy', phase: 'delete' },
      { action: 'iam:ListRolePolicies', phase: 'delete' },
      { action: 'iam:DeleteRolePolicy', phase: 'delete' },
      // Retried on DeleteConflict.
      { action: 'iam:DeleteRole', phase: 'delete' },
      { action: 'iam:TagRole', phase: 'tag' },
      { action: 'iam:UntagRole', phase: 'tag' },
    ],
  },

  // No tags on this type. Create and update are the same PutRolePolicy.
  aws_iam_role_policy: {
    source:
      'internal/service/iam/role_policy.go (resourceRolePolicyPut, resourceRolePolicyRead, resourceRolePolicyDelete, ' +
      'findRolePolicyByTwoPartKey)',
    calls: [
      { action: 'iam:PutRolePolicy', phase: 'create' },
      // Waits until GetRolePolicy finds the new policy (RetryWhenNotFound).
      { action: 'iam:GetRolePolicy', phase: 'create' },
      { action: 'iam:GetRolePolicy', phase: 'read' },
      { action: 'iam:PutRolePolicy', phase: 'update' },
      { action: 'iam:DeleteRolePolicy', phase: 'delete' },
    ],
  },

  // No tags, no update (every argument forces a new resource).
  aws_iam_role_policy_attachment: {
    source:
      'internal/service/iam/role_policy_attachment.go (resourceRolePolicyAttachmentCreate, resourceRolePolicyAttachmentRead, ' +
      'resourceRolePolicyAttachmentDelete, attachPolicyToRole, detachPolicyFromRole, findAttachedRolePolicyByTwoPartKey)',
    calls: [
      { action: 'iam:AttachRolePolicy', phase: 'create' },
      // Read (and its wait right after create) lists the role's attached policies and looks for this one.
      { action: 'iam:ListAttachedRolePolicies', phase: 'create' },
      { action: 'iam:ListAttachedRolePolicies', phase: 'read' },
      { action: 'iam:DetachRolePolicy', phase: 'delete' },
    ],
  },

  aws_iam_openid_connect_provider: {
    source:
      'internal/service/iam/openid_connect_provider.go (resourceOpenIDConnectProviderCreate, resourceOpenIDConnectProviderRead, ' +
      'resourceOpenIDConnectProviderUpdate, resourceOpenIDConnectProviderDelete, findOpenIDConnectProviderByARN); ' +
      'internal/service/iam/tags.go (openIDConnectProviderUpdateTags)',
    calls: [
      { action: 'iam:CreateOpenIDConnectProvider', phase: 'create' },
      // Tag-on-create: IAM requires iam:TagOpenIDConnectProvider for a create request that has tags.
      { action: 'iam:TagOpenIDConnectProvider', phase: 'create' },
      { action: 'iam:GetOpenIDConnectProvider', phase: 'read' },
      { action: 'iam:UpdateOpenIDConnectProviderThumbprint', phase: 'update' },
      // client_id_list changes: one call per added / removed client ID.
      { action: 'iam:AddClientIDToOpenIDConnectProvider', phase: 'update' },
      { action: 'iam:RemoveClientIDFromOpenIDConnectProvider', phase: 'update' },
      { action: 'iam:DeleteOpenIDConnectProvider', phase: 'delete' },
      { action: 'iam:TagOpenIDConnectProvider', phase: 'tag' },
      { action: 'iam:UntagOpenIDConnectProvider', phase: 'tag' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // Route 53. Tags (resource type hostedzone): create tags with ChangeTagsForResource right after CreateHostedZone (no
  // tag-on-create); Read does not set tags, so the interceptor calls route53:ListTagsForResource after create/read/update.
  aws_route53_zone: {
    source:
      'internal/service/route53/zone.go (resourceZoneCreate, resourceZoneRead, resourceZoneUpdate, resourceZoneDelete, ' +
      'findHostedZoneByID, deleteAllResourceRecordsFromHostedZone, findHostedZoneDNSSECByZoneID); internal/service/route53/wait.go ' +
      '(waitChangeInsync); internal/service/route53/tags_gen.go (createTags, listTags, updateTags)',
    calls: [
      { action: 'route53:CreateHostedZone', phase: 'create' },
      // waitChangeInsync: route53:GetChange until INSYNC, after create, after each record batch and after delete.
      { action: 'route53:GetChange', phase: 'create' },
      { action: 'route53:ChangeTagsForResource', phase: 'create' },
      // Read: GetHostedZone for name servers and config. (A private zone would also list its NS records.)
      { action: 'route53:GetHostedZone', phase: 'read' },
      { action: 'route53:UpdateHostedZoneComment', phase: 'update' },
      // (6.25.0 added enable_accelerated_recovery: route53:UpdateHostedZoneFeatures when enabled or changed; assumed from
      // the CHANGELOG and the 6.25+ data source, not read; we never set it.)
      // force_destroy = true: list every record, delete all but the apex NS/SOA in batches of 100 (each waited on), then
      // GetDNSSEC; DisableHostedZoneDNSSEC only if the zone is signing, which ours never is (no DNSSEC).
      { action: 'route53:ListResourceRecordSets', phase: 'delete' },
      { action: 'route53:ChangeResourceRecordSets', phase: 'delete' },
      { action: 'route53:GetChange', phase: 'delete' },
      { action: 'route53:GetDNSSEC', phase: 'delete' },
      { action: 'route53:DeleteHostedZone', phase: 'delete' },
      { action: 'route53:ListTagsForResource', phase: 'tag' },
      { action: 'route53:ChangeTagsForResource', phase: 'tag' },
    ],
  },

  // No tags on this type. Used for the delegation NS record in the parent zone and the ACM validation records (UPSERT).
  aws_route53_record: {
    source:
      'internal/service/route53/record.go (resourceRecordCreate, resourceRecordRead, resourceRecordUpdate, resourceRecordDelete, ' +
      'findResourceRecordSetByFourPartKey); internal/service/route53/zone.go (findHostedZoneByID); ' +
      'internal/service/route53/wait.go (waitChangeInsync)',
    calls: [
      // Create (and Update, which re-runs Create with UPSERT) first reads the zone for its name.
      { action: 'route53:GetHostedZone', phase: 'create' },
      { action: 'route53:ChangeResourceRecordSets', phase: 'create' },
      // waitChangeInsync after every change batch.
      { action: 'route53:GetChange', phase: 'create' },
      // Read: the zone, then ListResourceRecordSets from the record's name and type.
      { action: 'route53:GetHostedZone', phase: 'read' },
      { action: 'route53:ListResourceRecordSets', phase: 'read' },
      { action: 'route53:GetHostedZone', phase: 'update' },
      { action: 'route53:ChangeResourceRecordSets', phase: 'update' },
      { action: 'route53:GetChange', phase: 'update' },
      // Delete finds the current record set (GetHostedZone + ListResourceRecordSets) and deletes exactly it.
      { action: 'route53:GetHostedZone', phase: 'delete' },
      { action: 'route53:ListResourceRecordSets', phase: 'delete' },
      { action: 'route53:ChangeResourceRecordSets', phase: 'delete' },
      { action: 'route53:GetChange', phase: 'delete' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // ACM. Read does not set tags: the interceptor calls acm:ListTagsForCertificate after create/read/update; tag changes
  // are acm:AddTagsToCertificate / acm:RemoveTagsFromCertificate (internal/service/acm/tags_gen.go).
  aws_acm_certificate: {
    source:
      'internal/service/acm/certificate.go (resourceCertificateCreate, resourceCertificateRead, resourceCertificateUpdate, ' +
      'resourceCertificateDelete, findCertificateByARN, waitCertificateDomainValidationsAvailable); internal/service/acm/tags_gen.go',
    calls: [
      // DNS-validated wildcard with the apex as SAN, tags in the request.
      { action: 'acm:RequestCertificate', phase: 'create' },
      // RequestCertificate with tags: ACM requires acm:AddTagsToCertificate as well.
      { action: 'acm:AddTagsToCertificate', phase: 'create' },
      // Waiter (waitCertificateDomainValidationsAvailable) until the DNS validation records are assigned.
      { action: 'acm:DescribeCertificate', phase: 'create' },
      { action: 'acm:DescribeCertificate', phase: 'read' },
      // (Update: acm:RenewCertificate only with early_renewal_duration, acm:UpdateCertificateOptions only with `options`,
      // acm:ImportCertificate only for imported certificates: none used. Update is otherwise tags only.)
      // Retried while ResourceInUse (the ALB lets go of it late); create_before_destroy replaces it first.
      { action: 'acm:DeleteCertificate', phase: 'delete' },
      { action: 'acm:ListTagsForCertificate', phase: 'tag' },
      { action: 'acm:AddTagsToCertificate', phase: 'tag' },
      { action: 'acm:RemoveTagsFromCertificate', phase: 'tag' },
    ],
  },

  // No tags, no update; Delete only forgets it (no API call).
  aws_acm_certificate_validation: {
    source:
      'internal/service/acm/certificate_validation.go (resourceCertificateValidationCreate, resourceCertificateValidationRead, ' +
      'waitCertificateIssued, findCertificateValidationByARN)',
    calls: [
      // Checks validation_record_fqdns against the certificate, then waits (up to the create timeout) for ISSUED.
      { action: 'acm:DescribeCertificate', phase: 'create' },
      { action: 'acm:DescribeCertificate', phase: 'read' },
    ],
  },

  // KMS: aws_kms_key and aws_kms_alias are amc-bootstrap's now (constructs/context-key.ts), run by a person, not the
  // deploy role: KMS takes a key's tags on create only with kms:TagResource on every key (KMS developer guide,
  // "Controlling access to tags").

  // ---------------------------------------------------------------------------------------------------------------------
  // EKS. Tags come back in the Describe* output (setTagsOut): no eks:ListTagsForResource. Tags go in the Create* request;
  // later changes are eks:TagResource / eks:UntagResource (internal/service/eks/tags_gen.go).
  aws_eks_cluster: {
    source:
      'internal/service/eks/cluster.go (resourceClusterCreate, resourceClusterRead, resourceClusterUpdate, resourceClusterDelete, ' +
      'findClusterByName, findClusterUpdateByTwoPartKey, waitClusterCreated, waitClusterUpdateSuccessful, waitClusterDeleted, ' +
      'updateClusterDeletionProtection, updateClusterVPCConfig)',
    calls: [
      // Auto Mode: compute_config, storage_config and kubernetes_network_config.elastic_load_balancing together, plus
      // encryption_config, logging, upgrade_policy, access_config (API), deletion_protection, vpc_config, tags. Retried
      // while the cluster role is not yet usable (IAM propagation).
      { action: 'eks:CreateCluster', phase: 'create' },
      // AWS requires iam:PassRole for role_arn (the cluster role) and, in Auto Mode, for compute_config.node_role_arn.
      { action: 'iam:PassRole', phase: 'create' },
      // EKS creates its service-linked role (AWSServiceRoleForAmazonEKS) on an account's first cluster, as the caller.
      { action: 'iam:CreateServiceLinkedRole', phase: 'create' },
      // encryption_config with a customer key: the creator needs kms:DescribeKey and kms:CreateGrant on that key.
      { action: 'kms:DescribeKey', phase: 'create' },
      { action: 'kms:CreateGrant', phase: 'create' },
      // Waiter (waitClusterCreated) until ACTIVE: 10-15 minutes of DescribeCluster.
      { action: 'eks:DescribeCluster', phase: 'create' },
      { action: 'eks:DescribeCluster', phase: 'read' },
      // version change.
      { action: 'eks:UpdateClusterVersion', phase: 'update' },
      // One UpdateClusterConfig per changed group: access_config, the three Auto Mode blocks together, deletion_protection,
      // logging, upgrade_policy, endpoint access / public_access_cidrs, subnets, security groups, zonal shift.
      { action: 'eks:UpdateClusterConfig', phase: 'update' },
      // The Auto Mode update re-sends compute_config.node_role_arn: iam:PassRole again.
      { action: 'iam:PassRole', phase: 'update' },
      // Every update is waited on: waitClusterUpdateSuccessful polls DescribeUpdate.
      { action: 'eks:DescribeUpdate', phase: 'update' },
      { action: 'eks:DescribeCluster', phase: 'update' },
      // (eks:AssociateEncryptionConfig only when encryption_config is added to a cluster created without it: ours has it
      // from the start, and removing it forces a new cluster.)
      // Retried while another update is in progress; fails while deletion_protection is on (turn it off first: an update).
      { action: 'eks:DeleteCluster', phase: 'delete' },
      // Waiter (waitClusterDeleted) until DescribeCluster says not found, three times in a row.
      { action: 'eks:DescribeCluster', phase: 'delete' },
      { action: 'eks:TagResource', phase: 'tag' },
      { action: 'eks:UntagResource', phase: 'tag' },
    ],
  },

  aws_eks_access_entry: {
    source:
      'internal/service/eks/access_entry.go (resourceAccessEntryCreate, resourceAccessEntryRead, resourceAccessEntryUpdate, ' +
      'resourceAccessEntryDelete, findAccessEntryByTwoPartKey)',
    calls: [
      // type STANDARD, tags in the request; retried while the principal ARN is not yet valid (IAM propagation).
      { action: 'eks:CreateAccessEntry', phase: 'create' },
      { action: 'eks:DescribeAccessEntry', phase: 'read' },
      // kubernetes_groups / user_name change.
      { action: 'eks:UpdateAccessEntry', phase: 'update' },
      { action: 'eks:DeleteAccessEntry', phase: 'delete' },
      { action: 'eks:TagResource', phase: 'tag' },
      { action: 'eks:UntagResource', phase: 'tag' },
    ],
  },

  // No tags, no update (every argument forces a new resource).
  aws_eks_access_policy_association: {
    source:
      'internal/service/eks/access_policy_association.go (resourceAccessPolicyAssociationCreate, resourceAccessPolicyAssociationRead, ' +
      'resourceAccessPolicyAssociationDelete, findAccessPolicyAssociationByThreePartKey)',
    calls: [
      { action: 'eks:AssociateAccessPolicy', phase: 'create' },
      // Read lists the principal's associated access policies and picks this policy ARN.
      { action: 'eks:ListAssociatedAccessPolicies', phase: 'read' },
      { action: 'eks:DisassociateAccessPolicy', phase: 'delete' },
    ],
  },

  aws_eks_addon: {
    source:
      'internal/service/eks/addon.go (resourceAddonCreate, resourceAddonRead, resourceAddonUpdate, resourceAddonDelete, ' +
      'findAddonByTwoPartKey, ' +
      'findAddonUpdateByThreePartKey, waitAddonCreated, waitAddonUpdateSuccessful, waitAddonDeleted)',
    calls: [
      { action: 'eks:CreateAddon', phase: 'create' },
      // service_account_role_arn (the CloudWatch agent's IRSA role): AWS requires iam:PassRole on it.
      { action: 'iam:PassRole', phase: 'create' },
      // Waiter (waitAddonCreated) until ACTIVE.
      { action: 'eks:DescribeAddon', phase: 'create' },
      { action: 'eks:DescribeAddon', phase: 'read' },
      // (eks:DescribePodIdentityAssociation only for pod_identity_association, unused.)
      // addon_version / configuration_values / role change; UpdateAddon always re-sends a set service_account_role_arn.
      { action: 'eks:UpdateAddon', phase: 'update' },
      { action: 'iam:PassRole', phase: 'update' },
      // Waiter (waitAddonUpdateSuccessful): DescribeUpdate with the add-on name.
      { action: 'eks:DescribeUpdate', phase: 'update' },
      { action: 'eks:DeleteAddon', phase: 'delete' },
      // Waiter (waitAddonDeleted) until not found.
      { action: 'eks:DescribeAddon', phase: 'delete' },
      { action: 'eks:TagResource', phase: 'tag' },
      { action: 'eks:UntagResource', phase: 'tag' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // Data sources: read only.
  'data.aws_eks_cluster': {
    source: 'internal/service/eks/cluster_data_source.go (dataSourceClusterRead); internal/service/eks/cluster.go (findClusterByName)',
    calls: [
      // Tags come from the same DescribeCluster output.
      { action: 'eks:DescribeCluster', phase: 'read' },
    ],
  },

  'data.aws_eks_addon_version': {
    source:
      'internal/service/eks/addon_version_data_source.go (dataSourceAddonVersionRead, findAddonVersionByTwoPartKey: the ' +
      'DescribeAddonVersions paginator with addon_name and kubernetes_version)',
    calls: [{ action: 'eks:DescribeAddonVersions', phase: 'read' }],
  },

  'data.aws_secretsmanager_secret_version': {
    source:
      'internal/service/secretsmanager/secret_version_data_source.go (dataSourceSecretVersionRead); ' +
      'internal/service/secretsmanager/secret_version.go (findSecretVersion)',
    calls: [
      // secret_id by name, version_stage AWSCURRENT (the default).
      { action: 'secretsmanager:GetSecretValue', phase: 'read' },
    ],
  },

  'data.aws_route53_zone': {
    source:
      'internal/service/route53/zone_data_source.go (dataSourceZoneRead, findHostedZoneNameServers); internal/service/route53/zone.go ' +
      '(findHostedZoneByID); internal/service/route53/tags_gen.go (listTags)',
    calls: [
      // By name (not zone_id): pages through ListHostedZones (wildcard-only action) and filters by name and private_zone.
      { action: 'route53:ListHostedZones', phase: 'read' },
      // Then GetHostedZone for the delegation set's name servers.
      { action: 'route53:GetHostedZone', phase: 'read' },
      // Always lists the zone's tags for the `tags` attribute.
      { action: 'route53:ListTagsForResource', phase: 'read' },
    ],
  },

  'data.aws_acm_certificate': {
    source:
      'internal/service/acm/certificate_data_source.go (dataSourceCertificateRead, findCertificates, mostRecentCertificate); ' +
      'internal/service/acm/certificate.go (findCertificateByARN); ' +
      'internal/provider/sdkv2/tags_interceptor.go (tagsDataSourceCRUDInterceptor)',
    calls: [
      // By domain, statuses ISSUED and PENDING_VALIDATION, most_recent: lists the account's certificates (wildcard-only).
      { action: 'acm:ListCertificates', phase: 'read' },
      // Describes every certificate of that domain, to pick the most recent.
      { action: 'acm:DescribeCertificate', phase: 'read' },
      // Surprising: when the chosen certificate is ISSUED, it also fetches the certificate and its chain (GetCertificate).
      { action: 'acm:GetCertificate', phase: 'read' },
      // The data source has @Tags(identifierAttribute="arn") and never sets tags itself: the interceptor lists them.
      { action: 'acm:ListTagsForCertificate', phase: 'read' },
    ],
  },

  'data.aws_iam_role': {
    source: 'internal/service/iam/role_data_source.go (dataSourceRoleRead); internal/service/iam/role.go (findRoleByName)',
    calls: [
      // Tags come from the same GetRole output.
      { action: 'iam:GetRole', phase: 'read' },
    ],
  },

  // ---------------------------------------------------------------------------------------------------------------------
  // Pseudo-rows.
  // The context's KMS key is amc-bootstrap's (constructs/context-key.ts); the cluster stack finds it by its alias.
  'data.aws_kms_alias': {
    source: 'internal/service/kms/alias_data_source.go (dataSourceAliasRead: findAliasByName, then findKeyByID with the alias)',
    calls: [
      { action: 'kms:ListAliases', phase: 'read' },
      // Always, to read the target key's ARN and id from AWS rather than from the listing.
      { action: 'kms:DescribeKey', phase: 'read' },
    ],
  },

  provider: {
    source:
      'internal/conns/config.go (Config.ConfigureProvider) -> hashicorp/aws-sdk-go-base/v2 (GetAwsConfig, GetAwsAccountIDAndPartition, ' +
      'assume-role credentials provider)',
    calls: [
      // assume_role { role_arn, session_name }: the stack's credentials assume the Terraform role itself. No session tags,
      // transitive tag keys or source identity are set, so no sts:TagSession / sts:SetSourceIdentity. The credential check
      // and allowed_account_ids use sts:GetCallerIdentity, which needs no permission. iam:GetUser / iam:ListRoles are only
      // tried with skip_credentials_validation = true and skip_requesting_account_id = false: never here.
      { action: 'sts:AssumeRole', phase: 'read' },
    ],
  },

  's3-backend': {
    source:
      'hashicorp/terraform internal/backend/remote-state/s3/client.go (RemoteClient.get, RemoteClient.put, RemoteClient.Delete, ' +
      'lockWithFile, unlockWithFile, getLockInfoWithFile); ' +
      'internal/backend/remote-state/s3/backend_state.go (Backend.Workspaces, Backend.StateMgr)',
    calls: [
      // StateMgr lists the workspaces (ListObjects(V2) under the workspace key prefix) on every init/plan/apply.
      { action: 's3:ListBucket', phase: 'read' },
      // HeadObject and GetObject of the state (both s3:GetObject), and GetObject of the <key>.tflock file to read the
      // holder's lock info when a lock is refused and before unlocking.
      { action: 's3:GetObject', phase: 'read' },
      // The state, with ServerSideEncryption AES256 (encrypt = true, no kms_key_id: no kms:* needed) and a SHA-256
      // checksum; and the lock file, a PutObject with If-None-Match: * (use_lockfile = true).
      { action: 's3:PutObject', phase: 'update' },
      // Unlock deletes the .tflock file (every run that locked); deleting a workspace deletes its state.
      { action: 's3:DeleteObject', phase: 'delete' },
      // (No DynamoDB: no dynamodb_table. The backend's own assume_role, when set, is an sts:AssumeRole of that role.)
    ],
  },
};
