import type { ContextInput } from './types';

/** The production context. Replace every value marked Required; the rest are defaults you may change. */
export const prod = {
  name: 'prod',
  aws: {
    accountId: '222222222222', // Required: an account of its own (see aws.sharesAccountWith)
    region: 'eu-west-1', // Required
  },
  dns: {
    parentDomain: 'example.com', // Required
  },
  state: {
    bucket: 'amc-terraform-state-222222222222-prod', // Required
  },
  network: {
    mode: 'create',
    vpcCidr: '10.20.0.0/16',
    publicSubnetCidrs: ['10.20.0.0/24', '10.20.1.0/24', '10.20.2.0/24'],
    privateSubnetCidrs: ['10.20.16.0/20', '10.20.32.0/20', '10.20.48.0/20'],
    natGateways: 'per-az',
    flowLogRetentionDays: 365,
  },
  cluster: {
    // Where Terraform (laptop or CI runner egress) and your admins reach the API from; a documentation range here.
    publicAccessCidrs: ['203.0.113.0/24'], // Required
    logRetentionDays: 365,
    deletionProtection: true,
  },
  gitlab: {
    projectPath: 'example-group/amc', // Required
    branch: 'main',
    // The agent's configuration project: one of its own, with no pipelines (README, Cluster access from CI).
    agent: { projectPath: 'example-group/amc-agents' }, // Required
  },
  policy: {
    suppressions: [],
  },
  bootstrap: {
    // IAM roles rather than users: Terraform cannot prompt for MFA.
    adminPrincipals: ['arn:aws:iam::222222222222:role/example-sso-admins'], // Required
    terraformPrincipals: ['arn:aws:iam::222222222222:role/example-platform-engineers'], // Required for laptop deploys
    breakGlassPrincipals: ['arn:aws:iam::222222222222:role/example-sso-admins'], // Required: who runs this bootstrap
  },
} satisfies ContextInput;
