// Cost: 1.5 s here (2 cores, whole suite running): one schema-validation process for every case, six kubectl runs, the tree rendered thirty times.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  OVERLAY_VALUES,
  annotationPrefixProblems,
  helmReleaseProblems,
  kustomizationProblems,
  namespaceProblems,
  overlayProblems,
  podinfoProblems,
  variableProblems,
} from './flux/policy';
import { at, kustomizeProblems, list, parseProblems, renderContext, where, yamlFiles, type Placed } from './flux/tree';
import { stackIds, tags } from '../config';
import { CLUSTER_VAR_KEYS, contexts, runs, only, writtenStack } from './fixtures';

const root = join(__dirname, '..');
const CONTEXTS = contexts.map((c) => c.name);
/** The provider default tag keys, which Auto Mode-made load balancers and volumes must carry too. */
const TAG_KEYS = Object.keys(tags(contexts[0], { remoteBackend: true }, 'amc-dev'));

/** Every rule of the tree, over one checkout: the problems, each naming its file. */
function allProblems(at: string): string[] {
  const rendered = CONTEXTS.map((context) => renderContext(at, context));
  const placed = rendered.flatMap((r) => r.placed);
  return [
    ...parseProblems(at),
    ...kustomizeProblems(at),
    ...rendered.flatMap((r) => r.problems),
    ...kustomizationProblems(placed),
    ...helmReleaseProblems(placed),
    ...namespaceProblems(placed),
    ...rendered.flatMap((r) => podinfoProblems(r.placed)),
    ...overlayProblems(at),
    ...variableProblems(at, clusterVarKeys),
    ...annotationPrefixProblems(at),
  ].filter((problem, i, list) => list.indexOf(problem) === i);
}

type SchemaResult = { checked: string[]; unschematized: string[]; problems: string[] };

/**
 * Starts the one schema-validation process of this file, for every set of objects at once, and returns without
 * waiting: it runs on the other core while the tests before the schema tests run. Files, not pipes, carry its input
 * and output, so it needs nothing from this process until the result is awaited.
 */
function schemaCheck(sets: Record<string, readonly Placed[]>): Promise<Record<string, SchemaResult>> {
  const dir = mkdtempSync(join(tmpdir(), 'amc-schemas-'));
  const objects = Object.fromEntries(
    Object.entries(sets).map(([set, placed]) => [set, placed.map((p) => ({ where: where(p), object: p.object }))]),
  );
  writeFileSync(join(dir, 'in.json'), JSON.stringify(objects));
  const [input, output] = [openSync(join(dir, 'in.json'), 'r'), openSync(join(dir, 'out.json'), 'w')];
  const run = spawn(process.execPath, [join(__dirname, 'flux', 'schemas.mjs')], { cwd: root, stdio: [input, output, 'pipe'] });
  [input, output].forEach((fd) => closeSync(fd));
  let stderr = '';
  run.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) =>
    run.on('close', (code) => {
      try {
        if (code !== 0) reject(new Error(stderr));
        else resolve(JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as Record<string, SchemaResult>);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }),
  );
}

/** Replaces text in a file of a copy of the tree; fails when the text is not there, so that a stale case cannot pass. */
function editCopy(copy: string, file: string, from: string | RegExp, to: string) {
  const path = join(copy, file);
  const text = readFileSync(path, 'utf8');
  const changed = text.replace(from, to);
  if (changed === text) throw new Error(`${file}: nothing to replace`);
  writeFileSync(path, changed);
}

/** Schema violations: [name, file, from, to, the one problem reported]. */
const SCHEMA_CASES: [string, string, string, string, string][] = [
  [
    'an unknown field (a typo the schemas would let through)',
    'flux/apps/base/podinfo/release.yaml',
    '  interval: 30m',
    '  intreval: 30m\n  interval: 30m',
    'flux/apps/base/podinfo/release.yaml (patched by flux/apps/dev/podinfo-values.yaml): HelmRelease podinfo: unknown field spec.intreval',
  ],
  [
    'a schema violation',
    'flux/infrastructure/controllers/external-dns/release.yaml',
    'retries: 3',
    'retries: three',
    'flux/infrastructure/controllers/external-dns/release.yaml: HelmRelease external-dns: /spec/install/remediation/retries must be integer',
  ],
];

/** The tree as both contexts apply it, and each schema case's edited copy as dev applies it; an edit that fails is kept to fail its test. */
let schemas: Promise<Record<string, SchemaResult>>;
const editFailures: Record<string, Error> = {};
beforeAll(() => {
  const sets: Record<string, readonly Placed[]> = { tree: CONTEXTS.flatMap((context) => renderContext(root, context).placed) };
  for (const [name, file, from, to] of SCHEMA_CASES) {
    const copy = mkdtempSync(join(tmpdir(), 'amc-flux-'));
    try {
      cpSync(join(root, 'flux'), join(copy, 'flux'), { recursive: true });
      editCopy(copy, file, from, to);
      sets[name] = renderContext(copy, 'dev').placed;
    } catch (error) {
      editFailures[name] = error as Error;
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  schemas = schemaCheck(sets);
});

/** The keys of the cluster-vars ConfigMap as the flux stack writes it, from the run's one synth. */
let clusterVarKeys: string[];
beforeAll(async () => {
  const flux = await writtenStack(stackIds(contexts[0].name).flux);
  clusterVarKeys = Object.keys(only(flux, 'kubernetes_config_map_v1').data as object).sort();
});

const byName = (placed: readonly Placed[], kind: string, name: string) => {
  const found = placed.find((p) => p.object.kind === kind && at(p.object, 'metadata', 'name') === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found.object;
};

describe('the flux/ tree', () => {
  test('breaks no rule', () => {
    expect(allProblems(root)).toEqual([]);
  });

  test('has files for every layer', () => {
    expect(yamlFiles(root).length).toBeGreaterThan(15);
  });

  test('validates against the Flux and Kubernetes schemas, with no unknown field', async () => {
    const result = (await schemas).tree;
    expect(result.problems).toEqual([]);
    expect(result.checked).toEqual([
      'helm.toolkit.fluxcd.io/v2 HelmRelease',
      'kustomize.toolkit.fluxcd.io/v1 Kustomization',
      'networking.k8s.io/v1 IngressClass',
      'rbac.authorization.k8s.io/v1 ClusterRoleBinding',
      'rbac.authorization.k8s.io/v1 Role',
      'rbac.authorization.k8s.io/v1 RoleBinding',
      'source.toolkit.fluxcd.io/v1 HelmRepository',
      'source.toolkit.fluxcd.io/v1 OCIRepository',
      'storage.k8s.io/v1 StorageClass',
      'v1 Namespace',
      'v1 ServiceAccount',
    ]);
    // No public schema: checked field by field below.
    expect(result.unschematized).toEqual(['eks.amazonaws.com/v1 IngressClassParams']);
  });

  test('uses every cluster-vars key and nothing else', () => {
    expect(clusterVarKeys).toEqual(CLUSTER_VAR_KEYS);
    expect(variableProblems(root, clusterVarKeys)).toEqual([]);
  });
});

describe.each(CONTEXTS)('what a %s cluster applies', (context) => {
  const { placed, problems } = renderContext(root, context);

  test('resolves every Flux Kustomization path', () => {
    expect(problems).toEqual([]);
  });

  test('reconciles controllers, then configs, then apps from its own overlay', () => {
    const k = (name: string) => at(byName(placed, 'Kustomization', name), 'spec');
    expect(k('infra-controllers')).toMatchObject({ path: './flux/infrastructure/controllers' });
    expect(at(k('infra-controllers'), 'dependsOn')).toBeUndefined();
    expect(k('infra-configs')).toMatchObject({ path: './flux/infrastructure/configs', dependsOn: [{ name: 'infra-controllers' }] });
    expect(k('apps')).toMatchObject({ path: `./flux/apps/${context}`, dependsOn: [{ name: 'infra-configs' }] });
  });

  test('runs ExternalDNS on this cluster zone only, with its IRSA role and sync policy', () => {
    const values = at(byName(placed, 'HelmRelease', 'external-dns'), 'spec', 'values');
    expect(values).toMatchObject({
      provider: { name: 'aws' },
      domainFilters: ['${CLUSTER_DOMAIN}'],
      txtOwnerId: '${CLUSTER_NAME}',
      policy: 'sync',
      serviceAccount: { name: 'external-dns', annotations: { 'eks.amazonaws.com/role-arn': '${EXTERNAL_DNS_ROLE_ARN}' } },
    });
  });

  test('makes internet-facing ALBs through Auto Mode, carrying our tags', () => {
    expect(byName(placed, 'IngressClass', 'alb').spec).toEqual({
      controller: 'eks.amazonaws.com/alb',
      parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: 'alb' },
    });
    const params = byName(placed, 'IngressClassParams', 'alb');
    expect(params.apiVersion).toBe('eks.amazonaws.com/v1');
    expect(Object.keys(params.spec ?? {}).sort()).toEqual(['scheme', 'tags']);
    expect(at(params, 'spec', 'scheme')).toBe('internet-facing');
    expect(list(params, 'spec', 'tags').map((t) => at(t, 'key'))).toEqual(TAG_KEYS);
    expect(list(params, 'spec', 'tags').slice(0, 2)).toEqual([
      { key: 'Product', value: 'amc' },
      { key: 'Environment', value: '${CONTEXT}' },
    ]);
  });

  test('makes encrypted gp3 volumes the default, through the Auto Mode EBS driver', () => {
    const sc = byName(placed, 'StorageClass', 'gp3');
    expect(sc).toMatchObject({
      provisioner: 'ebs.csi.eks.amazonaws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      parameters: { type: 'gp3', encrypted: 'true' },
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
    const tagged = Object.entries(sc.parameters as Record<string, string>).filter(([key]) => key.startsWith('tagSpecification_'));
    expect(tagged.map(([, value]) => value.split('=')[0])).toEqual(TAG_KEYS);
  });

  test('runs podinfo from the signed OCI chart at an exact version', () => {
    expect(byName(placed, 'OCIRepository', 'podinfo').spec).toMatchObject({
      url: 'oci://ghcr.io/stefanprodan/charts/podinfo',
      ref: { tag: '6.14.1' },
      verify: {
        provider: 'cosign',
        matchOIDCIdentity: [
          {
            issuer: '^https://token\\.actions\\.githubusercontent\\.com$',
            subject: '^https://github\\.com/stefanprodan/podinfo/\\.github/workflows/release\\.yml@refs/tags/.+$',
          },
        ],
      },
    });
  });

  test("runs podinfo as its image's own user and group, which own its files (alpine adduser -S: 100, group 101)", () => {
    const values = at(byName(placed, 'HelmRelease', 'podinfo'), 'spec', 'values');
    expect(at(values, 'podSecurityContext')).toMatchObject({ runAsUser: 100, runAsGroup: 101, fsGroup: 101 });
    expect(at(values, 'securityContext')).toMatchObject({ runAsUser: 100, runAsGroup: 101 });
  });

  test('keeps podinfo hardened, limited and behind HTTPS after the overlay', () => {
    expect(podinfoProblems(placed)).toEqual([]);
  });
});

test('dev and prod differ in replicas, autoscaling and resources only', () => {
  const values = (context: string) =>
    at(byName(renderContext(root, context).placed, 'HelmRelease', 'podinfo'), 'spec', 'values') as Record<string, unknown>;
  const [dev, prod] = [values('dev'), values('prod')];
  expect(dev).toMatchObject({ replicaCount: 1, hpa: { enabled: false } });
  expect(prod).toMatchObject({
    replicaCount: 2,
    hpa: { enabled: true, maxReplicas: 6, cpu: 70 },
    podDisruptionBudget: { maxUnavailable: 1 },
  });
  const strip = (v: Record<string, unknown>) => Object.fromEntries(Object.entries(v).filter(([key]) => !OVERLAY_VALUES.includes(key)));
  expect(strip(prod)).toEqual(strip(dev));
});

const kubectl = runs('kubectl', 'version', '--client');
if (!kubectl) console.warn('kubectl does not run here: the kubectl kustomize build check is skipped (the offline renderer still runs)');
const whenKubectl = kubectl ? test : test.skip;

describe('kubectl kustomize agrees', () => {
  whenKubectl.each(['clusters/dev', 'clusters/prod', 'infrastructure/controllers', 'infrastructure/configs', 'apps/dev', 'apps/prod'])(
    'flux/%s builds',
    (dir) => {
      const run = spawnSync('kubectl', ['kustomize', join(root, 'flux', dir)], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const rendered = dir.startsWith('clusters/')
        ? renderContext(root, dir.split('/')[1]).placed.filter((p) => p.sources[0].startsWith('flux/clusters/'))
        : [];
      for (const p of rendered) expect(run.stdout).toContain(`name: ${String(at(p.object, 'metadata', 'name'))}`);
    },
  );
});

describe('a broken rule fails, naming the file', () => {
  let copy: string;
  beforeEach(() => {
    copy = mkdtempSync(join(tmpdir(), 'amc-flux-'));
    cpSync(join(root, 'flux'), join(copy, 'flux'), { recursive: true });
  });
  afterEach(() => rmSync(copy, { recursive: true, force: true }));

  const edit = (file: string, from: string | RegExp, to: string) => editCopy(copy, file, from, to);

  test.each([
    [
      'a missing kustomize resource',
      'flux/apps/base/podinfo/kustomization.yaml',
      '  - release.yaml',
      '  - relaese.yaml',
      'flux/apps/base/podinfo/kustomization.yaml: resource relaese.yaml does not exist',
    ],
    [
      'a missing Flux Kustomization path',
      'flux/clusters/base/infrastructure.yaml',
      'path: ./flux/infrastructure/configs',
      'path: ./flux/infrastructure/config',
      'flux/clusters/base/infrastructure.yaml: Kustomization infra-configs: path ./flux/infrastructure/config is not a directory with a kustomization.yaml',
    ],
    [
      'a latest tag',
      'flux/infrastructure/controllers/external-dns/release.yaml',
      /\n {2}values:\n/,
      '\n  values:\n    image:\n      tag: latest\n',
      "flux/infrastructure/controllers/external-dns/release.yaml: HelmRelease external-dns: values.image.tag 'latest' is not a pinned version",
    ],
    [
      'a podinfo image pinned apart from its chart',
      'flux/apps/base/podinfo/release.yaml',
      /\n {2}values:\n/,
      '\n  values:\n    image:\n      tag: 6.14.1\n',
      'flux/apps/base/podinfo/release.yaml (patched by flux/apps/dev/podinfo-values.yaml): HelmRelease podinfo: values.image is set; the chart version alone picks the image',
    ],
    [
      'a chart version range',
      'flux/infrastructure/controllers/external-dns/release.yaml',
      'version: 1.22.0',
      'version: 1.x',
      "flux/infrastructure/controllers/external-dns/release.yaml: HelmRelease external-dns: chart version '1.x' is not exact (x.y.z)",
    ],
    [
      'a removed limit',
      'flux/apps/base/podinfo/release.yaml',
      / {6}limits:\n {8}cpu: 200m\n/,
      '      limits:\n',
      'flux/apps/base/podinfo/release.yaml (patched by flux/apps/dev/podinfo-values.yaml): HelmRelease podinfo: resources.limits.cpu is not set',
    ],
    [
      'a mounted service account token',
      'flux/apps/base/podinfo/release.yaml',
      'value: false',
      'value: true',
      'flux/apps/base/podinfo/release.yaml (patched by flux/apps/dev/podinfo-values.yaml): HelmRelease podinfo: the Deployment still mounts a service account token (postRenderers patch automountServiceAccountToken: false)',
    ],
    [
      'a writable root file system',
      'flux/apps/base/podinfo/release.yaml',
      'readOnlyRootFilesystem: true',
      'readOnlyRootFilesystem: false',
      'flux/apps/base/podinfo/release.yaml (patched by flux/apps/dev/podinfo-values.yaml): HelmRelease podinfo: readOnlyRootFilesystem is not true',
    ],
    [
      'an unknown variable',
      'flux/apps/base/podinfo/release.yaml',
      'podinfo.${CLUSTER_DOMAIN}',
      'podinfo.${CLUSTER_ZONE}',
      'flux/apps/base/podinfo/release.yaml: ${CLUSTER_ZONE} is not a cluster-vars key',
    ],
    [
      'no remediation retries',
      'flux/infrastructure/controllers/external-dns/release.yaml',
      / {2}install:\n {4}remediation:\n {6}retries: 3\n/,
      '',
      'flux/infrastructure/controllers/external-dns/release.yaml: HelmRelease external-dns: install.remediation.retries is not set above 0',
    ],
    [
      'a Kustomization without prune',
      'flux/clusters/base/apps.yaml',
      'prune: true',
      'prune: false',
      'flux/clusters/base/apps.yaml (patched by flux/clusters/dev/kustomization.yaml): Kustomization apps: prune is not true',
    ],
    [
      'a suspended Kustomization',
      'flux/clusters/base/apps.yaml',
      'prune: true',
      'prune: true\n  suspend: true',
      'flux/clusters/base/apps.yaml (patched by flux/clusters/dev/kustomization.yaml): Kustomization apps: is suspended',
    ],
    [
      'an overlay patching the base',
      'flux/apps/prod/podinfo-values.yaml',
      '    replicaCount: 2',
      '    replicaCount: 2\n    ingress:\n      enabled: false',
      'flux/apps/prod/podinfo-values.yaml: patches values.ingress; overlays hold only replicaCount, hpa, resources, podDisruptionBudget',
    ],
    [
      'a pre-0.22 ExternalDNS annotation',
      'flux/apps/base/podinfo/release.yaml',
      '        alb.ingress.kubernetes.io/listen-ports',
      '        external-dns.alpha.kubernetes.io/ttl: "60"\n        alb.ingress.kubernetes.io/listen-ports',
      'flux/apps/base/podinfo/release.yaml: external-dns.alpha.kubernetes.io/ annotations are ignored by ExternalDNS 0.22',
    ],
    [
      'a YAML syntax error',
      'flux/infrastructure/configs/storage-class.yaml',
      'type: gp3',
      'type: [gp3',
      'flux/infrastructure/configs/storage-class.yaml: YAML error:',
    ],
  ])('%s', (_, file, from, to, message) => {
    expect(allProblems(copy)).toEqual([]);
    edit(file, from, to);
    expect(allProblems(copy).some((problem) => problem.startsWith(message))).toBe(true);
  });

  test.each(SCHEMA_CASES)('%s', async (name, _file, _from, _to, message) => {
    if (editFailures[name]) throw editFailures[name];
    expect((await schemas)[name].problems).toEqual([message]);
  });
});
