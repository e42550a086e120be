import type { ContextInput } from './types';

/** The development context. Replace every value marked Required; the rest are defaults you may change. */
export const dev = {
  name: 'dev',
  aws: {
    accountId: '111111111111', // Required: an account of its own (see aws.sharesAccountWith)
    region: 'eu-west-1', // Required
  },
  dns: {
    parentDomain: 'example.com', // Required
  },
  state: {
    bucket: 'amc-terraform-state-111111111111-dev', // Required
  },
  network: {
    mode: 'create',
    vpcCidr: '10.10.0.0/16',
    publicSubnetCidrs: ['10.10.0.0/24', '10.10.1.0/24', '10.10.2.0/24'],
    privateSubnetCidrs: ['10.10.16.0/20', '10.10.32.0/20', '10.10.48.0/20'],
    natGateways: 'single',
    flowLogRetentionDays: 30,
  },
  cluster: {
    // Where Terraform (laptop or CI runner egress) and your admins reach the API from; a documentation range here.
    publicAccessCidrs: ['203.0.113.0/24'], // Required
    logRetentionDays: 30,
    deletionProtection: false,
  },
  gitlab: {
    projectPath: 'example-group/amc', // Required
    branch: 'dev',
    // The agent's configuration project: one of its own, with no pipelines (README, Cluster access from CI).
    agent: { projectPath: 'example-group/amc-agents' }, // Required
  },
  policy: {
    suppressions: [
      { rule: 'AMC-LOG-1', path: 'amc/eks/logs', reason: 'dev keeps control-plane logs 30 days: nothing there is audited' },
      { rule: 'AMC-LOG-1', path: 'amc/network/flow-logs', reason: 'dev keeps VPC flow logs 30 days, for debugging, not audit' },
    ],
  },
  bootstrap: {
    // IAM roles rather than users: Terraform cannot prompt for MFA.
    adminPrincipals: ['arn:aws:iam::111111111111:role/example-sso-admins'], // Required
    terraformPrincipals: ['arn:aws:iam::111111111111:role/example-platform-engineers'], // Required for laptop deploys
    breakGlassPrincipals: ['arn:aws:iam::111111111111:role/example-sso-admins'], // Required: who runs this bootstrap
  },
} satisfies ContextInput;
