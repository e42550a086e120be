// The reference `npm run bench` measures us against: the app `cdktf init --template typescript` would give a user of
// the same providers. Its files come from cdktf-cli's own template (jest.config.js with the ts-jest preset, which
// type-checks; setup.js; tsconfig.json; cdktf.json running `npx ts-node main.ts`); main.ts and the six snapshot tests
// are what such a user writes: three stacks per context, provider classes from each package's root, as the template does.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** cdktf init installs ts-jest and ts-node too; we use neither (esbuild transpiles), so their versions are pinned here. */
const TS_JEST = '29.4.5';
const TS_NODE = '10.9.2';
const DEPENDENCIES = ['cdktf', 'constructs'];
const DEV_DEPENDENCIES = ['@types/jest', '@types/node', 'jest', 'typescript'];

/** The reference's dependencies, at exactly the versions of ours: cdktf, constructs, every provider and the test tools. */
function referenceVersions(pkg) {
  const all = { ...pkg.dependencies, ...pkg.devDependencies };
  const sorted = (deps) => Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  const pick = (names) => Object.fromEntries(names.map((name) => [name, all[name]]));
  const providers = Object.keys(pkg.dependencies).filter((name) => name.startsWith('@cdktf/provider-'));
  const missing = [...DEPENDENCIES, ...providers, ...DEV_DEPENDENCIES].filter((name) => !all[name]);
  if (missing.length > 0) throw new Error(`package.json lacks ${missing.join(', ')}`);
  return {
    dependencies: pick([...DEPENDENCIES, ...providers].sort()),
    devDependencies: sorted({ ...pick(DEV_DEPENDENCIES), 'ts-jest': TS_JEST, 'ts-node': TS_NODE }),
  };
}

/** Where the reference lives between runs: one folder per set of versions, so a re-run reuses its install. */
function referenceDir(versions, base = tmpdir()) {
  const hash = createHash('sha256').update(JSON.stringify(versions)).digest('hex').slice(0, 12);
  return join(base, `amc-bench-reference-${hash}`);
}

// Root imports on purpose, by package name (our own code imports by deep path; see test/imports.test.ts).
const IMPORTS = {
  '@cdktf/provider-aws': [
    'provider as aws',
    'acmCertificate',
    'cloudwatchLogGroup',
    'dataAwsEksCluster',
    'dataAwsSecretsmanagerSecretVersion',
    'eksAccessEntry',
    'eksCluster',
    'iamRole',
    'iamRolePolicyAttachment',
    'kmsKey',
    'route53Zone',
    'secretsmanagerSecret',
    'secretsmanagerSecretVersion',
    'subnet',
    'vpc',
  ],
  '@cdktf/provider-gitlab': ['provider as gitlab', 'deployKey'],
  '@cdktf/provider-helm': ['provider as helm', 'release'],
  '@cdktf/provider-kubernetes': ['provider as kubernetes', 'configMapV1', 'namespaceV1', 'secretV1'],
  '@cdktf/provider-tls': ['provider as tls', 'privateKey'],
};

const MAIN_BODY = `
export interface Context {
  readonly name: string;
  readonly region: string;
  readonly cidr: string;
  readonly branch: string;
  readonly adminRoleArn: string;
}

export const contexts: Context[] = [
  { name: "dev", region: "eu-west-1", cidr: "10.10.0.0/16", branch: "dev", adminRoleArn: "arn:aws:iam::111111111111:role/admin" },
  { name: "prod", region: "eu-west-1", cidr: "10.20.0.0/16", branch: "main", adminRoleArn: "arn:aws:iam::222222222222:role/admin" },
];

function trust(service: string): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
  });
}

export function gitlabResources(scope: Construct, ctx: Context) {
  new aws.AwsProvider(scope, "aws", { region: ctx.region });
  new tls.TlsProvider(scope, "tls");
  new gitlab.GitlabProvider(scope, "gitlab", {});
  const key = new privateKey.PrivateKey(scope, "key", { algorithm: "ED25519" });
  new deployKey.DeployKey(scope, "deploy-key", {
    project: "example/amc",
    title: \`flux-\${ctx.name}\`,
    key: key.publicKeyOpenssh,
    canPush: false,
  });
  const secret = new secretsmanagerSecret.SecretsmanagerSecret(scope, "secret", { name: \`amc-\${ctx.name}-flux-key\` });
  new secretsmanagerSecretVersion.SecretsmanagerSecretVersion(scope, "secret-value", {
    secretId: secret.id,
    secretString: Fn.jsonencode({ identity: key.privateKeyOpenssh, "identity.pub": key.publicKeyOpenssh }),
  });
}

export function clusterResources(scope: Construct, ctx: Context) {
  const name = \`amc-\${ctx.name}-eks\`;
  new aws.AwsProvider(scope, "aws", { region: ctx.region });
  const network = new vpc.Vpc(scope, "vpc", { cidrBlock: ctx.cidr, enableDnsHostnames: true });
  const subnets = ["a", "b", "c"].map(
    (az, i) =>
      new subnet.Subnet(scope, \`private-\${az}\`, {
        vpcId: network.id,
        availabilityZone: \`\${ctx.region}\${az}\`,
        cidrBlock: Fn.cidrsubnet(ctx.cidr, 4, i),
        tags: { "kubernetes.io/role/internal-elb": "1" },
      }),
  );
  const key = new kmsKey.KmsKey(scope, "kms", { enableKeyRotation: true });
  const logs = new cloudwatchLogGroup.CloudwatchLogGroup(scope, "logs", { name: \`/aws/eks/\${name}/cluster\`, retentionInDays: 90 });
  const clusterRole = new iamRole.IamRole(scope, "cluster-role", { name: \`\${name}-cluster\`, assumeRolePolicy: trust("eks.amazonaws.com") });
  const nodeRole = new iamRole.IamRole(scope, "node-role", { name: \`\${name}-node\`, assumeRolePolicy: trust("ec2.amazonaws.com") });
  for (const policy of ["AmazonEKSClusterPolicy", "AmazonEKSComputePolicy", "AmazonEKSBlockStoragePolicy", "AmazonEKSLoadBalancingPolicy"]) {
    new iamRolePolicyAttachment.IamRolePolicyAttachment(scope, \`cluster-\${policy}\`, {
      role: clusterRole.name,
      policyArn: \`arn:aws:iam::aws:policy/\${policy}\`,
    });
  }
  const cluster = new eksCluster.EksCluster(scope, "cluster", {
    name,
    roleArn: clusterRole.arn,
    bootstrapSelfManagedAddons: false,
    accessConfig: { authenticationMode: "API" },
    computeConfig: { enabled: true, nodePools: ["general-purpose", "system"], nodeRoleArn: nodeRole.arn },
    kubernetesNetworkConfig: { elasticLoadBalancing: { enabled: true } },
    storageConfig: { blockStorage: { enabled: true } },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: key.arn } },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    vpcConfig: { subnetIds: subnets.map((s) => s.id), endpointPrivateAccess: true },
    dependsOn: [logs],
  });
  new eksAccessEntry.EksAccessEntry(scope, "admin", { clusterName: cluster.name, principalArn: ctx.adminRoleArn });
  const zone = new route53Zone.Route53Zone(scope, "zone", { name: \`\${ctx.name}.example.com\` });
  new acmCertificate.AcmCertificate(scope, "certificate", { domainName: \`*.\${zone.name}\`, validationMethod: "DNS" });
}

export function fluxResources(scope: Construct, ctx: Context) {
  new aws.AwsProvider(scope, "aws", { region: ctx.region });
  const cluster = new dataAwsEksCluster.DataAwsEksCluster(scope, "cluster", { name: \`amc-\${ctx.name}-eks\` });
  const connection = { host: cluster.endpoint, clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data) };
  const exec = { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["eks", "get-token", "--cluster-name", cluster.name] };
  new kubernetes.KubernetesProvider(scope, "kubernetes", { ...connection, exec: [exec] });
  new helm.HelmProvider(scope, "helm", { kubernetes: { ...connection, exec } });
  const key = new dataAwsSecretsmanagerSecretVersion.DataAwsSecretsmanagerSecretVersion(scope, "deploy-key", {
    secretId: \`amc-\${ctx.name}-flux-key\`,
  });
  const ns = new namespaceV1.NamespaceV1(scope, "namespace", { metadata: { name: "flux-system" } });
  new secretV1.SecretV1(scope, "git-secret", {
    metadata: { name: "flux-system", namespace: ns.metadata.name },
    data: { identity: Fn.lookup(Fn.jsondecode(key.secretString), "identity", "") },
  });
  new configMapV1.ConfigMapV1(scope, "cluster-vars", {
    metadata: { name: "cluster-vars", namespace: ns.metadata.name },
    data: { CONTEXT: ctx.name, CLUSTER_NAME: cluster.name },
  });
  const flux = new release.Release(scope, "flux2", {
    name: "flux2",
    namespace: ns.metadata.name,
    repository: "https://fluxcd-community.github.io/helm-charts",
    chart: "flux2",
    version: "2.18.3",
  });
  new release.Release(scope, "flux2-sync", {
    name: "flux-system",
    namespace: ns.metadata.name,
    repository: "https://fluxcd-community.github.io/helm-charts",
    chart: "flux2-sync",
    version: "1.14.5",
    set: [
      { name: "gitRepository.spec.ref.branch", value: ctx.branch },
      { name: "kustomization.spec.path", value: \`./flux/clusters/\${ctx.name}\` },
    ],
    dependsOn: [flux],
  });
}

class GitlabStack extends TerraformStack {
  constructor(scope: Construct, id: string, ctx: Context) {
    super(scope, id);
    gitlabResources(this, ctx);
  }
}

class ClusterStack extends TerraformStack {
  constructor(scope: Construct, id: string, ctx: Context) {
    super(scope, id);
    clusterResources(this, ctx);
  }
}

class FluxStack extends TerraformStack {
  constructor(scope: Construct, id: string, ctx: Context) {
    super(scope, id);
    fluxResources(this, ctx);
  }
}

if (require.main === module) {
  const app = new App();
  for (const ctx of contexts) {
    new GitlabStack(app, \`amc-gitlab-\${ctx.name}\`, ctx);
    new ClusterStack(app, \`amc-\${ctx.name}\`, ctx);
    new FluxStack(app, \`amc-flux-\${ctx.name}\`, ctx);
  }
  app.synth();
}
`;

const TEST = `import "cdktf/lib/testing/adapters/jest"; // Load types for expect matchers
import { Testing } from "cdktf";
import { clusterResources, contexts, fluxResources, gitlabResources } from "../main";

describe.each(contexts)("amc ($name)", (ctx) => {
  it("gitlab stack matches the snapshot", () => {
    expect(Testing.synthScope((scope) => gitlabResources(scope, ctx))).toMatchSnapshot();
  });

  it("cluster stack matches the snapshot", () => {
    expect(Testing.synthScope((scope) => clusterResources(scope, ctx))).toMatchSnapshot();
  });

  it("flux stack matches the snapshot", () => {
    expect(Testing.synthScope((scope) => fluxResources(scope, ctx))).toMatchSnapshot();
  });
});
`;

/** Every file of the reference app, by path: cdktf-cli's TypeScript template (from `templates`), filled in as `cdktf init` does. */
function referenceFiles(versions, templates) {
  const template = (file) => readFileSync(join(templates, 'typescript', file), 'utf8');
  const pkg = JSON.parse(template('package.json').replace('{{ $base }}', 'reference'));
  const imports = Object.entries(IMPORTS).map(([name, members]) => `import { ${members.join(', ')} } from "${name}";`);
  return {
    'package.json': `${JSON.stringify({ ...pkg, ...versions }, null, 2)}\n`,
    'cdktf.json': template('cdktf.json')
      .replace('{{projectId}}', 'amc-bench-reference')
      .replace('{{sendCrashReports}}', 'false')
      .replace('{{futureFlags}}', ''),
    'jest.config.js': template('jest.config.js'),
    'setup.js': template('setup.js'),
    'tsconfig.json': template('tsconfig.json'),
    'main.ts': ['import { Construct } from "constructs";', 'import { App, Fn, TerraformStack } from "cdktf";', ...imports, MAIN_BODY].join(
      '\n',
    ),
    '__tests__/main-test.ts': TEST,
  };
}

module.exports = { TS_JEST, TS_NODE, referenceVersions, referenceDir, referenceFiles };
