import { Construct } from 'constructs';
import { Fn } from 'cdktf';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';

export interface IrsaRoleProps {
  readonly name: string;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** The one service account allowed to assume the role. */
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly managedPolicyArns?: readonly string[];
  /** An inline policy document (JSON). */
  readonly inlinePolicy?: string;
  /** The permissions boundary the role carries. */
  readonly permissionsBoundary?: string;
}

/** An IAM role for one Kubernetes service account (IRSA), trusting exactly its subject and the STS audience. */
export class IrsaRole extends Construct {
  readonly role: IamRole;
  /** The managed-policy attachments: what uses the role depends on them, not only on the role. */
  readonly attachments: IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: IrsaRoleProps) {
    super(scope, id);
    const issuer = Fn.replace(props.oidcProvider.url, 'https://', '');
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRoleWithWebIdentity'],
          principals: [{ type: 'Federated', identifiers: [props.oidcProvider.arn] }],
          condition: [
            {
              test: 'StringEquals',
              variable: `${issuer}:sub`,
              values: [`system:serviceaccount:${props.namespace}:${props.serviceAccount}`],
            },
            { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
          ],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: props.name,
      assumeRolePolicy: trust.json,
      permissionsBoundary: props.permissionsBoundary,
    });
    this.attachments = (props.managedPolicyArns ?? []).map(
      (policyArn) => new IamRolePolicyAttachment(this, policyArn.split('/').pop() ?? policyArn, { role: this.role.name, policyArn }),
    );
    if (props.inlinePolicy) new IamRolePolicy(this, 'policy', { role: this.role.id, name: props.name, policy: props.inlinePolicy });
  }
}
