// Cost: 0.2 s here (2 cores, whole suite running): synthesizes both contexts in-process.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { names } from '../config';
import { FLUX_CHARTS } from '../constructs/flux-install';
import { syncPath } from '../stacks/flux-stack';
import {
  CLUSTER_VAR_KEYS,
  ROOT,
  SETTINGS,
  configured,
  contexts,
  dataSources,
  inputs,
  memoized,
  only,
  resources,
  type Synth,
  synthContext,
  variant,
} from './helpers';

function release(json: Synth, chart: string) {
  const found = resources(json, 'helm_release').find((r) => r.chart === chart);
  if (!found) throw new Error(`no helm_release of ${chart}`);
  return found;
}

// Snapshot tests sit at the top level, named as before: jest-light-runner reports a test by its bare title, so a snapshot
// test inside a describe that is filtered out (-t) or fails would lose its snapshot under -u (test/suites.test.ts).
const synthesized = memoized(synthContext);

test.each(contexts)('amc-flux stack ($name) matches the snapshot', (config) => {
  expect(synthesized(config).flux.text).toMatchSnapshot();
});

describe.each(contexts)('amc-flux stack ($name)', (config) => {
  const stacks = synthesized(config);
  const { json } = stacks.flux;
  const branch = { dev: 'dev', prod: 'main' }[config.name];

  test(`syncs ./flux/clusters/${config.name} from the ${branch} branch over SSH with the deploy key`, () => {
    const values = JSON.parse(String((release(json, 'flux2-sync').values as string[])[0]));
    expect(values.gitRepository.spec).toEqual({
      url: 'ssh://git@gitlab.com/example-group/amc.git',
      ref: { branch },
      secretRef: { name: 'flux-system' },
      interval: '5m',
    });
    expect(values.kustomization.spec).toMatchObject({ path: `./flux/clusters/${config.name}`, prune: true });
  });

  test('syncs a directory that exists in this repository', () => {
    const dir = join(__dirname, '..', syncPath(config));
    expect(existsSync(dir) && statSync(dir).isDirectory()).toBe(true);
  });

  test('installs both charts at exact versions from the fluxcd-community repository', () => {
    expect(release(json, 'flux2')).toMatchObject({
      repository: FLUX_CHARTS,
      version: '2.18.3',
      namespace: expect.stringContaining('kubernetes_namespace_v1'),
    });
    expect(release(json, 'flux2-sync')).toMatchObject({ repository: FLUX_CHARTS, version: '1.14.5', name: 'flux-system' });
    expect(FLUX_CHARTS).toBe('https://fluxcd-community.github.io/helm-charts');
  });

  test("creates the sync only after Flux, the Git secret, cluster-vars and the agent's token exist", () => {
    const deps = release(json, 'flux2-sync').depends_on as string[];
    expect(deps.map((d) => d.split('.')[0]).sort()).toEqual([
      'helm_release',
      'kubernetes_config_map_v1',
      'kubernetes_secret_v1',
      'kubernetes_secret_v1',
    ]);
  });

  test('builds the Git secret from the deploy-key secret, found by name', () => {
    expect(
      dataSources(json, 'aws_secretsmanager_secret_version')
        .map((d) => String(d.secret_id))
        .sort(),
    ).toEqual([`amc-${config.name}-flux-deploy-key`, `amc-${config.name}-gitlab-agent-token`]);
    const secret =
      json.resource.kubernetes_secret_v1[Object.keys(json.resource.kubernetes_secret_v1).find((id) => id.startsWith('flux_')) ?? ''];
    expect(secret.metadata).toMatchObject({ name: 'flux-system' });
    expect(Object.keys(secret.data as object).sort()).toEqual(['identity', 'identity.pub', 'known_hosts']);
    for (const value of Object.values(secret.data as Record<string, string>)) {
      expect(value).toMatch(/^\$\{jsondecode\(data\.aws_secretsmanager_secret_version\./);
    }
  });

  test('refuses at plan, with the zone name servers and the step to take, until the certificate is issued', () => {
    const [certificate] = dataSources(json, 'aws_acm_certificate');
    const [condition] = (certificate.lifecycle as { postcondition: { condition: string; error_message: string }[] }).postcondition;
    expect(condition.condition).toBe('${self.status == "ISSUED"}');
    const zones = Object.entries(json.data?.aws_route53_zone ?? {});
    expect(zones).toHaveLength(1);
    const [zoneKey, zone] = zones[0];
    // The zone it reads the name servers of is the zone the cluster stack creates.
    expect(zone).toMatchObject({ name: only(stacks.cluster.json, 'aws_route53_zone').name, private_zone: false });
    expect(condition.error_message).toBe(
      `Certificate *.${config.dns.clusterZone} is \${self.status}, not ISSUED: ACM issues it once ${config.dns.clusterZone} is ` +
        `delegated from ${config.dns.parentDomain}. Add NS records for ${config.dns.clusterZone} with ` +
        `\${join(", ", data.aws_route53_zone.${zoneKey}.name_servers)} to the parent zone (or set dns.parentZoneId), wait for ISSUED, then plan again.`,
    );
  });

  test('reads the deploy-key and agent-token secrets by the names the gitlab stack creates them with', () => {
    const created = resources(stacks.gitlab.json, 'aws_secretsmanager_secret').map((s) => String(s.name));
    expect(
      dataSources(json, 'aws_secretsmanager_secret_version')
        .map((d) => String(d.secret_id))
        .sort(),
    ).toEqual(created.sort());
  });

  test('hands cluster facts to Flux in cluster-vars, looked up by name', () => {
    const configMap = only(json, 'kubernetes_config_map_v1');
    expect(configMap.metadata).toMatchObject({ name: 'cluster-vars' });
    const data = configMap.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(CLUSTER_VAR_KEYS);
    expect(data).toMatchObject({
      CONTEXT: config.name,
      EDITION: 'default',
      CLUSTER_NAME: `amc-${config.name}-eks`,
      AWS_REGION: config.aws.region,
      CLUSTER_DOMAIN: config.dns.clusterZone,
      ACM_CERT_ARN: expect.stringMatching(/^\$\{data\.aws_acm_certificate\./),
      EXTERNAL_DNS_ROLE_ARN: expect.stringMatching(/^\$\{data\.aws_iam_role\./),
    });
    expect(dataSources(json, 'aws_acm_certificate')).toEqual([
      expect.objectContaining({ domain: `*.${config.dns.clusterZone}`, statuses: ['ISSUED', 'PENDING_VALIDATION'], most_recent: true }),
    ]);
    expect(dataSources(json, 'aws_iam_role')).toEqual([expect.objectContaining({ name: `amc-${config.name}-external-dns` })]);
    const created = resources(stacks.cluster.json, 'aws_iam_role').map((r) => r.name);
    expect(created).toContain(`amc-${config.name}-external-dns`);
    expect(only(stacks.cluster.json, 'aws_acm_certificate').domain_name).toBe(`*.${config.dns.clusterZone}`);
  });

  test('configures Kubernetes and Helm from the cluster data source and a fresh token as the Terraform role', () => {
    expect(dataSources(json, 'aws_eks_cluster')).toEqual([expect.objectContaining({ name: `amc-${config.name}-eks` })]);
    const exec = {
      api_version: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: [
        'eks',
        'get-token',
        '--cluster-name',
        `amc-${config.name}-eks`,
        '--region',
        config.aws.region,
        '--role-arn',
        config.aws.terraformRoleArn,
        '--output',
        'json',
      ],
    };
    const connection = {
      host: expect.stringMatching(/^\$\{data\.aws_eks_cluster\.[^.]+\.endpoint\}$/),
      cluster_ca_certificate: expect.stringMatching(/^\$\{base64decode\(data\.aws_eks_cluster\./),
    };
    expect(json.provider.kubernetes).toEqual([{ ...connection, exec: [exec] }]);
    expect(json.provider.helm).toEqual([{ kubernetes: { ...connection, exec } }]);
    expect(json.terraform.required_providers.helm.version).toBe('3.1.1');
    expect(json.terraform.required_providers.kubernetes.version).toBe('2.38.0');
  });

  describe('the GitLab agent', () => {
    const agentDir = join(ROOT, 'flux/infrastructure/controllers/gitlab-agent');
    const release = parse(readFileSync(join(agentDir, 'release.yaml'), 'utf8'));
    const secretId = Object.keys(json.resource.kubernetes_secret_v1).find((id) => id === 'agent-token-secret') ?? '';
    const secret = json.resource.kubernetes_secret_v1[secretId];
    const namespace = Object.entries(json.resource.kubernetes_namespace_v1).find(([id]) => id === 'agent-namespace')?.[1] ?? {};

    test("writes the token Secret the agent's HelmRelease mounts, in its namespace, from the agent-token secret", () => {
      expect(secret.metadata).toEqual({
        name: release.spec.values.config.secretName,
        namespace: expect.stringContaining('kubernetes_namespace_v1.agent-namespace.'),
      });
      expect(namespace.metadata).toMatchObject({ name: release.metadata.namespace });
      // The data source reads the secret the gitlab stack writes the token into (test above: by the same name).
      expect(json.data?.aws_secretsmanager_secret_version['agent-token'].secret_id).toBe(names(config, SETTINGS).agentTokenSecret);
      expect(secret.data).toEqual({ token: '${jsondecode(data.aws_secretsmanager_secret_version.agent-token.secret_string).token}' });
    });

    test('labels its namespace restricted, the strictest Pod Security level, which the hardened release meets', () => {
      expect(namespace.metadata).toMatchObject({
        labels: {
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      });
      // What restricted requires of every container (Kubernetes docs, Pod Security Standards).
      expect(release.spec.values.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });

    test('starts the sync only once the token Secret exists, and tells the agent its server', () => {
      const deps = (resources(json, 'helm_release').find((r) => r.chart === 'flux2-sync')?.depends_on ?? []) as string[];
      expect(deps).toContain(`kubernetes_secret_v1.${secretId}`);
      expect(only(json, 'kubernetes_config_map_v1').data).toMatchObject({ GITLAB_KAS_ADDRESS: config.gitlab.agent.kasAddress });
      expect(release.spec.values.config.kasAddress).toBe('${GITLAB_KAS_ADDRESS}');
    });

    test("reaches the cluster through the agent's kube context only, when a CI job has it", () => {
      const context = names(config, SETTINGS).agentKubeContext;
      const { json } = synthContext(config, { ...SETTINGS, kubeContext: context }).flux;
      expect(json.provider.kubernetes).toEqual([{ config_context: context }]);
      expect(json.provider.helm).toEqual([{ kubernetes: { config_context: context } }]);
    });

    test("refuses another cluster's kube context, naming the variable and the one it expects", () => {
      const other = contexts.find((c) => c.name !== config.name) ?? config;
      const wrong = names(other, SETTINGS).agentKubeContext;
      expect(() => synthContext(config, { ...SETTINGS, kubeContext: wrong })).toThrow(
        `TFT_KUBE_CONTEXT: '${wrong}' is not the GitLab agent of amc-${config.name}-eks ('${names(config, SETTINGS).agentKubeContext}')`,
      );
    });
  });
});

describe.each(contexts)('all stacks of $name', (config) => {
  const stacks = synthContext(config);

  test('only the flux stack has Kubernetes and Helm providers', () => {
    expect(Object.keys(stacks.flux.json.provider).sort()).toEqual(['aws', 'helm', 'kubernetes']);
    expect(Object.keys(stacks.cluster.json.provider)).toEqual(['aws']);
    expect(Object.keys(stacks.gitlab.json.provider).sort()).toEqual(['aws', 'gitlab', 'tls']);
  });

  test('no stack reads another stack’s state', () => {
    for (const { text } of Object.values(stacks)) {
      expect(text).not.toMatch(/terraform_remote_state|remote_state/);
    }
  });

  test('no synthesized stack holds key material: the only SSH keys are the pinned host keys', () => {
    const pinned = config.gitlab.knownHosts.map((line) => line.split(' ').slice(1).join(' '));
    for (const { text } of Object.values(stacks)) {
      expect(text).not.toMatch(/PRIVATE KEY|BEGIN OPENSSH/);
      const keys = text.match(/(ssh-ed25519|ecdsa-sha2-nistp\d+|ssh-rsa) [A-Za-z0-9+/]{20,}={0,2}/g) ?? [];
      expect(keys.filter((key) => !pinned.includes(key))).toEqual([]);
    }
  });

  test('deploys gitlab, then the cluster, then flux', () => {
    expect(stacks.cluster.stack.dependencies).toEqual([stacks.gitlab.stack]);
    expect(stacks.flux.stack.dependencies).toEqual([stacks.cluster.stack]);
  });

  test('every stack keeps its own state key in the context bucket', () => {
    const real = variant(inputs[contexts.indexOf(config)], configured);
    const keys = Object.values(synthContext(real)).map(({ json }) => json.terraform.backend?.s3.key);
    expect(keys).toEqual([
      `amc/amc-bootstrap-${config.name}.tfstate`,
      `amc/amc-gitlab-${config.name}.tfstate`,
      `amc/amc-${config.name}.tfstate`,
      `amc/amc-flux-${config.name}.tfstate`,
    ]);
  });
});
