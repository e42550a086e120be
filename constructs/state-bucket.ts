import { Construct } from 'constructs';
import type { TerraformProvider } from 'cdktf';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { suppress } from '../policy/pack';

export interface StateBucketProps {
  readonly bucket: string;
  /** Days replaced and deleted state versions are kept. */
  readonly noncurrentVersionDays: number;
  /** Roles of other accounts that keep state here: they get what the S3 backend with use_lockfile needs. */
  readonly crossAccountRoleArns: readonly string[];
  /** Roles of other accounts that only read state here (plans with -lock=false), and the keys they read. */
  readonly crossAccountReaderArns?: readonly string[];
  readonly readerKeys?: readonly string[];
  /**
   * The only principals that may write state objects (and read them), and those that may only read them: everyone else
   * is denied, whatever their IAM policies say (ReadOnlyAccess includes s3:GetObject on every bucket).
   */
  readonly writers: readonly string[];
  readonly readers: readonly string[];
  /** The only principals that may change the bucket's settings and this policy. */
  readonly breakGlass: readonly string[];
  /** The key prefix their state lives under. */
  readonly keyPrefix: string;
  /** The provider of the account that holds the bucket, when it is not the stack's default one. */
  readonly provider?: TerraformProvider;
}

/**
 * The S3 bucket for Terraform state: versioned, encrypted, private, owner-enforced, TLS only, never destroyed by
 * Terraform. SSE-S3 (AES-256): who may read state is decided by IAM and this bucket policy; a customer-managed KMS key
 * would add a key policy to keep in step with them (and, across accounts, grants) for no further protection here.
 */
export class StateBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const provider = props.provider;
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucket, provider, lifecycle: { preventDestroy: true } });
    suppress(
      this.bucket,
      'AMC-S3-3',
      'SSE-S3: IAM and the bucket policy decide who reads state; a KMS key policy would be a third place to keep in step',
    );
    const bucket = this.bucket.id;
    const versioning = new S3BucketVersioningA(this, 'versioning', { bucket, provider, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      provider,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      provider,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, provider, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      provider,
      // The provider's documentation: noncurrent-version rules after versioning is on.
      dependsOn: [versioning],
      rule: [
        {
          id: 'old-state-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }],
          // Every released .tflock leaves a delete marker behind; clear those with nothing under them.
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', { bucket, provider, policy: statePolicy(this.bucket.arn, props) });
  }
}

function statePolicy(arn: string, props: StateBucketProps): string {
  const writers = [...props.writers];
  const readers = [...props.writers, ...props.readers];
  const readersElsewhere = props.crossAccountReaderArns ?? [];
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [arn, `${arn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      // aws:PrincipalArn is the role's ARN, not the session's: every session of these roles matches.
      {
        Sid: 'StateWritersOnly',
        Effect: 'Deny',
        Principal: '*',
        // Every write of an object, replication's included (s3:ReplicateObject, ReplicateDelete).
        Action: ['s3:PutObject*', 's3:DeleteObject*', 's3:Replicate*', 's3:RestoreObject'],
        Resource: `${arn}/*`,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': writers } },
      },
      {
        Sid: 'StateReadersOnly',
        Effect: 'Deny',
        Principal: '*',
        // Every read of an object, replication's included (s3:GetObjectVersionForReplication).
        Action: ['s3:GetObject*'],
        Resource: `${arn}/*`,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': readers } },
      },
      // The bucket's own settings, this policy among them, are the break-glass principals' (the bootstrap's applier):
      // no one else's IAM permissions (PowerUserAccess, say) may loosen them. The account root can still repair a policy.
      {
        Sid: 'SettingsBreakGlassOnly',
        Effect: 'Deny',
        Principal: '*',
        // Every setting: policy, ACLs, versioning, encryption, lifecycle and replication among them.
        Action: ['s3:DeleteBucket*', 's3:PutBucket*', 's3:Put*Configuration'],
        Resource: arn,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...props.breakGlass] } },
      },
      // The S3 backend lists the bucket, reads and writes the state, and creates and deletes the .tflock object.
      ...(props.crossAccountRoleArns.length > 0
        ? [
            { Sid: 'StateList', Effect: 'Allow', Principal: { AWS: props.crossAccountRoleArns }, Action: 's3:ListBucket', Resource: arn },
            {
              Sid: 'StateObjects',
              Effect: 'Allow',
              Principal: { AWS: props.crossAccountRoleArns },
              Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
              Resource: `${arn}/${props.keyPrefix}/*`,
            },
          ]
        : []),
      ...(readersElsewhere.length > 0
        ? [
            { Sid: 'PlanList', Effect: 'Allow', Principal: { AWS: readersElsewhere }, Action: 's3:ListBucket', Resource: arn },
            {
              Sid: 'PlanRead',
              Effect: 'Allow',
              Principal: { AWS: readersElsewhere },
              Action: 's3:GetObject',
              Resource: (props.readerKeys ?? [`${props.keyPrefix}/*`]).map((key) => `${arn}/${key}`),
            },
          ]
        : []),
    ],
  });
}
