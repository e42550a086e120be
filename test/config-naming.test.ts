// Cost: 0.1 s here (2 cores, whole suite running): naming only.
import { bootstrapPolicies, bootstrapRoles, bootstrapStackId, names, stackIds, tags } from '../config';
import { contexts } from './config-fixtures';

const [dev] = contexts;

describe('names', () => {
  test('are <product>-<context>-<component>, and the stack ids the HCL units', () => {
    const { stateKey, ...rest } = names(dev, { remoteBackend: true });
    expect(rest).toEqual({
      prefix: 'amc-dev',
      vpc: 'amc-dev-vpc',
      cluster: 'amc-dev-eks',
      cloudwatchAgentRole: 'amc-dev-cloudwatch-agent',
      externalDnsRole: 'amc-dev-external-dns',
      deployKeySecret: 'amc-dev-flux-deploy-key',
      deployKeyTitle: 'amc-dev-eks flux (read-only)',
      zone: 'dev.example.com',
      certificateDomain: '*.dev.example.com',
      kubeconfig: 'aws eks update-kubeconfig --region eu-west-1 --name amc-dev-eks --role-arn arn:aws:iam::111111111111:role/amc-dev-admin',
      agent: 'amc-dev',
      agentKubeContext: `${dev.gitlab.agent.projectPath}:amc-dev`,
      agentTokenSecret: 'amc-dev-gitlab-agent-token',
    });
    expect(stateKey('amc-dev')).toBe('amc/amc-dev.tfstate');
    expect(stackIds('dev')).toEqual({ gitlab: 'amc-gitlab-dev', cluster: 'amc-dev', flux: 'amc-flux-dev' });
  });

  test("carry the edition after the context, in the zone's first label and in the state key", () => {
    const { stateKey, ...rest } = names(dev, { remoteBackend: true, edition: 'pr7' });
    expect(rest).toMatchObject({
      prefix: 'amc-dev-pr7',
      cluster: 'amc-dev-pr7-eks',
      agentKubeContext: `${dev.gitlab.agent.projectPath}:amc-dev-pr7`,
      zone: 'dev-pr7.example.com',
      certificateDomain: '*.dev-pr7.example.com',
    });
    expect(stateKey('amc-dev')).toBe('amc/pr7/amc-dev.tfstate');
    expect(stackIds('dev', 'pr7')).toEqual({ gitlab: 'amc-gitlab-dev-pr7', cluster: 'amc-dev-pr7', flux: 'amc-flux-dev-pr7' });
  });
});

describe('tags', () => {
  test('name the product, context, component and edition, default when there is none', () => {
    expect(tags(dev, { remoteBackend: true }, 'amc-dev')).toEqual({
      Product: 'amc',
      Environment: 'dev',
      Component: 'amc-dev',
      Edition: 'default',
      Provisioner: 'cdktf',
    });
    expect(tags(dev, { remoteBackend: true, edition: 'pr7' }, 'amc-dev').Edition).toBe('pr7');
  });
});

describe('the bootstrap', () => {
  test('has one stack per context, never per edition, and names the roles it makes after the context', () => {
    expect(bootstrapStackId('dev')).toBe('amc-bootstrap-dev');
    expect(bootstrapRoles('prod')).toEqual({ terraform: 'amc-prod-terraform', plan: 'amc-prod-plan', admin: 'amc-prod-admin' });
    expect(bootstrapPolicies('prod')).toEqual({
      deploy: 'amc-prod-terraform',
      plan: 'amc-prod-plan',
      boundary: 'amc-prod-workload-boundary',
    });
  });
});
