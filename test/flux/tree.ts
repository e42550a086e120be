import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A parsed YAML mapping. Its contents are read through `at`, which assumes no shape. */
export type Mapping = { readonly [key: string]: unknown };

/** A Kubernetes or Flux object with where it came from: its file, then any patch files applied to it. */
export interface Placed {
  readonly object: Mapping;
  readonly sources: readonly string[];
}

/** The value at a path in parsed YAML, or undefined where the path breaks off. */
export function at(node: unknown, ...path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((n, key) => (n !== null && typeof n === 'object' ? (n as Record<string | number, unknown>)[key] : undefined), node);
}

/** The list at a path, or an empty one. */
export function list(node: unknown, ...path: readonly (string | number)[]): unknown[] {
  const value = at(node, ...path);
  return Array.isArray(value) ? value : [];
}

const isMapping = (node: unknown): node is Mapping => node !== null && typeof node === 'object' && !Array.isArray(node);

export const KUSTOMIZE_API = 'kustomize.config.k8s.io/v1beta1';
const KUSTOMIZE_KEYS = ['apiVersion', 'kind', 'resources', 'patches'];
const PATCH_KEYS = ['path', 'patch', 'target'];

/** Every YAML file under `flux/`, relative to root. */
export function yamlFiles(root: string, dir = 'flux'): string[] {
  return readdirSync(join(root, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(root, path)).isDirectory()) return yamlFiles(root, path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/** Each document's errors and value, by file text: the broken-rule tests read thirty copies of one tree. */
const parsed = new Map<string, { errors: string[]; value: unknown }[]>();

function parseText(text: string): { errors: string[]; value: unknown }[] {
  let docs = parsed.get(text);
  if (!docs) {
    docs = parseAllDocuments(text).map((doc) => ({
      errors: doc.errors.map((error) => error.message.split('\n')[0]),
      value: doc.errors.length > 0 ? undefined : doc.toJS(),
    }));
    parsed.set(text, docs);
  }
  return structuredClone(docs);
}

/** Parses a file's documents; problems name the file. */
export function parseFile(root: string, file: string, problems: string[] = []): Mapping[] {
  const docs = parseText(readFileSync(join(root, file), 'utf8'));
  return docs.flatMap((doc) => {
    for (const error of doc.errors) problems.push(`${file}: YAML error: ${error}`);
    if (doc.errors.length > 0) return [];
    const value = doc.value;
    if (value === null) return [];
    if (!isMapping(value)) {
      problems.push(`${file}: a document is not a mapping`);
      return [];
    }
    return [value];
  });
}

/** Every file parses. */
export function parseProblems(root: string): string[] {
  const problems: string[] = [];
  for (const file of yamlFiles(root)) parseFile(root, file, problems);
  return problems;
}

function isDir(root: string, path: string): boolean {
  return existsSync(join(root, path)) && statSync(join(root, path)).isDirectory();
}

/** Every kustomization.yaml: known keys only, every resources and patches entry resolves. */
export function kustomizeProblems(root: string): string[] {
  const problems: string[] = [];
  for (const file of yamlFiles(root).filter((f) => f.endsWith('kustomization.yaml'))) {
    const [k] = parseFile(root, file);
    if (!k) continue;
    if (k.apiVersion !== KUSTOMIZE_API || k.kind !== 'Kustomization') problems.push(`${file}: not a ${KUSTOMIZE_API} Kustomization`);
    for (const key of Object.keys(k)) if (!KUSTOMIZE_KEYS.includes(key)) problems.push(`${file}: unknown field ${key}`);
    const dir = dirname(file);
    for (const entry of list(k, 'resources').map(String)) {
      const path = join(dir, entry);
      if (/^[a-z]+:\/\//.test(entry)) problems.push(`${file}: remote base ${entry} (keep everything in this repository)`);
      else if (!existsSync(join(root, path))) problems.push(`${file}: resource ${entry} does not exist`);
      else if (isDir(root, path) && !existsSync(join(root, path, 'kustomization.yaml'))) problems.push(`${file}: resource ${entry} has no kustomization.yaml`);
    }
    for (const [i, patch] of list(k, 'patches').entries()) {
      for (const key of Object.keys(isMapping(patch) ? patch : {})) if (!PATCH_KEYS.includes(key)) problems.push(`${file}: patches[${i}]: unknown field ${key}`);
      const path = at(patch, 'path');
      if (typeof path === 'string' && !existsSync(join(root, dir, path))) problems.push(`${file}: patch ${path} does not exist`);
      if (!path && !at(patch, 'patch')) problems.push(`${file}: patches[${i}] has neither path nor patch`);
    }
  }
  return problems;
}

/** JSON merge semantics, as kustomize applies a patch file to a custom resource: maps merge, the rest replaces. */
function merge(base: unknown, patch: unknown): unknown {
  if (!isMapping(base) || !isMapping(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = value === null ? undefined : merge(base[key], value);
  return out;
}

/** The RFC 6902 operations our inline patches use. */
function applyOps(object: Mapping, ops: unknown): Mapping {
  const copy = structuredClone(object);
  for (const operation of Array.isArray(ops) ? ops : []) {
    const [op, path] = [at(operation, 'op'), String(at(operation, 'path'))];
    if (op !== 'replace' && op !== 'add') throw new Error(`unsupported patch op ${op}`);
    const keys = path.split('/').slice(1);
    const last = keys.pop() ?? '';
    const parent = at(copy, ...keys);
    if (!isMapping(parent)) throw new Error(`patch path ${path} does not exist`);
    (parent as Record<string, unknown>)[last] = at(operation, 'value');
  }
  return copy;
}

function matches(object: Mapping, target: unknown): boolean {
  const [kind, name] = [at(target, 'kind'), at(target, 'name')];
  return (!kind || object.kind === kind) && (!name || at(object, 'metadata', 'name') === name);
}

/** What `kustomize build <dir>` would give, for the features this tree uses (resources, patch files, inline JSON patches). */
export function render(root: string, dir: string): Placed[] {
  const file = join(dir, 'kustomization.yaml');
  const [k] = parseFile(root, file);
  let placed: Placed[] = list(k, 'resources').flatMap((entry) => {
    const path = join(dir, String(entry));
    if (!existsSync(join(root, path))) return [];
    if (isDir(root, path)) return render(root, path);
    return parseFile(root, path).map((object) => ({ object, sources: [path] }));
  });
  for (const patch of list(k, 'patches')) {
    const path = at(patch, 'path');
    const patchFile = typeof path === 'string' ? join(dir, path) : undefined;
    if (patchFile && !existsSync(join(root, patchFile))) continue;
    const [content] = patchFile ? parseFile(root, patchFile) : [];
    placed = placed.map((p) => {
      if (!matches(p.object, at(patch, 'target'))) return p;
      const object = patchFile ? (merge(p.object, content) as Mapping) : applyOps(p.object, parseAllDocuments(String(at(patch, 'patch')))[0].toJS());
      return { object, sources: [...p.sources, patchFile ?? file] };
    });
  }
  return placed;
}

/** Where an object came from, for messages. */
export function where(p: Placed): string {
  const [file, ...patches] = p.sources;
  const name = `${String(p.object.kind)} ${String(at(p.object, 'metadata', 'name') ?? '?')}`;
  return patches.length > 0 ? `${file} (patched by ${patches.join(', ')}): ${name}` : `${file}: ${name}`;
}

/** Everything a cluster of one context applies: its cluster directory, then every Flux Kustomization path, recursively. */
export function renderContext(root: string, context: string): { placed: Placed[]; problems: string[] } {
  const problems: string[] = [];
  const placed: Placed[] = [];
  const seen = new Set<string>();
  const visit = (dir: string, from: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    if (!isDir(root, dir) || !existsSync(join(root, dir, 'kustomization.yaml'))) {
      problems.push(`${from}: path ./${dir} is not a directory with a kustomization.yaml`);
      return;
    }
    for (const p of render(root, dir)) {
      placed.push(p);
      if (String(p.object.apiVersion).startsWith('kustomize.toolkit.fluxcd.io/') && p.object.kind === 'Kustomization') {
        visit(relative('.', String(at(p.object, 'spec', 'path') ?? '')), where(p));
      }
    }
  };
  visit(`flux/clusters/${context}`, 'amc-flux stack sync path');
  return { placed, problems };
}
