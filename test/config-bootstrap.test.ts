// Cost: 0.1 s here (2 cores, whole suite running): validation and defaults of what amc-bootstrap reads; no stacks.
// Both sides of every limit on the bootstrap's fields: the state account and its role, flow logs, GitLab's OIDC identity,
// the principals the roles trust, and the one OIDC provider per account that the contexts share.
import { ConfigError, validateAll, withDefaults, type ContextConfig, type ContextInput } from '../config';
import { contexts, gitlab, inputs, network, problems, thrown } from './config-fixtures';

const [dev, prod] = inputs;
const OTHER = '222222222222';

const aws = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, aws: { ...i.aws, ...change } });
const state = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, state: { ...i.state, ...change } });
const oidc = (change: Record<string, unknown>) => (i: ContextInput) => ({
  ...i,
  gitlab: { ...i.gitlab, oidc: { ...i.gitlab.oidc, ...change } },
});
const bootstrap = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, bootstrap: { ...i.bootstrap, ...change } });
/** An IAM role ARN of the given account. */
const role = (account: string, name = 'amc-state') => `arn:aws:iam::${account}:role/${name}`;

const RETENTION_PERIODS = '1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653';
const NOT_A_ROLE = 'is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)';
const NOT_AN_INSTANCE = "is not a GitLab instance URL ('https://<host>', no path or trailing slash)";
const NOT_AN_AUDIENCE = 'is not an audience (1-255 characters, no spaces)';
const NOT_A_PRINCIPAL = 'is not an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>)';

describe('state account, bootstrap role and version retention', () => {
  test.each([
    ["the context's own account, named explicitly", state({ accountId: '111111111111' })],
    ['another account, with a role there to assume', state({ accountId: OTHER, bootstrapRoleArn: role(OTHER) })],
    ['another account, with a role under a path', state({ accountId: OTHER, bootstrapRoleArn: role(OTHER, 'org/amc/state-admin') })],
    ["a bootstrap role in the context's own account", state({ bootstrapRoleArn: role('111111111111') })],
    ['noncurrent versions kept 1 day', state({ noncurrentVersionDays: 1 })],
    ['noncurrent versions kept 10 years', state({ noncurrentVersionDays: 3653 })],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test.each([
    [
      'another account without a role to assume',
      state({ accountId: OTHER }),
      [`state.bootstrapRoleArn: undefined is not set: the bootstrap needs a role to assume in state.accountId '${OTHER}'`],
    ],
    [
      'a state account of 11 digits, without a role',
      state({ accountId: '22222222222' }),
      ["state.accountId: '22222222222' is not a 12-digit AWS account id"],
    ],
    [
      'a state account of 13 digits, with a role of that account',
      state({ accountId: '2222222222222', bootstrapRoleArn: role('2222222222222') }),
      [
        "state.accountId: '2222222222222' is not a 12-digit AWS account id",
        "state.bootstrapRoleArn: 'arn:aws:iam::2222222222222:role/amc-state' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)",
      ],
    ],
    [
      'another state account beside a malformed aws.accountId, reported as the latter only',
      (i: ContextInput) => ({ ...aws({ accountId: '12345' })(i), state: { ...i.state, accountId: OTHER } }),
      ["aws.accountId: '12345' is not a 12-digit AWS account id"],
    ],
    [
      'a bootstrap role that is a user',
      state({ accountId: OTHER, bootstrapRoleArn: `arn:aws:iam::${OTHER}:user/bob` }),
      [`state.bootstrapRoleArn: 'arn:aws:iam::${OTHER}:user/bob' ${NOT_A_ROLE}`],
    ],
    [
      'a bootstrap role in a third account',
      state({ accountId: OTHER, bootstrapRoleArn: role('333333333333') }),
      [`state.bootstrapRoleArn: '${role('333333333333')}' is not in state.accountId '${OTHER}'`],
    ],
    [
      "a bootstrap role in the context's account while the state is in another",
      state({ accountId: OTHER, bootstrapRoleArn: role('111111111111') }),
      [`state.bootstrapRoleArn: '${role('111111111111')}' is not in state.accountId '${OTHER}'`],
    ],
    [
      "a bootstrap role in another account while the state is in the context's",
      state({ bootstrapRoleArn: role(OTHER) }),
      [`state.bootstrapRoleArn: '${role(OTHER)}' is not in state.accountId '111111111111'`],
    ],
    [
      'noncurrent versions kept 0 days',
      state({ noncurrentVersionDays: 0 }),
      ['state.noncurrentVersionDays: 0 is not a whole number of days, 1 or more'],
    ],
    [
      'noncurrent versions kept a day and a half',
      state({ noncurrentVersionDays: 1.5 }),
      ['state.noncurrentVersionDays: 1.5 is not a whole number of days, 1 or more'],
    ],
    [
      'noncurrent versions kept -1 days',
      state({ noncurrentVersionDays: -1 }),
      ['state.noncurrentVersionDays: -1 is not a whole number of days, 1 or more'],
    ],
    [
      'noncurrent versions given as text',
      state({ noncurrentVersionDays: '90' }),
      ["state.noncurrentVersionDays: '90' is not a whole number of days, 1 or more"],
    ],
  ])('rejects %s', (_, change, expected) => {
    expect(problems(change)).toEqual(expected);
  });
});

describe('VPC flow logs', () => {
  test.each([
    ['none', undefined],
    ['the shortest retention', 1],
    ['the longest retention', 3653],
  ])('accept %s', (_, flowLogRetentionDays) => {
    expect(problems(network({ flowLogRetentionDays }))).toEqual([]);
  });

  test.each([
    [10, '10'],
    [0, '0'],
    ['30', "'30'"],
  ])('reject a retention of %j days', (flowLogRetentionDays, shown) => {
    expect(problems(network({ flowLogRetentionDays }))).toEqual([
      `network.flowLogRetentionDays: ${shown} is not a CloudWatch Logs retention period (one of ${RETENTION_PERIODS})`,
    ]);
  });
});

describe("GitLab's OIDC identity", () => {
  test.each([
    ['a self-managed instance', oidc({ url: 'https://gitlab.example.com' })],
    ['an instance on a port', oidc({ url: 'https://gitlab.example.com:8443' })],
    ['an instance on a five-digit port', oidc({ url: 'https://gitlab.example.com:65535' })],
    ['an instance with a hyphen in its name', oidc({ url: 'https://git-lab.example.com' })],
    ['an instance of a one-letter host name', oidc({ url: 'https://g' })],
    ['an audience of its own', oidc({ audience: 'sts.amazonaws.com' })],
    ['an audience of one character', oidc({ audience: 'x' })],
    ['an audience of 255 characters', oidc({ audience: 'a'.repeat(255) })],
    ["a provider that another context's bootstrap makes", oidc({ provider: 'existing' })],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test.each([
    ['a trailing slash', 'https://gitlab.example.com/'],
    ['a path', 'https://gitlab.example.com/gitlab'],
    ['plain HTTP', 'http://gitlab.example.com'],
    ['another scheme in front', 'git+https://gitlab.example.com'],
    ['capitals', 'https://GitLab.example.com'],
    ['a six-digit port', 'https://gitlab.example.com:123456'],
    ['an empty port', 'https://gitlab.example.com:'],
    ['a port in words', 'https://gitlab.example.com:https'],
    ['a host starting with a hyphen', 'https://-gitlab.example.com'],
    ['a host ending in a dot', 'https://gitlab.example.com.'],
    ['no host', 'https://'],
  ])('rejects an instance URL with %s', (_, url) => {
    expect(problems(oidc({ url }))).toEqual([`gitlab.oidc.url: '${url}' ${NOT_AN_INSTANCE}`]);
  });

  test('reports a URL with a space once, as the URL, not again as the audience that defaults to it', () => {
    const url = 'https://git lab.example.com';
    expect(withDefaults(oidc({ url })(dev)).gitlab.oidc.audience).toBe(url);
    expect(problems(oidc({ url }))).toEqual([`gitlab.oidc.url: '${url}' ${NOT_AN_INSTANCE}`]);
  });

  test.each([
    ['256 characters', 'a'.repeat(256)],
    ['a space', 'gitlab ci'],
    ['nothing in it', ''],
  ])('rejects an audience of %s', (_, audience) => {
    expect(problems(oidc({ audience }))).toEqual([`gitlab.oidc.audience: '${audience}' ${NOT_AN_AUDIENCE}`]);
  });

  test('rejects a provider mode it does not know', () => {
    expect(problems(oidc({ provider: 'import' }))).toEqual([
      "gitlab.oidc.provider: 'import' is not an OIDC provider mode (one of 'create', 'existing')",
    ]);
  });
});

describe('principals the bootstrap roles trust', () => {
  const sso = 'arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef';

  test.each([
    ['an SSO role under its path', bootstrap({ adminPrincipals: [sso] })],
    ['several admins, a user among them', bootstrap({ adminPrincipals: [sso, 'arn:aws:iam::111111111111:user/alice'] })],
    ['a user of another account for Terraform', bootstrap({ terraformPrincipals: [`arn:aws:iam::${OTHER}:user/ci+deploy=1,a.b@c-d`] })],
    ['a role name of 64 characters', bootstrap({ terraformPrincipals: [role(OTHER, 'r'.repeat(64))] })],
    ['no Terraform principals', bootstrap({ terraformPrincipals: [] })],
    [
      'no admin principals beside an admin role of your own',
      (i: ContextInput) => ({
        ...i,
        adminRoleArn: role('111111111111', 'platform-admins'),
        bootstrap: { ...i.bootstrap, adminPrincipals: [] },
      }),
    ],
  ])('accepts %s', (_, change) => {
    expect(problems(change)).toEqual([]);
  });

  test.each([
    ['a role name of 65 characters', role('111111111111', 'r'.repeat(65))],
    ['a group', 'arn:aws:iam::111111111111:group/admins'],
    ['the account root', 'arn:aws:iam::111111111111:root'],
    ['an assumed-role session', 'arn:aws:sts::111111111111:assumed-role/admins/alice'],
    ['something in front', 'xarn:aws:iam::111111111111:role/admins'],
    ['a trailing slash', 'arn:aws:iam::111111111111:role/admins/'],
    ['an account of 11 digits', 'arn:aws:iam::11111111111:role/admins'],
    ['a space in the name', 'arn:aws:iam::111111111111:role/sso admins'],
  ])('rejects an admin principal with %s', (_, arn) => {
    expect(problems(bootstrap({ adminPrincipals: [arn] }))).toEqual([`bootstrap.adminPrincipals[0]: '${arn}' ${NOT_A_PRINCIPAL}`]);
  });

  test.each([
    [
      'a bad Terraform principal after a good one',
      bootstrap({ terraformPrincipals: [role(OTHER, 'deployer'), 'arn:aws:iam::222222222222:group/ops'] }),
      [`bootstrap.terraformPrincipals[1]: 'arn:aws:iam::222222222222:group/ops' ${NOT_A_PRINCIPAL}`],
    ],
    [
      'no admin principals for the admin role the bootstrap makes',
      bootstrap({ adminPrincipals: [] }),
      ['bootstrap.adminPrincipals: [] is empty: nobody could assume the admin role'],
    ],
    [
      'admin principals given as one string',
      bootstrap({ adminPrincipals: role('111111111111', 'admins') }),
      [`bootstrap.adminPrincipals: '${role('111111111111', 'admins')}' is not a list`],
    ],
    ['admin principals given as an empty string', bootstrap({ adminPrincipals: '' }), ["bootstrap.adminPrincipals: '' is not a list"]],
    [
      'no break-glass principals',
      bootstrap({ breakGlassPrincipals: [] }),
      ['bootstrap.breakGlassPrincipals: [] is empty: the state bucket would deny its bootstrap state to whoever runs the bootstrap'],
    ],
    [
      'a break-glass group',
      bootstrap({ breakGlassPrincipals: ['arn:aws:iam::111111111111:group/ops'] }),
      [`bootstrap.breakGlassPrincipals[0]: 'arn:aws:iam::111111111111:group/ops' ${NOT_A_PRINCIPAL}`],
    ],
    [
      'Terraform principals given as one string',
      bootstrap({ terraformPrincipals: role(OTHER, 'deployer') }),
      [`bootstrap.terraformPrincipals: '${role(OTHER, 'deployer')}' is not a list`],
    ],
  ])('rejects %s', (_, change, expected) => {
    expect(problems(change)).toEqual(expected);
  });
});

describe('one OIDC provider per account and URL, across contexts', () => {
  /** Both contexts in dev's account, each saying so, with prod changed further. */
  const shared = (change: (input: ContextInput) => ContextInput = (i) => i) => [
    withDefaults(aws({ sharesAccountWith: ['prod'] })(dev)),
    withDefaults(change(aws({ accountId: '111111111111', sharesAccountWith: ['dev'] })(prod))),
  ];
  const creating = oidc({ provider: 'create' });
  const using = oidc({ provider: 'existing' });

  test.each([
    ['each creates its own, in accounts of their own (as shipped)', contexts],
    ['dev creates it in the account they share, prod uses it', shared(using)],
    ['neither creates it: the account has it already', [withDefaults(using(aws({ sharesAccountWith: ['prod'] })(dev))), shared(using)[1]]],
    ['each creates its own, for GitLab instances of their own', shared(oidc({ provider: 'create', url: 'https://gitlab.example.com' }))],
    ['one context alone creates it', [contexts[0]]],
  ])('accepts %s', (_, configs: readonly ContextConfig[]) => {
    expect(validateAll(configs)).toEqual(configs);
  });

  test('rejects two contexts creating the same one, naming both, the account and the URL', () => {
    const error = thrown(() => validateAll(shared(creating)));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({
      subject: 'contexts',
      problems: [
        "gitlab.oidc.provider: dev and prod would each create the OIDC provider of account 111111111111 and https://gitlab.com; set 'existing' in all but one",
      ],
      message:
        'invalid contexts:\n' +
        "  - gitlab.oidc.provider: dev and prod would each create the OIDC provider of account 111111111111 and https://gitlab.com; set 'existing' in all but one",
    });
  });

  test("reports an invalid context's own problems first, before the problems contexts share", () => {
    const badDev = withDefaults({ ...aws({ sharesAccountWith: ['prod'] })(dev), flux: { interval: '5' } });
    expect(thrown(() => validateAll([badDev, shared(creating)[1]]))).toMatchObject({
      subject: "context 'dev'",
      problems: ["flux.interval: '5' is not a duration such as '5m' or '1h30m'"],
    });
  });
});

describe('contexts against each other', () => {
  const both = (changeDev: (i: ContextInput) => ContextInput, changeProd: (i: ContextInput) => ContextInput) =>
    thrown(() => validateAll([withDefaults(changeDev(dev)), withDefaults(changeProd(prod))]));

  test('reject a shared account that a context does not declare, naming both contexts and what to set', () => {
    expect(both(aws({ sharesAccountWith: ['prod'] }), aws({ accountId: '111111111111' }))).toMatchObject({
      subject: 'contexts',
      problems: [
        "aws.sharesAccountWith: dev and prod share account 111111111111, but prod does not say so: put each context in an account of its own, or set aws.sharesAccountWith: ['dev'] in config/prod.ts",
        "gitlab.oidc.provider: dev and prod would each create the OIDC provider of account 111111111111 and https://gitlab.com; set 'existing' in all but one",
      ],
    });
  });

  test('reject a context that says it shares an account with one that lives elsewhere', () => {
    expect(both(aws({ sharesAccountWith: ['prod'] }), (i) => i)).toMatchObject({
      problems: ['aws.sharesAccountWith: dev names prod, but dev is in account 111111111111 and prod in 222222222222'],
    });
  });

  test('reject one state bucket and one branch for two contexts, naming both', () => {
    expect(both(state({ bucket: 'acme-state' }), (i) => gitlab({ branch: 'dev' })(state({ bucket: 'acme-state' })(i)))).toMatchObject({
      problems: [
        "state.bucket: dev and prod both use 'acme-state'; each context's bootstrap makes a bucket of its own",
        "gitlab.branch: dev and prod both deploy from 'dev'; each branch deploys one context",
      ],
    });
  });

  test.each([
    ['itself', ['dev'], "aws.sharesAccountWith[0]: 'dev' is this context itself"],
    ['a context amc does not know', ['staging'], "aws.sharesAccountWith[0]: 'staging' is not a known context (one of 'dev', 'prod')"],
    ['one name as a string', 'prod', "aws.sharesAccountWith: 'prod' is not a list"],
  ])('reject a shared account with %s', (_, value, message) => {
    expect(problems(aws({ sharesAccountWith: value }))).toEqual([message]);
  });
});

describe('defaults of the bootstrap fields', () => {
  test('make the state live in the context account, keep old versions 90 days, and name the roles amc-bootstrap makes', () => {
    const config = withDefaults(dev);
    expect(config.state).toEqual({
      bucket: 'amc-terraform-state-111111111111-dev',
      region: 'eu-west-1',
      accountId: '111111111111',
      bootstrapRoleArn: undefined,
      noncurrentVersionDays: 90,
    });
    expect(config.aws.terraformRoleArn).toBe('arn:aws:iam::111111111111:role/amc-dev-terraform');
    expect(config.aws.planRoleArn).toBe('arn:aws:iam::111111111111:role/amc-dev-plan');
    expect(config.aws.sharesAccountWith).toEqual([]);
    expect(config.adminRoleArn).toBe('arn:aws:iam::111111111111:role/amc-dev-admin');
    expect(config.bootstrap).toEqual({
      adminPrincipals: ['arn:aws:iam::111111111111:role/example-sso-admins'],
      terraformPrincipals: ['arn:aws:iam::111111111111:role/example-platform-engineers'],
      breakGlassPrincipals: ['arn:aws:iam::111111111111:role/example-sso-admins'],
      terraformRole: true,
      planRole: true,
      adminRole: true,
    });
    expect(withDefaults({ ...dev, bootstrap: { ...dev.bootstrap, terraformPrincipals: undefined } }).bootstrap.terraformPrincipals).toEqual(
      [],
    );
  });

  test("take the user's own roles and say the bootstrap makes neither", () => {
    const config = withDefaults({ ...dev, aws: { ...dev.aws, terraformRoleArn: role(OTHER, 'tf') }, adminRoleArn: role(OTHER, 'admin') });
    expect([config.aws.terraformRoleArn, config.adminRoleArn]).toEqual([role(OTHER, 'tf'), role(OTHER, 'admin')]);
    expect(config.bootstrap).toMatchObject({ terraformRole: false, adminRole: false });
  });

  test.each([
    ['nothing set', gitlab({ oidc: undefined }), { url: 'https://gitlab.com', audience: 'https://gitlab.com', provider: 'create' }],
    [
      'a self-managed host only',
      gitlab({ host: 'git.example.com', oidc: undefined }),
      { url: 'https://git.example.com', audience: 'https://git.example.com', provider: 'create' },
    ],
    [
      'the URL only',
      gitlab({ oidc: { url: 'https://gitlab.example.com' } }),
      { url: 'https://gitlab.example.com', audience: 'https://gitlab.example.com', provider: 'create' },
    ],
    [
      'the audience only',
      gitlab({ oidc: { audience: 'sts.amazonaws.com' } }),
      { url: 'https://gitlab.com', audience: 'sts.amazonaws.com', provider: 'create' },
    ],
    [
      'the provider only',
      gitlab({ oidc: { provider: 'existing' } }),
      { url: 'https://gitlab.com', audience: 'https://gitlab.com', provider: 'existing' },
    ],
  ])('fill in the OIDC identity from %s', (_, change, expected) => {
    expect(withDefaults(change(dev) as ContextInput).gitlab.oidc).toEqual(expected);
  });

  const one = [{ rule: 'AMC-LOG-1', path: 'amc/eks/logs', reason: 'dev keeps its logs 30 days' }];

  test.each([
    ['no policy', undefined, []],
    ['a policy without suppressions', {}, []],
    ['a policy with one', { suppressions: one }, one],
  ])('keep the suppressions of %s', (_, policy, suppressions) => {
    expect(withDefaults({ ...dev, policy }).policy).toEqual({ suppressions });
  });
});
