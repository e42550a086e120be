// Cost: 0.1 s here (2 cores, whole suite running): synthesizes both contexts and their variants in-process.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { GITLAB_COM_KNOWN_HOSTS, names } from '../config';
import { ROOT, SETTINGS, contexts, inputs, memoized, only, synthContext, variant } from './helpers';

// Snapshot tests sit at the top level, named as before: jest-light-runner reports a test by its bare title, so a snapshot
// test inside a describe that is filtered out (-t) or fails would lose its snapshot under -u (test/suites.test.ts).
const synthesized = memoized(synthContext);

test.each(contexts)('amc-gitlab stack ($name) matches the snapshot', (config) => {
  expect(synthesized(config).gitlab.text).toMatchSnapshot();
});

describe.each(contexts)('amc-gitlab stack ($name)', (config) => {
  const { json } = synthesized(config).gitlab;
  /** The one resource of a type in a construct of the stack ('flux-key' or 'agent'), by its logical id's prefix. */
  const inScope = (type: string, scope: string) => {
    const found = Object.entries(json.resource[type] ?? {}).filter(([id]) => id.startsWith(`${scope}_`));
    if (found.length !== 1) throw new Error(`expected one ${type} in ${scope}, found ${found.length}`);
    return { id: found[0][0], ...found[0][1] } as Record<string, unknown> & { id: string };
  };
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
    const secret = inScope('aws_secretsmanager_secret', 'flux-key');
    expect(secret.name).toBe(`amc-${config.name}-flux-deploy-key`);
    const value = String(inScope('aws_secretsmanager_secret_version', 'flux-key').secret_string);
    expect(value).toContain(`"identity" = ${keyRef('private_key_openssh').slice(2, -1)}`);
    expect(value).toContain(`"identity.pub" = ${keyRef('public_key_openssh').slice(2, -1)}`);
    expect(value).toContain(`"known_hosts" = "${GITLAB_COM_KNOWN_HOSTS.join('\\n')}\\n"`);
  });

  test.each(['flux-key', 'agent'])(
    "lets only the context's deploy role and the break-glass principals at the %s secret, never the plan role any branch may assume",
    (scope) => {
      const secretRef = `\${aws_secretsmanager_secret.${inScope('aws_secretsmanager_secret', scope).id}.arn}`;
      const policy = inScope('aws_secretsmanager_secret_policy', scope);
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
    },
  );

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

  describe('the GitLab agent', () => {
    const name = names(config, SETTINGS);
    const file = only(json, 'gitlab_repository_file');
    const agentYaml = parse(String(file.content)) as {
      ci_access: { projects: { id: string; environments: string[]; access_as: { impersonate: { username: string } } }[] };
    };
    /** The objects of flux/infrastructure/controllers/gitlab-agent/, which Flux installs the agent from. */
    const tree = ['rbac.yaml', 'release.yaml'].flatMap((f) =>
      parseAllDocuments(readFileSync(join(ROOT, 'flux/infrastructure/controllers/gitlab-agent', f), 'utf8')).map((d) => d.toJS()),
    );
    const object = (kind: string) => tree.filter((o) => o.kind === kind);

    test('registers the agent in its configuration project, never the project whose jobs use it', () => {
      const agent = only(json, 'gitlab_cluster_agent');
      expect(agent).toEqual({ project: config.gitlab.agent.projectPath, name: name.agent });
      expect(config.gitlab.agent.projectPath).not.toBe(config.gitlab.projectPath);
      // The kube context a job's KUBECONFIG names it by (scripts/ci-cluster.sh looks for it): `<config project>:<agent>`.
      expect(name.agentKubeContext).toBe(`${agent.project}:${agent.name}`);
      expect(json.output?.agent_kube_context.value).toBe(name.agentKubeContext);
    });

    test("writes the agent's configuration where the agent server reads it: .gitlab/agents/<agent>/config.yaml, default branch", () => {
      expect(file).toMatchObject({
        project: config.gitlab.agent.projectPath,
        branch: config.gitlab.agent.branch,
        file_path: `.gitlab/agents/${name.agent}/config.yaml`,
        encoding: 'text',
      });
    });

    test("lets only this project's jobs in this context's environment use it: the environment the CI jobs that reach the cluster name", () => {
      expect(agentYaml.ci_access.projects.map((p) => p.id)).toEqual([config.gitlab.projectPath]);
      const [project] = agentYaml.ci_access.projects;
      const environments = new Set<string>();
      for (const f of ['ci/deploy.yml', 'ci/operate.yml']) {
        for (const job of Object.values(
          parse(readFileSync(join(ROOT, f), 'utf8'), { logLevel: 'error' }) as Record<string, { environment?: { name: string } }>,
        )) {
          if (job?.environment) environments.add(job.environment.name.replace('$TFT_CONTEXT', config.name));
        }
      }
      expect([...environments]).toEqual([config.name]);
      expect(project.environments).toEqual([...environments]);
    });

    test('makes jobs act as the service account that flux/ binds, and nothing the agent itself may do beyond impersonating it', () => {
      const [project] = agentYaml.ci_access.projects;
      const [, namespace, account] = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(project.access_as.impersonate.username) ?? [];
      expect(object('ServiceAccount')).toEqual([expect.objectContaining({ metadata: { name: account, namespace } })]);
      const [binding] = object('ClusterRoleBinding');
      expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account, namespace }]);
      const [release] = object('HelmRelease');
      expect(release.metadata.namespace).toBe(namespace);
      // The agent's own account: the chart's RBAC off, so only rbac.yaml's Role applies to it.
      expect(release.spec.values.rbac).toEqual({ create: false });
      const [role] = object('Role');
      expect(role.rules.filter((r: { verbs: string[] }) => r.verbs.includes('impersonate'))).toEqual([
        { apiGroups: [''], resources: ['serviceaccounts'], resourceNames: [account], verbs: ['impersonate'] },
      ]);
      expect(object('RoleBinding')).toEqual([
        expect.objectContaining({
          subjects: [{ kind: 'ServiceAccount', name: release.spec.values.serviceAccount.name, namespace }],
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
        }),
      ]);
      expect(object('ClusterRole')).toEqual([]);
    });

    test('keeps the token beside the deploy key, made before the old one is revoked, and never outputs it', () => {
      const [[id, token]] = Object.entries(json.resource.gitlab_cluster_agent_token);
      expect(id).toMatch(/^agent_token-v1_/);
      expect(token).toMatchObject({
        project: config.gitlab.agent.projectPath,
        agent_id: `\${gitlab_cluster_agent.${Object.keys(json.resource.gitlab_cluster_agent)[0]}.agent_id}`,
        lifecycle: { create_before_destroy: true },
      });
      const secret = inScope('aws_secretsmanager_secret', 'agent');
      expect(secret.name).toBe(name.agentTokenSecret);
      expect(inScope('aws_secretsmanager_secret_version', 'agent').secret_string).toBe(
        `\${jsonencode({"token" = gitlab_cluster_agent_token.${id}.token})}`,
      );
      expect(json.output?.agent_token_secret.value).toBe(`\${aws_secretsmanager_secret.${secret.id}.name}`);
    });
  });

  test('outputs no private key material', () => {
    const outputs = JSON.stringify(json.output);
    expect(outputs).not.toMatch(/private_key_(openssh|pem)/);
    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      'agent_kube_context',
      'agent_token_secret',
      'deploy_key_id',
      'deploy_key_public',
      'deploy_key_secret',
    ]);
    expect(outputs).not.toMatch(/gitlab_cluster_agent_token\.[^"]*\.token/);
  });
});

describe('amc-gitlab variants', () => {
  test("keeps a deleted secret recoverable for 7 days by default, and frees an edition's name at once", () => {
    const secrets = (json: ReturnType<typeof synthContext>['gitlab']['json']) =>
      Object.values(json.resource.aws_secretsmanager_secret)
        .map((s) => [String(s.name), s.recovery_window_in_days])
        .sort();
    expect(secrets(synthContext(contexts[0]).gitlab.json)).toEqual([
      ['amc-dev-flux-deploy-key', 7],
      ['amc-dev-gitlab-agent-token', 7],
    ]);
    expect(secrets(synthContext(contexts[0], { remoteBackend: true, edition: 'pr42' }).gitlab.json)).toEqual([
      ['amc-dev-pr42-flux-deploy-key', 0],
      ['amc-dev-pr42-gitlab-agent-token', 0],
    ]);
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
    const versions = Object.values(gitlab.json.resource.aws_secretsmanager_secret_version).map((v) => String(v.secret_string));
    expect(versions.filter((v) => v.includes(`"known_hosts" = "${knownHosts[0]}\\n"`))).toHaveLength(1);
    expect(flux.text).toContain('ssh://git@git.example.com/example-group/amc.git');
  });

  test("replaces the agent's token, and not the agent, when its generation is raised", () => {
    const config = variant(inputs[0], (i) => ({ ...i, gitlab: { ...i.gitlab, agent: { ...i.gitlab.agent, tokenGeneration: 2 } } }));
    const { json } = synthContext(config).gitlab;
    expect(Object.keys(json.resource.gitlab_cluster_agent_token)).toEqual([expect.stringMatching(/^agent_token-v2_/)]);
    expect(Object.keys(json.resource.gitlab_cluster_agent)).toEqual(
      Object.keys(synthContext(contexts[0]).gitlab.json.resource.gitlab_cluster_agent),
    );
  });

  test('replaces the key pair, and so the deploy key, when the generation is raised', () => {
    const config = variant(inputs[0], (i) => ({ ...i, gitlab: { ...i.gitlab, keyGeneration: 2 } }));
    const { json } = synthContext(config).gitlab;
    const [key] = Object.keys(json.resource.tls_private_key);
    expect(key).toMatch(/^flux-key_key-v2_/);
    expect(only(json, 'gitlab_deploy_key').key).toBe(`\${trimspace(tls_private_key.${key}.public_key_openssh)}`);
  });
});
