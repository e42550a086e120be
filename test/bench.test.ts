// Cost: 0.1 s here (2 cores, whole suite running).
// The benchmark's arithmetic, verdicts and reference app, on fixed numbers (timing itself is `npm run bench`, never a test).
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { BENCHMARKS, PARTS, REFERENCES, median, summarize, table } from '../scripts/bench.cjs';
import { TS_JEST, TS_NODE, referenceDir, referenceFiles, referenceVersions } from '../scripts/bench-reference.cjs';

const MiB = 1024 * 1024;
const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const templates = join(root, 'node_modules', 'cdktf-cli', 'bundle', 'templates');
const [synth, test_] = ['npm run synth', 'npm test'].map((name) => BENCHMARKS.filter((b) => b.name === name)[0]);
const references = { 'reference cdktf synth': 12, 'reference npm test': 20 };

test('holds the budgets the team agreed', () => {
  expect(BENCHMARKS.map((b) => [b.name, b.ratio ?? b.seconds, b.of, b.mib])).toEqual([
    ['npm run synth', 0.1, 'reference cdktf synth', 300],
    ['npx cdktf synth', 3.0, undefined, undefined],
    ['npm test', 0.5, 'reference npm test', undefined],
    ['npm run test:all', 2.0, 'reference npm test', undefined],
    ['type-check', 3.0, undefined, undefined],
  ]);
  expect(REFERENCES.map((r) => r.name)).toEqual(['reference cdktf synth', 'reference npm test']);
});

test('takes the median of odd and even counts', () => {
  expect(median([3, 1, 2])).toBe(2);
  expect(median([4, 1, 3, 2])).toBe(2.5);
});

test('passes a run inside both budgets, as a ratio of the reference median', () => {
  const row = summarize(
    synth,
    [0.5, 0.6, 2.0].map((seconds) => ({ seconds, bytes: 150 * MiB })),
    references,
  );
  expect(row).toMatchObject({ median: 0.6, min: 0.5, max: 2.0, pass: true });
  expect(row.ratio).toBeCloseTo(0.05);
  expect(table([row], 3)).toContain(
    '| `npm run synth` | 0.60 | 0.50–2.00 | 150 | 0.05 | ≤ 0.1 × reference cdktf synth, ≤ 300 MiB | PASS |',
  );
});

test('passes a ratio at the budget and fails one above it, saying which', () => {
  const at = summarize(test_, [{ seconds: 10, bytes: NaN }], references);
  expect(at).toMatchObject({ ratio: 0.5, pass: true });
  const over = summarize(test_, [{ seconds: 10.2, bytes: NaN }], references);
  expect(over.pass).toBe(false);
  expect(over.fails).toEqual(['ratio 0.51 > 0.5']);
});

test('fails a slow median or a memory peak, saying which', () => {
  const row = summarize(
    synth,
    [1.3, 1.4, 0.9].map((seconds) => ({ seconds, bytes: 400 * MiB })),
    references,
  );
  expect(row.pass).toBe(false);
  expect(row.fails).toEqual(['ratio 0.11 > 0.1', 'peak 400 MiB > 300 MiB']);
  const [typeCheck] = BENCHMARKS.filter((b) => b.name === 'type-check');
  expect(summarize(typeCheck, [{ seconds: 3.5, bytes: NaN }]).fails).toEqual(['median 3.50 s > 3 s']);
});

test('fails when memory could not be measured for a memory budget', () => {
  expect(summarize(synth, [{ seconds: 0.5, bytes: NaN }], references).fails).toEqual(['peak unknown MiB > 300 MiB']);
});

test('needs the reference median for a ratio budget', () => {
  expect(() => summarize(test_, [{ seconds: 5, bytes: NaN }])).toThrow('npm test: no median for reference npm test');
});

test('prints reference rows without a verdict', () => {
  const row = summarize(REFERENCES[1], [{ seconds: 20, bytes: 900 * MiB }]);
  expect(table([row], 1)).toContain('| `reference npm test` | 20.00 | 20.00–20.00 | 900 |  | reference |  |');
});

test('times each integration suite alone (--parts): the suites npm test leaves out and test:all adds, once each', () => {
  const integration = readdirSync(join(root, 'test')).filter((file) => file.endsWith('.integration.test.ts'));
  expect(integration.length).toBeGreaterThan(0);
  const alone = PARTS.map((part) => /^\S+\/jest -c jest\.all\.config\.cjs test\/([\w.-]+\.test\.ts)$/.exec(part.command.join(' '))?.[1]);
  expect([...alone].sort()).toEqual(integration.sort());
  expect(PARTS.every((part) => part.share === 'reference npm test' && part.ratio === undefined)).toBe(true);
  const command = (name: string) => BENCHMARKS.find((b) => b.name === name)?.command.join(' ');
  expect([command('npm test'), command('npm run test:all')]).toEqual(['npm test --silent', 'npm run -s test:all']);
});

test('shows a part as a share of the reference, without a verdict', () => {
  const row = summarize(PARTS[0], [{ seconds: 11, bytes: 300 * MiB }], references);
  expect(row).toMatchObject({ pass: true, budget: 'share of reference npm test' });
  expect(table([row], 1)).toContain('| `part: the pipeline suite` | 11.00 | 11.00–11.00 | 300 | 0.55 | share of reference npm test |  |');
  expect(() => summarize(PARTS[0], [{ seconds: 11, bytes: NaN }])).toThrow('part: the pipeline suite: no median for reference npm test');
});

describe('the reference app', () => {
  const versions = referenceVersions(pkg);
  const files = referenceFiles(versions, templates);

  test('uses our providers, cdktf and test tools at exactly our versions, and ts-jest and ts-node as cdktf init adds them', () => {
    const providers = Object.keys(pkg.dependencies).filter((name) => name.startsWith('@cdktf/provider-'));
    expect(providers.length).toBeGreaterThanOrEqual(5);
    const ours = { ...pkg.dependencies, ...pkg.devDependencies };
    const theirs = JSON.parse(files['package.json']);
    for (const name of [...providers, 'cdktf', 'constructs']) expect(theirs.dependencies[name]).toBe(ours[name]);
    for (const name of ['jest', 'typescript', '@types/jest', '@types/node']) expect(theirs.devDependencies[name]).toBe(ours[name]);
    expect(theirs.devDependencies).toMatchObject({ 'ts-jest': TS_JEST, 'ts-node': TS_NODE });
    expect(theirs.scripts.test).toBe('jest');
  });

  test('imports every provider from its package root', () => {
    const providers = Object.keys(pkg.dependencies).filter((name) => name.startsWith('@cdktf/provider-'));
    const imported = [...files['main.ts'].matchAll(/^import \{[^}]+\} from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imported).toEqual(['constructs', 'cdktf', ...providers.sort()]);
  });

  test("keeps cdktf init's own test set-up: ts-jest with type-checking, and ts-node as the app command", () => {
    expect(files['jest.config.js']).toContain('preset: "ts-jest"');
    expect(files['jest.config.js']).not.toMatch(/isolatedModules|diagnostics/);
    expect(files['tsconfig.json']).not.toContain('isolatedModules');
    expect(JSON.parse(files['cdktf.json']).app).toBe('npx ts-node main.ts');
  });

  test('has six snapshot tests: three stacks for each of two contexts', () => {
    const test = files['__tests__/main-test.ts'];
    expect(test).toContain('describe.each(contexts)');
    expect(test.match(/Testing\.synthScope\(.*\)\)\.toMatchSnapshot\(\)/g)).toHaveLength(3);
    expect(files['main.ts'].match(/^ {2}\{ name: "(dev|prod)"/gm)).toHaveLength(2);
  });

  test('is installed once per set of versions', () => {
    expect(referenceDir(versions, '/tmp')).toBe(referenceDir(referenceVersions(pkg), '/tmp'));
    const other = { ...pkg, dependencies: { ...pkg.dependencies, cdktf: '0.20.0' } };
    expect(referenceDir(referenceVersions(other), '/tmp')).not.toBe(referenceDir(versions, '/tmp'));
    expect(referenceDir(versions, '/tmp')).toMatch(/^\/tmp\/amc-bench-reference-[0-9a-f]{12}$/);
  });

  test('fails when package.json lacks a tool the reference needs', () => {
    const devDependencies = Object.fromEntries(Object.entries(pkg.devDependencies).filter(([name]) => name !== 'jest'));
    expect(() => referenceVersions({ ...pkg, devDependencies })).toThrow('package.json lacks jest');
  });
});
