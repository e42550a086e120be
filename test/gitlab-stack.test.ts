// Cost: 0.1 s here (2 cores, whole suite running): synthesizes both contexts and their variants in-process.
import { createHash } from 'node:crypto';
import { GITLAB_COM_KNOWN_HOSTS } from '../config';
import { contexts, inputs, memoized, only, synthContext, variant } from './helpers';

// Snapshot tests sit at the top level, named as before: jest-light-runner reports a test by its bare title, so a snapshot
// test inside a describe that is filtered out (-t) or fails would lose its snapshot under -u (test/suites.test.ts).
const synthesized = memoized(synthContext);

test.each(contexts)('amc-gitlab stack ($name) matches the snapshot', (config) => {
  expect(synthesized(config).gitlab.text).toMatchSnapshot();
});

describe.each(contexts)('amc-gitlab stack ($name)', (config) => {
  const { json } = synthesized(config).gitlab;
  const keyRef = (attribute: string) => `\${tls_private_key.${Object.keys(json.resource.tls_private_key)[0]}.${attribute}}`;

  test('makes an ED25519 key pair of the first generation by default', () => {
    const key = only(json, 'tls_private_key');
    expect(key.algorithm).toBe('ED25519');
    expect(key).not.toHaveProperty('ecdsa_curve');
    expect(Object.keys(json.resource.tls_private_key)).toEqual([expect.stringMatching(/^flux-key_key-v1_/)]);
  });

  test("has no terraform_data but the placeholder guard (cdktf's DataResource would run terraform at synth)", () => {
    expect(Object.keys(json.resource.terraform_data ?? {})).toEqual([expect.stringMatching(/^placeholders_guard_[0-9A-F]{8}$/)]);
  });

  test('registers a read-only deploy key built from the trimmed public key, titled after the cluster', () => {
    expect(only(json, 'gitlab_deploy_key')).toMatchObject({
      project: config.gitlab.projectPath,
      title: `amc-${config.name}-eks flux (read-only)`,
      key: `\${trimspace(${keyRef('public_key_openssh').slice(2, -1)})}`,
      can_push: false,
      lifecycle: { create_before_destroy: true },
    });
  });

  test('stores private key, public key and the pinned known_hosts in the named secret', () => {
    const secret = only(json, 'aws_secretsmanager_secret');
    expect(secret.name).toBe(`amc-${config.name}-flux-deploy-key`);
    const value = String(only(json, 'aws_secretsmanager_secret_version').secret_string);
    expect(value).toContain(`"identity" = ${keyRef('private_key_openssh').slice(2, -1)}`);
    expect(value).toContain(`"identity.pub" = ${keyRef('public_key_openssh').slice(2, -1)}`);
    expect(value).toContain(`"known_hosts" = "${GITLAB_COM_KNOWN_HOSTS.join('\\n')}\\n"`);
  });

  test("lets only the context's deploy role and the break-glass principals at the secret, never the plan role any branch may assume", () => {
    const secretRef = `\${aws_secretsmanager_secret.${Object.keys(json.resource.aws_secretsmanager_secret)[0]}.arn}`;
    const policy = only(json, 'aws_secretsmanager_secret_policy');
    expect(policy).toMatchObject({ secret_arn: secretRef, block_public_policy: true });
    expect(JSON.parse(String(policy.policy)).Statement).toEqual([
      {
        Sid: 'ContextRolesOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 'secretsmanager:*',
        Resource: '*',
        Condition: {
          ArnNotLike: {
            'aws:PrincipalArn': [config.aws.terraformRoleArn, ...config.bootstrap.breakGlassPrincipals],
          },
        },
      },
    ]);
    // The providers that write and read the secret run as those roles.
    expect((json.provider.aws[0].assume_role as { role_arn: string }[])[0].role_arn).toBe(config.aws.terraformRoleArn);
  });

  test('pins all three of gitlab.com’s published host key types by default', () => {
    expect(config.gitlab.knownHosts).toEqual(GITLAB_COM_KNOWN_HOSTS);
    expect(GITLAB_COM_KNOWN_HOSTS.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'gitlab.com ssh-ed25519',
      'gitlab.com ecdsa-sha2-nistp256',
      'gitlab.com ssh-rsa',
    ]);
  });

  test('pins host keys whose fingerprints are the ones gitlab.com publishes', () => {
    // docs.gitlab.com, "GitLab.com settings", SSH host keys fingerprints.
    const fingerprint = (line: string) =>
      `SHA256:${createHash('sha256')
        .update(Buffer.from(line.split(' ')[2], 'base64'))
        .digest('base64')
        .replace(/=+$/, '')}`;
    expect(config.gitlab.knownHosts.map(fingerprint)).toEqual([
      'SHA256:eUXGGm1YGsMAS7vkcx6JOJdOGHPem5gQp4taiCfCLB8',
      'SHA256:HbW3g8zUjNSksFbqTiUWPWg2Bq1x8xdGUrliXFzSnUw',
      'SHA256:ROQFvPThGrW4RuWLoL9tq9I9zJ42fK4XywyRtbOz/EQ',
    ]);
  });

  test('talks to gitlab.com with the token from the environment only', () => {
    expect(json.provider.gitlab).toEqual([{ base_url: 'https://gitlab.com/api/v4/' }]);
    expect(json.terraform.required_providers.gitlab.version).toBe('18.6.1');
    expect(json.terraform.required_providers.tls.version).toBe('4.1.0');
  });

  test('outputs no private key material', () => {
    const outputs = JSON.stringify(json.output);
    expect(outputs).not.toMatch(/private_key_(openssh|pem)/);
    expect(Object.keys(json.output ?? {}).sort()).toEqual(['deploy_key_id', 'deploy_key_public', 'deploy_key_secret']);
  });
});

describe('amc-gitlab variants', () => {
  test("keeps a deleted secret recoverable for 7 days by default, and frees an edition's name at once", () => {
    expect(only(synthContext(contexts[0]).gitlab.json, 'aws_secretsmanager_secret').recovery_window_in_days).toBe(7);
    const edition = synthContext(contexts[0], { remoteBackend: true, edition: 'pr42' }).gitlab.json;
    expect(only(edition, 'aws_secretsmanager_secret')).toMatchObject({ name: 'amc-dev-pr42-flux-deploy-key', recovery_window_in_days: 0 });
  });

  test('makes an ECDSA P-384 key when configured', () => {
    const config = variant(inputs[0], (i) => ({ ...i, gitlab: { ...i.gitlab, keyAlgorithm: 'ECDSA-P384' } }));
    expect(only(synthContext(config).gitlab.json, 'tls_private_key')).toMatchObject({ algorithm: 'ECDSA', ecdsa_curve: 'P384' });
  });

  test('targets a self-managed GitLab with its own host keys', () => {
    const knownHosts = ['git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExampleExample'];
    const config = variant(inputs[0], (i) => ({
      ...i,
      gitlab: { ...i.gitlab, host: 'git.example.com', baseUrl: 'https://git.example.com/api/v4/', knownHosts },
    }));
    const { gitlab, flux } = synthContext(config);
    expect(gitlab.json.provider.gitlab).toEqual([{ base_url: 'https://git.example.com/api/v4/' }]);
    expect(String(only(gitlab.json, 'aws_secretsmanager_secret_version').secret_string)).toContain(`"known_hosts" = "${knownHosts[0]}\\n"`);
    expect(flux.text).toContain('ssh://git@git.example.com/example-group/amc.git');
  });

  test('replaces the key pair, and so the deploy key, when the generation is raised', () => {
    const config = variant(inputs[0], (i) => ({ ...i, gitlab: { ...i.gitlab, keyGeneration: 2 } }));
    const { json } = synthContext(config).gitlab;
    const [key] = Object.keys(json.resource.tls_private_key);
    expect(key).toMatch(/^flux-key_key-v2_/);
    expect(only(json, 'gitlab_deploy_key').key).toBe(`\${trimspace(tls_private_key.${key}.public_key_openssh)}`);
  });
});
