// Cost: 0.9 s here (2 cores, whole suite running): each drain starts node once for the names.
// scripts/drain.sh against stub kubectl and aws that answer like a cluster with Flux, podinfo behind an ALB and
// ExternalDNS records. About 1.5 s: each run starts node once for the context's names.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { contexts, synthContext } from './helpers';
import { CLUSTER, HR, KS, StubBin } from './stubs';

const root = join(__dirname, '..');
const SUSPEND = '--type merge -p {"spec":{"suspend":true}}';

const stubs = new StubBin(CLUSTER);
afterAll(() => stubs.remove());

function run(script: string, args: string[], env: Record<string, string> = {}) {
  stubs.reset();
  rmSync(join(stubs.dir, 'dns'), { force: true });
  return stubs.run('bash', [script, ...args], { cwd: root, env: { DRAIN_POLL: '0', LOG_GROUP_SETTLE: '0', ...env } });
}

/** The calls that change something or wait, in order: what the order of a teardown is about. */
const actions = (calls: string[]) => calls.filter((c) => !/^kubectl get (crd|\S+ --all-namespaces -o jsonpath)/.test(c));

const kubeconfig = synthContext(contexts[0]).cluster.json.output?.kubeconfig_command.value as string;

describe('scripts/drain.sh', () => {
  test('suspends Flux root first, deletes what made AWS resources, waits for DNS, then deletes Flux objects appliers first', () => {
    const drained = run('scripts/drain.sh', ['dev'], { DIRTY: '2' });
    expect(drained.stderr).toBe('');
    expect(drained.status).toBe(0);
    const zoneQuery =
      'route53 list-resource-record-sets --hosted-zone-id /hostedzone/Z0123EXAMPLE --query ResourceRecordSets[].[Name,Type] --output text';
    expect(actions(stubs.calls())).toEqual([
      'kubectl config current-context',
      `kubectl -n flux-system patch ${KS} flux-system ${SUSPEND}`,
      ...['apps', 'flux-system', 'infra-configs', 'infra-controllers'].map((k) => `kubectl -n flux-system patch ${KS} ${k} ${SUSPEND}`),
      `kubectl -n external-dns patch ${HR} external-dns ${SUSPEND}`,
      `kubectl -n podinfo patch ${HR} podinfo ${SUSPEND}`,
      'kubectl delete ingress --all --all-namespaces --wait=true --timeout=600s',
      'kubectl -n podinfo delete service web --wait=true --timeout=600s',
      'kubectl delete pvc --all --all-namespaces --wait=true --timeout=600s',
      'kubectl wait --for=delete persistentvolumes --all --timeout=600s',
      "aws route53 list-hosted-zones-by-name --dns-name dev.example.com --query HostedZones[?Name=='dev.example.com.' && Config.PrivateZone==`false`].Id --output text",
      // ExternalDNS's A and TXT records are there twice, then only Terraform's NS, SOA and ACM validation CNAME.
      `aws ${zoneQuery}`,
      `aws ${zoneQuery}`,
      `aws ${zoneQuery}`,
      ...[KS, HR, 'helmcharts', 'helmrepositories', 'ocirepositories', 'gitrepositories', 'buckets'].map(
        (kind) =>
          `kubectl delete ${kind.includes('.') ? kind : `${kind}.source.toolkit.fluxcd.io`} --all --all-namespaces --wait=true --timeout=600s`,
      ),
    ]);
  });

  test('fails after its timeout, naming the records ExternalDNS left, before touching Flux', () => {
    const drained = run('scripts/drain.sh', ['dev'], { DIRTY: '1000', DRAIN_TIMEOUT: '0' });
    expect(drained.status).toBe(1);
    expect(drained.stderr).toBe(
      [
        'drain: after 0s, dev.example.com still holds records Terraform did not make:',
        '  podinfo.dev.example.com.\tA',
        '  a-podinfo.dev.example.com.\tTXT',
        'drain: check ExternalDNS (kubectl -n external-dns logs deploy/external-dns), or delete them, then run the drain again',
        '',
      ].join('\n'),
    );
    expect(stubs.calls().filter((c) => c.startsWith('kubectl delete') && c.includes('toolkit.fluxcd.io'))).toEqual([]);
  });

  test('passes every wait its timeout', () => {
    run('scripts/drain.sh', ['dev'], { DRAIN_TIMEOUT: '42' });
    const waits = stubs.calls().filter((c) => / --timeout=/.test(c));
    expect(waits).toHaveLength(11);
    for (const call of waits) expect(call).toMatch(/ --timeout=42s( |$)/);
  });

  test('skips what Flux would own on a cluster without Flux', () => {
    const drained = run('scripts/drain.sh', ['dev'], { NO_FLUX: '1' });
    expect(drained.status).toBe(0);
    expect(stubs.calls().filter((c) => c.includes('toolkit.fluxcd.io') && !c.startsWith('kubectl get crd'))).toEqual([]);
  });

  test('refuses a cluster of another context, with the kubeconfig command the amc stack outputs', () => {
    const drained = run('scripts/drain.sh', ['dev'], { KUBE_CONTEXT: 'arn:aws:eks:eu-west-1:111111111111:cluster/amc-prod-eks' });
    expect(drained.status).toBe(1);
    expect(drained.stderr).toBe(
      `drain.sh: kubectl points at 'arn:aws:eks:eu-west-1:111111111111:cluster/amc-prod-eks', not amc-dev-eks; run: ${kubeconfig}\n`,
    );
    expect(kubeconfig).toMatch(
      /^aws eks update-kubeconfig --region eu-west-1 --name amc-dev-eks --role-arn arn:aws:iam::111111111111:role\/amc-dev-admin$/,
    );
    expect(stubs.calls()).toEqual(['kubectl config current-context']);
  });

  test("refuses the default's cluster when an edition is drained", () => {
    const drained = run('scripts/drain.sh', ['dev'], { TFT_EDITION: 'pr42' });
    expect(drained.status).toBe(1);
    expect(drained.stderr).toContain('not amc-dev-pr42-eks; run: aws eks update-kubeconfig --region eu-west-1 --name amc-dev-pr42-eks');
  });
});
