// Cost: 0.1 s here (2 cores, whole suite running): config only, in-process; the stacks' guard is test/placeholders.test.ts.
// Which fields of a context still hold a sample value (config/placeholders.ts), and the refusal a plan prints.
import { placeholderFields, placeholderMessage, type ContextConfig, type ContextInput } from '../config';
import { configured, contexts, inputs, variant } from './config-fixtures';

const [devInput] = inputs;
const real = configured;

describe('placeholderFields', () => {
  test.each(contexts)('names every sample value of config/$name.ts', (config) => {
    expect(placeholderFields(config)).toEqual([
      'aws.accountId',
      'dns.parentDomain',
      'state.bucket',
      'cluster.publicAccessCidrs[0]',
      'gitlab.projectPath',
      'gitlab.agent.projectPath',
      'bootstrap.adminPrincipals[0]',
      'bootstrap.terraformPrincipals[0]',
      'bootstrap.breakGlassPrincipals[0]',
    ]);
  });

  test('finds none once every Required value is real', () => {
    expect(placeholderFields(variant(devInput, real))).toEqual([]);
  });

  test.each([
    ['an example.org subdomain', (i: ContextInput) => ({ ...real(i), dns: { parentDomain: 'dev.example.org' } }), ['dns.parentDomain']],
    [
      'an explicit cluster zone under example.net',
      (i: ContextInput) => ({ ...real(i), dns: { parentDomain: 'acme.io', clusterZone: 'x.example.net' } }),
      ['dns.clusterZone'],
    ],
    [
      'the sample project group',
      (i: ContextInput) => ({ ...real(i), gitlab: { ...i.gitlab, projectPath: 'example-group/other' } }),
      ['gitlab.projectPath', 'gitlab.agent.projectPath'],
    ],
    [
      'addresses inside TEST-NET-1 and TEST-NET-2',
      (i: ContextInput) => ({
        ...real(i),
        cluster: { ...i.cluster, publicAccessCidrs: ['34.250.10.0/24', '192.0.2.0/28', '198.51.100.7/32'] },
      }),
      ['cluster.publicAccessCidrs[1]', 'cluster.publicAccessCidrs[2]'],
    ],
    [
      'a self-managed GitLab at example.com',
      (i: ContextInput) => ({ ...real(i), gitlab: { ...real(i).gitlab, baseUrl: 'https://gitlab.example.com/api/v4/' } }),
      ['gitlab.baseUrl'],
    ],
    [
      'the sample account in the state bucket only',
      (i: ContextInput) => ({ ...real(i), state: { bucket: 'state-111111111111' } }),
      ['state.bucket'],
    ],
  ])('finds %s', (_, change, fields) => {
    expect(placeholderFields(variant(devInput, change))).toEqual(fields);
  });

  test('does not mistake a larger range that merely contains a documentation range', () => {
    const config = variant(devInput, (i) => ({ ...real(i), cluster: { ...i.cluster, publicAccessCidrs: ['192.0.0.0/16'] } }));
    expect(placeholderFields(config)).toEqual([]);
  });

  test('does not mistake a subgroup that merely shares the sample group name', () => {
    const config = variant(devInput, (i) => ({
      ...real(i),
      gitlab: { ...i.gitlab, projectPath: 'acme/example-group/amc', agent: { projectPath: 'acme/example-group/amc-agents' } },
    }));
    expect(placeholderFields(config)).toEqual([]);
  });

  test('skips a null, which only a hand-built config can hold', () => {
    const config = { ...contexts[0], dns: { ...contexts[0].dns, parentZoneId: null } } as unknown as ContextConfig;
    expect(placeholderFields(config)).toEqual(placeholderFields(contexts[0]));
  });
});

describe('fields derived from another are named by it, once', () => {
  test('the cluster zone, the bootstrap roles and the state account go with their source', () => {
    const fields = placeholderFields(contexts[0]);
    for (const derived of ['dns.clusterZone', 'aws.terraformRoleArn', 'adminRoleArn', 'state.accountId'])
      expect(fields).not.toContain(derived);
  });

  test('each is named itself when it is set on its own to a sample value', () => {
    const sample = 'arn:aws:iam::111111111111:role/x';
    const config = variant(devInput, (i) => ({
      ...real(i),
      aws: { ...real(i).aws, terraformRoleArn: sample },
      adminRoleArn: sample,
      state: { ...real(i).state, accountId: '111111111111' },
    }));
    expect(placeholderFields(config)).toEqual(['aws.terraformRoleArn', 'adminRoleArn', 'state.accountId']);
  });

  test('a role the bootstrap does not make is named even while the account is a sample', () => {
    const config = variant(devInput, (i) => ({ ...i, aws: { ...i.aws, terraformRoleArn: 'arn:aws:iam::111111111111:role/own' } }));
    expect(placeholderFields(config)).toContain('aws.terraformRoleArn');
    expect(placeholderFields(config)).not.toContain('adminRoleArn');
  });
});

describe('placeholderMessage', () => {
  test('names the context, its file and every field, and says what to do', () => {
    expect(placeholderMessage(contexts[1])).toBe(
      "Context 'prod' still has placeholder values in config/prod.ts: aws.accountId, dns.parentDomain, state.bucket, " +
        'cluster.publicAccessCidrs[0], gitlab.projectPath, gitlab.agent.projectPath, bootstrap.adminPrincipals[0], bootstrap.terraformPrincipals[0], ' +
        'bootstrap.breakGlassPrincipals[0]. Replace every placeholder ' +
        '(README, Customise) before you plan or deploy; synth works with them, Terraform does not.',
    );
  });

  test('is undefined once every value is real', () => {
    expect(placeholderMessage(variant(devInput, real))).toBeUndefined();
  });
});
