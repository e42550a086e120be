// Cost: 0.1 s here (2 cores, whole suite running): reads every source file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const SOURCES = ['main.ts', 'config', 'constructs', 'stacks', 'test', 'scripts'];

/** Imports of a provider package's root or `lib` index, which load about 2,200 modules for the AWS provider alone. */
export function rootImports(text: string): string[] {
  const specifiers = [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"](@cdktf\/provider-[a-z0-9-]+[^'"]*)['"]/g)].map(
    (m) => m[1],
  );
  return specifiers.filter((s) => !/^@cdktf\/provider-[a-z0-9-]+\/lib\/[a-z0-9-]+$/.test(s));
}

function files(path: string): string[] {
  const full = join(root, path);
  if (statSync(full).isDirectory())
    return readdirSync(full)
      .filter((e) => e !== '__snapshots__')
      .flatMap((e) => files(join(path, e)));
  return /\.(ts|js|cjs|mjs)$/.test(path) ? [path] : [];
}

test('every provider class is imported by its deep path', () => {
  // This file's own root imports are fixtures in strings.
  const offenders = SOURCES.flatMap(files)
    .filter((file) => file !== join('test', 'imports.test.ts'))
    .flatMap((file) => rootImports(readFileSync(join(root, file), 'utf8')).map((s) => `${relative(root, join(root, file))}: ${s}`));
  expect(offenders).toEqual([]);
  expect(SOURCES.flatMap(files).length).toBeGreaterThan(20);
});

test.each([
  ["import { EksCluster } from '@cdktf/provider-aws';", ['@cdktf/provider-aws']],
  ['import * as aws from "@cdktf/provider-aws";', ['@cdktf/provider-aws']],
  ["import { eksCluster } from '@cdktf/provider-aws/lib';", ['@cdktf/provider-aws/lib']],
  ["const { Release } = require('@cdktf/provider-helm');", ['@cdktf/provider-helm']],
  ["import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';", []],
  ["import { Release } from '@cdktf/provider-helm/lib/release';", []],
])('the guard reads %s', (source, expected) => {
  expect(rootImports(source)).toEqual(expected);
});
