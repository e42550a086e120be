// Cost: 0.3 s here (2 cores, whole suite running): in-process synth of both contexts and variants.
// amc-bootstrap-<ctx>: the state bucket, GitLab CI's OIDC provider, the Terraform and admin roles. In-process synth
// only; about 1 s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { serviceOf } from '../constructs/bootstrap-roles';
import { MANAGED_POLICY_SIZE } from '../constructs/deploy-policies';
import { ConfigError, validateAll, workloadBoundaryArn, type ContextConfig, type ContextInput } from '../config';
import { ROOT, configured, contexts, dataSources, inputs, memoized, only, resources, synthContext, variant, type Synth } from './helpers';

const [devInput, prodInput] = inputs;
const ACCOUNT = '123456789012';
const real = (input: ContextInput) => variant(input, configured);

function bootstrapOf(config = real(devInput)) {
  const stacks = synthContext(config);
  if (!stacks.bootstrap) throw new Error('no bootstrap stack');
  return { stacks, ...stacks.bootstrap };
}

const role = (json: Synth, name: string) => {
  const found = resources(json, 'aws_iam_role').find((r) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return found;
};
const document = (text: unknown) => JSON.parse(String(text));

// Snapshot tests sit at the top level, named as before: jest-light-runner reports a test by its bare title, so a snapshot
// test inside a describe that is filtered out (-t) or fails would lose its snapshot under -u (test/suites.test.ts).
const realOf = memoized(real);
const synthesized = memoized((config: ContextConfig) => bootstrapOf(config));
const byName = inputs.map((input) => [input.name, input] as const);

test.each(byName)('amc-bootstrap (%s) matches the snapshot', (_, input) => {
  expect(synthesized(realOf(input)).text).toMatchSnapshot();
});

describe.each(byName)('amc-bootstrap (%s)', (name, input) => {
  const config = realOf(input);
  const { stacks, json } = synthesized(config);
  const branch = { dev: 'dev', prod: 'main' }[name];
  const terraformRole = `arn:aws:iam::${ACCOUNT}:role/amc-${name}-terraform`;
  const planRole = `arn:aws:iam::${ACCOUNT}:role/amc-${name}-plan`;

  test('keeps the state bucket versioned, encrypted, private, owner-enforced, and out of terraform destroy', () => {
    expect(only(json, 'aws_s3_bucket')).toMatchObject({ bucket: `acme-amc-state-${name}`, lifecycle: { prevent_destroy: true } });
    expect(only(json, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' });
    expect(only(json, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(only(json, 'aws_s3_bucket_public_access_block')).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(only(json, 'aws_s3_bucket_ownership_controls').rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
  });

  test('expires replaced state versions after the configured days, everywhere in the bucket', () => {
    expect(only(json, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([
      {
        id: 'old-state-versions',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        expiration: [{ expired_object_delete_marker: true }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
  });

  test('denies every request to the bucket without TLS, and state objects to all but the deploy, plan and break-glass roles', () => {
    const bucket = `\${aws_s3_bucket.${Object.keys(json.resource.aws_s3_bucket)[0]}.arn}`;
    const writers = [config.aws.terraformRoleArn, ...config.bootstrap.breakGlassPrincipals];
    expect(document(only(json, 'aws_s3_bucket_policy').policy).Statement).toEqual([
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucket, `${bucket}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
      {
        Sid: 'StateWritersOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject*', 's3:DeleteObject*', 's3:Replicate*', 's3:RestoreObject'],
        Resource: `${bucket}/*`,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': writers } },
      },
      {
        Sid: 'StateReadersOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:GetObject*'],
        Resource: `${bucket}/*`,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [...writers, config.aws.planRoleArn] } },
      },
      {
        Sid: 'SettingsBreakGlassOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteBucket*', 's3:PutBucket*', 's3:Put*Configuration'],
        Resource: bucket,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': config.bootstrap.breakGlassPrincipals } },
      },
    ]);
    // The roles the bucket lets in are the ones the bootstrap makes.
    expect([terraformRole, planRole]).toEqual([config.aws.terraformRoleArn, config.aws.planRoleArn]);
  });

  const oidc =
    name === 'dev' ? `\${aws_iam_openid_connect_provider.gitlab-oidc.arn}` : `\${data.aws_iam_openid_connect_provider.gitlab-oidc.arn}`;
  const people = {
    Sid: 'People',
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/platform-engineers`] },
    Action: 'sts:AssumeRole',
  };
  const itself = (arn: string) => ({
    Sid: 'Itself',
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
    Action: 'sts:AssumeRole',
    Condition: { ArnEquals: { 'aws:PrincipalArn': arn } },
  });

  test(`trusts the deploy role to GitLab CI of this project on ${branch} only, itself, and the laptop principals`, () => {
    expect(document(role(json, `amc-${name}-terraform`).assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GitLabCI',
          Effect: 'Allow',
          Principal: { Federated: oidc },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              'gitlab.com:sub': `project_path:acme/platform/amc:ref_type:branch:ref:${branch}`,
              'gitlab.com:aud': 'https://gitlab.com',
            },
          },
        },
        itself(terraformRole),
        people,
      ],
    });
  });

  test('trusts the plan role to GitLab CI of this project on any branch, never another project, itself, and the laptop principals', () => {
    expect(document(role(json, `amc-${name}-plan`).assume_role_policy)).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GitLabCI',
          Effect: 'Allow',
          Principal: { Federated: oidc },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringLike: { 'gitlab.com:sub': 'project_path:acme/platform/amc:ref_type:branch:ref:*' },
            StringEquals: { 'gitlab.com:aud': 'https://gitlab.com' },
          },
        },
        itself(planRole),
        people,
      ],
    });
  });

  test('makes the role every other stack assumes, and the one their cluster access entries name', () => {
    for (const key of ['gitlab', 'cluster', 'flux'] as const) {
      const aws = stacks[key].json.provider.aws[0].assume_role as { role_arn: string }[];
      expect(aws[0].role_arn).toBe(terraformRole);
      expect((stacks[key].json.terraform.backend?.s3.assume_role as { role_arn: string }).role_arn).toBe(terraformRole);
    }
    const entries = resources(stacks.cluster.json, 'aws_eks_access_entry').map((e) => e.principal_arn);
    expect(entries.sort()).toEqual([`arn:aws:iam::${ACCOUNT}:role/amc-${name}-admin`, terraformRole].sort());
  });

  const policies = () => Object.values(json.resource.aws_iam_policy) as { name: string; policy: string }[];
  const policyRef = (policyName: string) => {
    const key = Object.entries(json.resource.aws_iam_policy).find(([, p]) => (p as { name: string }).name === policyName)?.[0];
    if (!key) throw new Error(`no policy ${policyName}`);
    return `\${aws_iam_policy.${key}.arn}`;
  };
  const attached = (roleName: string) =>
    resources(json, 'aws_iam_role_policy_attachment')
      .filter((a) => String(a.role).includes(`aws_iam_role.roles_${roleName}_`) || a.role === `amc-${name}-${roleName}`)
      .map((a) => a.policy_arn);

  test("bounds the deploy role by a policy whose services cover every AWS type the other stacks use, and the policies' denies", () => {
    expect(role(json, `amc-${name}-terraform`).permissions_boundary).toBe(policyRef(`amc-${name}-terraform-boundary`));
    const boundary = document(policies().find((p) => p.name === `amc-${name}-terraform-boundary`)?.policy);
    const types = (['gitlab', 'cluster', 'flux'] as const).flatMap((key) => [
      ...Object.keys(stacks[key].json.resource),
      ...Object.keys(stacks[key].json.data ?? {}),
    ]);
    const aws = [...new Set(types.filter((t) => t.startsWith('aws_') && t !== 'aws_iam_policy_document'))];
    expect(aws.length).toBeGreaterThan(20);
    for (const type of aws) expect([type, boundary.Statement[0].Action]).toEqual([type, expect.arrayContaining([`${serviceOf(type)}:*`])]);
    const denies = (text: string) => (document(text).Statement as { Sid: string; Effect: string }[]).filter((s) => s.Effect === 'Deny');
    const deploy = policies().filter((p) => /-terraform-\d+$/.test(p.name));
    expect(denies(JSON.stringify(boundary))).toEqual(
      deploy.flatMap((p) => denies(p.policy)).filter((d) => d.Sid !== 'NeverOtherContextsRecords'),
    );
  });

  test("attaches the deploy policies, each within IAM's size limit, to the deploy role and the plan policy to the plan role", () => {
    const deploy = policies().filter((p) => /-terraform-\d+$/.test(p.name));
    expect(deploy.length).toBeGreaterThan(1);
    for (const p of policies()) expect([p.name, p.policy.replace(/\s/g, '').length <= MANAGED_POLICY_SIZE]).toEqual([p.name, true]);
    expect(attached('terraform').sort()).toEqual(deploy.map((p) => policyRef(p.name)).sort());
    expect(attached('plan')).toEqual([policyRef(`amc-${name}-plan`)]);
    expect(role(json, `amc-${name}-plan`).permissions_boundary).toBe(policyRef(`amc-${name}-plan`));
  });

  test("keeps every context's bootstrap roles, policies and GitLab provider out of the deploy role's reach", () => {
    const keep = policies()
      .flatMap((p) => document(p.policy).Statement as { Sid: string; Resource: string[] }[])
      .find((s) => s.Sid === 'KeepTheBootstrap');
    expect(keep?.Resource).toEqual([
      `arn:aws:iam::${ACCOUNT}:role/amc-*-terraform`,
      `arn:aws:iam::${ACCOUNT}:role/amc-*-plan`,
      `arn:aws:iam::${ACCOUNT}:role/amc-*-admin`,
      `arn:aws:iam::${ACCOUNT}:policy/amc-*-terraform*`,
      `arn:aws:iam::${ACCOUNT}:policy/amc-*-plan*`,
      `arn:aws:iam::${ACCOUNT}:policy/amc-*-workload-boundary*`,
      `arn:aws:iam::${ACCOUNT}:oidc-provider/gitlab.com`,
    ]);
    // Each name the bootstrap makes is matched by one of those patterns.
    const made = [...resources(json, 'aws_iam_role').map((r) => `role/${r.name}`), ...policies().map((p) => `policy/${p.name}`)];
    const like = (pattern: string) => new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`);
    for (const arn of made) expect([arn, keep?.Resource.some((r) => like(r).test(`arn:aws:iam::${ACCOUNT}:${arn}`))]).toEqual([arn, true]);
  });

  test("makes the workload boundary the amc stack's roles carry, by the ARN they name", () => {
    const boundary = policyRef(`amc-${name}-workload-boundary`);
    expect(boundary).toBeDefined();
    const roles = resources(stacks.cluster.json, 'aws_iam_role');
    expect(roles.length).toBeGreaterThanOrEqual(4);
    for (const r of roles) expect([r.name, r.permissions_boundary]).toEqual([r.name, workloadBoundaryArn(config)]);
    expect(workloadBoundaryArn(config)).toBe(`arn:aws:iam::${ACCOUNT}:policy/amc-${name}-workload-boundary`);
  });

  test('trusts the admin role to the configured people, and lets it describe the context clusters', () => {
    expect(document(role(json, `amc-${name}-admin`).assume_role_policy).Statement).toEqual([
      {
        Sid: 'Administrators',
        Effect: 'Allow',
        Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:role/platform-admins`] },
        Action: 'sts:AssumeRole',
      },
    ]);
    const inline = only(json, 'aws_iam_role_policy');
    expect(document(inline.policy).Statement).toEqual([
      {
        Sid: 'Kubeconfig',
        Effect: 'Allow',
        Action: 'eks:DescribeCluster',
        Resource: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/amc-${name}-*`,
      },
    ]);
  });

  test("makes the context's rotating KMS key, which CloudWatch Logs may use for the log groups of its clusters only", () => {
    const key = only(json, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(only(json, 'aws_kms_alias')).toMatchObject({ name: `alias/amc-${name}` });
    const logs = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/eks/amc-${name}-*`;
    expect(JSON.parse(String(key.policy)).Statement).toEqual([
      { Sid: 'Account', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'ControlPlaneLogs',
        Effect: 'Allow',
        Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logs } },
      },
    ]);
    // The pattern covers the control-plane log group of the context's cluster and of its editions.
    for (const stacks of [synthesized(config).stacks, synthContext(config, { remoteBackend: true, edition: 'pr42' })]) {
      const group = resources(stacks.cluster.json, 'aws_cloudwatch_log_group').find((g) => String(g.name).startsWith('/aws/eks/'));
      const arn = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${String(group?.name)}`;
      expect([arn, new RegExp(`^${logs.replace(/\*/g, '.*')}$`).test(arn)]).toEqual([arn, true]);
      expect(dataSources(stacks.cluster.json, 'aws_kms_alias')[0]).toMatchObject({ name: only(json, 'aws_kms_alias').name });
    }
  });

  test("runs with the person's own credentials: no role to assume, in the context account only", () => {
    expect(json.provider.aws).toEqual([expect.objectContaining({ region: 'eu-west-1', allowed_account_ids: [ACCOUNT] })]);
    expect(json.provider.aws[0]).not.toHaveProperty('assume_role');
    expect(json.terraform.backend?.s3).toEqual({
      bucket: `acme-amc-state-${name}`,
      key: `amc/amc-bootstrap-${name}.tfstate`,
      region: 'eu-west-1',
      encrypt: true,
      use_lockfile: true,
    });
  });

  test('outputs the roles, the boundary, the bucket, the provider and the GitLab CI variables to set next', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'admin_role_arn',
      'gitlab_ci_variables',
      'kms_key_arn',
      'oidc_provider_arn',
      'plan_role_arn',
      'state_bucket',
      'terraform_role_arn',
      'workload_boundary_arn',
    ]);
    expect(json.output?.gitlab_ci_variables.value).toBe(
      `AMC_TERRAFORM_ROLE_ARN=${terraformRole} (environment scope ${name}, protected); ` +
        `AMC_PLAN_ROLE_ARN_${name}=${planRole} (every environment scope, not protected: merge-request pipelines read it)`,
    );
    for (const output of Object.values(json.output ?? {})) expect(output).toHaveProperty('description');
  });
});

test('names the CI/CD variables the pipeline reads, protected and environment-scoped for the deploy role, neither for the plan role, as the README does', () => {
  const config = realOf(devInput);
  const text = String(synthesized(config).json.output?.gitlab_ci_variables.value);
  const variables = [...text.matchAll(/(AMC_\w+)=(\S+) \(([^,]+), (protected|not protected)/g)].map((m) => m.slice(1));
  expect(variables).toEqual([
    ['AMC_TERRAFORM_ROLE_ARN', config.aws.terraformRoleArn, 'environment scope dev', 'protected'],
    ['AMC_PLAN_ROLE_ARN_dev', config.aws.planRoleArn, 'every environment scope', 'not protected'],
  ]);
  const yaml = (file: string) =>
    parse(readFileSync(join(ROOT, file), 'utf8'), { logLevel: 'error' }) as Record<string, { variables?: Record<string, string> }>;
  expect(yaml('ci/templates.yml')['.tft'].variables?.AMC_ROLE_ARN_VARIABLE).toBe('AMC_TERRAFORM_ROLE_ARN');
  // The plan job's variable name, with the context its matrix gives it, is the one this context's bootstrap names.
  const plan = yaml('ci/checks.yml').plan.variables;
  expect(plan).toMatchObject({ TFT_ROLE: 'plan' });
  expect(plan?.AMC_ROLE_ARN_VARIABLE.replace('$TFT_CONTEXT', 'dev')).toBe('AMC_PLAN_ROLE_ARN_dev');
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('`AMC_TERRAFORM_ROLE_ARN` (protected');
  expect(readme).toContain('`AMC_PLAN_ROLE_ARN_<context>` (not protected');
});

describe('amc-bootstrap variants', () => {
  test('dev creates the GitLab OIDC provider of the shared account, with the audience as client id; prod looks it up', () => {
    const dev = bootstrapOf(real(devInput)).json;
    expect(only(dev, 'aws_iam_openid_connect_provider')).toMatchObject({
      url: 'https://gitlab.com',
      client_id_list: ['https://gitlab.com'],
    });
    const prod = bootstrapOf(real(prodInput)).json;
    expect(prod.resource.aws_iam_openid_connect_provider).toBeUndefined();
    expect(dataSources(prod, 'aws_iam_openid_connect_provider')).toEqual([expect.objectContaining({ url: 'https://gitlab.com' })]);
  });

  test('trusts a self-managed GitLab by its host and audience', () => {
    const config = variant(devInput, (i) => ({
      ...configured(i),
      gitlab: {
        ...configured(i).gitlab,
        host: 'git.acme.io',
        knownHosts: ['git.acme.io ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA'],
        oidc: { audience: 'amc-ci' },
      },
    }));
    const { json } = bootstrapOf(config);
    expect(only(json, 'aws_iam_openid_connect_provider')).toMatchObject({ url: 'https://git.acme.io', client_id_list: ['amc-ci'] });
    const [ci] = document(role(json, 'amc-dev-terraform').assume_role_policy).Statement;
    expect(ci.Condition.StringEquals).toEqual({
      'git.acme.io:sub': 'project_path:acme/platform/amc:ref_type:branch:ref:dev',
      'git.acme.io:aud': 'amc-ci',
    });
  });

  test('asks IAM users for MFA, roles not, on both roles', () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const sso = `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123`;
    const config = variant(devInput, (i) => ({
      ...configured(i),
      bootstrap: { ...configured(i).bootstrap, adminPrincipals: [sso, user], terraformPrincipals: [user] },
    }));
    const { json } = bootstrapOf(config);
    const mfa = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    expect(document(role(json, 'amc-dev-admin').assume_role_policy).Statement).toEqual([
      { Sid: 'Administrators', Effect: 'Allow', Principal: { AWS: [sso] }, Action: 'sts:AssumeRole' },
      { Sid: 'AdministratorsWithMfa', Effect: 'Allow', Principal: { AWS: [user] }, Action: 'sts:AssumeRole', Condition: mfa },
    ]);
    expect(document(role(json, 'amc-dev-terraform').assume_role_policy).Statement[2]).toEqual({
      Sid: 'PeopleWithMfa',
      Effect: 'Allow',
      Principal: { AWS: [user] },
      Action: 'sts:AssumeRole',
      Condition: mfa,
    });
  });

  test('makes no role where the config names one of its own, and the stacks use that one', () => {
    const own = `arn:aws:iam::${ACCOUNT}:role/platform/terraform`;
    const config = variant(devInput, (i) => ({ ...configured(i), aws: { ...configured(i).aws, terraformRoleArn: own } }));
    const { stacks, json } = bootstrapOf(config);
    expect(resources(json, 'aws_iam_role').map((r) => r.name)).toEqual(['amc-dev-admin', 'amc-dev-plan']);
    expect(json.output?.terraform_role_arn.value).toBe(own);
    expect((stacks.cluster.json.provider.aws[0].assume_role as { role_arn: string }[])[0].role_arn).toBe(own);
  });

  test('makes the bucket in the state account through a provider of its own, granting the Terraform role its state', () => {
    const config = variant(devInput, (i) => ({
      ...configured(i),
      state: { bucket: 'acme-state', accountId: '210987654321', bootstrapRoleArn: 'arn:aws:iam::210987654321:role/bootstrap' },
    }));
    const { json } = bootstrapOf(config);
    expect(json.provider.aws[1]).toMatchObject({
      alias: 'state',
      allowed_account_ids: ['210987654321'],
      assume_role: [{ role_arn: 'arn:aws:iam::210987654321:role/bootstrap', session_name: 'amc-bootstrap-dev' }],
    });
    for (const type of Object.keys(json.resource).filter((t) => t.startsWith('aws_s3_'))) {
      for (const resource of resources(json, type)) expect([type, resource.provider]).toEqual([type, 'aws.state']);
    }
    expect((json.terraform.backend?.s3.assume_role as { role_arn: string }).role_arn).toBe('arn:aws:iam::210987654321:role/bootstrap');
    const bucket = `\${aws_s3_bucket.${Object.keys(json.resource.aws_s3_bucket)[0]}.arn}`;
    // The role itself, by reference, so the bucket policy is made after it.
    const ref = (id: string) => `\${aws_iam_role.${Object.keys(json.resource.aws_iam_role).find((k) => k.startsWith(`roles_${id}_`))}.arn}`;
    const [terraform, plan] = [ref('terraform'), ref('plan')];
    const grants = (document(only(json, 'aws_s3_bucket_policy').policy).Statement as { Effect: string }[]).filter(
      (s) => s.Effect === 'Allow',
    );
    expect(grants).toEqual([
      { Sid: 'StateList', Effect: 'Allow', Principal: { AWS: [terraform] }, Action: 's3:ListBucket', Resource: bucket },
      {
        Sid: 'StateObjects',
        Effect: 'Allow',
        Principal: { AWS: [terraform] },
        Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        Resource: `${bucket}/amc/*`,
      },
      { Sid: 'PlanList', Effect: 'Allow', Principal: { AWS: [plan] }, Action: 's3:ListBucket', Resource: bucket },
      {
        Sid: 'PlanRead',
        Effect: 'Allow',
        Principal: { AWS: [plan] },
        Action: 's3:GetObject',
        Resource: [`${bucket}/amc/amc-dev.tfstate`, `${bucket}/amc/*/amc-dev-*.tfstate`],
      },
    ]);
  });

  test("fails at synth, naming the fields to shorten, when the workload boundary would pass IAM's size limit", () => {
    const long = ['a', 'b', 'c'].map((c) => c.repeat(60)).join('.') + '.io';
    const config = variant(devInput, (i) => ({ ...configured(i), dns: { parentDomain: long } }));
    expect(
      () =>
        synthContext(config, { remoteBackend: true }, [
          config,
          variant(prodInput, (i) => ({ ...configured(i), dns: { parentDomain: long } })),
        ]).bootstrap?.json,
    ).toThrow(
      /amc-bootstrap-dev\/roles: the workload boundary is \d+ characters, over IAM's 6144 for a managed policy; shorten dns.parentDomain or dns.clusterZone/,
    );
  });

  test('exists once per context, never per edition', () => {
    expect(synthContext(contexts[0], { remoteBackend: true, edition: 'pr42' }).bootstrap).toBeUndefined();
    expect(synthContext(contexts[0]).gitlab.stack.dependencies.map((s) => s.node.id)).toEqual(['amc-bootstrap-dev']);
  });
});

describe('bootstrap validation', () => {
  const problems = (dev: ContextInput, prod: ContextInput = prodInput) => {
    try {
      validateAll([variant(dev, (i) => i), variant(prod, (i) => i)]);
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return [...error.problems];
    }
  };

  test.each([
    [
      'a bad state account',
      (i: ContextInput) => ({ ...i, state: { ...i.state, accountId: '2109' } }),
      "state.accountId: '2109' is not a 12-digit AWS account id",
    ],
    [
      'a bootstrap role outside the state account',
      (i: ContextInput) => ({
        ...i,
        state: { ...i.state, accountId: '210987654321', bootstrapRoleArn: 'arn:aws:iam::111111111111:role/x' },
      }),
      "state.bootstrapRoleArn: 'arn:aws:iam::111111111111:role/x' is not in state.accountId '210987654321'",
    ],
    [
      'no noncurrent days',
      (i: ContextInput) => ({ ...i, state: { ...i.state, noncurrentVersionDays: 0 } }),
      'state.noncurrentVersionDays: 0 is not a whole number of days, 1 or more',
    ],
    [
      'an issuer URL with a trailing slash',
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, oidc: { url: 'https://gitlab.com/' } } }),
      "gitlab.oidc.url: 'https://gitlab.com/' is not a GitLab instance URL ('https://<host>', no path or trailing slash)",
    ],
    [
      'an audience with a space',
      (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, oidc: { audience: 'my ci' } } }),
      "gitlab.oidc.audience: 'my ci' is not an audience (1-255 characters, no spaces)",
    ],
    [
      'a group as principal',
      (i: ContextInput) => ({ ...i, bootstrap: { ...i.bootstrap, adminPrincipals: ['arn:aws:iam::111111111111:group/admins'] } }),
      "bootstrap.adminPrincipals[0]: 'arn:aws:iam::111111111111:group/admins' is not an IAM user or role ARN (arn:aws:iam::<account>:user/<name> or :role/<name>)",
    ],
    [
      'no administrators',
      (i: ContextInput) => ({ ...i, bootstrap: { ...i.bootstrap, adminPrincipals: [] } }),
      'bootstrap.adminPrincipals: [] is empty: nobody could assume the admin role',
    ],
  ])('rejects %s', (_, change, message) => {
    expect(problems(change(devInput))).toEqual([message]);
  });

  test('rejects two contexts of one account that would both create the GitLab OIDC provider, and accepts none (made outside amc)', () => {
    const mode = (provider: 'create' | 'existing') => (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, oidc: { provider } } });
    const [sharedDev, sharedProd] = [configured(devInput), configured(prodInput)];
    expect(problems(mode('create')(sharedDev), mode('create')(sharedProd))).toEqual([
      "gitlab.oidc.provider: dev and prod would each create the OIDC provider of account 123456789012 and https://gitlab.com; set 'existing' in all but one",
    ]);
    expect(problems(mode('existing')(sharedDev), mode('existing')(sharedProd))).toEqual([]);
  });

  test('lets each context of its own account create its provider', () => {
    const own = (i: ContextInput) => ({
      ...i,
      aws: { ...i.aws, accountId: '210987654321' },
      gitlab: { ...i.gitlab, oidc: { provider: 'create' as const } },
    });
    expect(problems(devInput, own(prodInput))).toEqual([]);
  });
});
