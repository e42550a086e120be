import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes or Flux object with where it came from: its file, then any patch files applied to it. */
export interface Placed {
  readonly object: Record<string, any>;
  readonly sources: readonly string[];
}

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

/** Parses a file's documents; problems name the file. */
export function parseFile(root: string, file: string, problems: string[] = []): Record<string, any>[] {
  const docs = parseAllDocuments(readFileSync(join(root, file), 'utf8'));
  return docs.flatMap((doc) => {
    for (const error of doc.errors) problems.push(`${file}: YAML error: ${error.message.split('\n')[0]}`);
    if (doc.errors.length > 0) return [];
    const value = doc.toJS();
    return value === null ? [] : [value];
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
    for (const entry of k.resources ?? []) {
      const path = join(dir, entry);
      if (/^[a-z]+:\/\//.test(entry)) problems.push(`${file}: remote base ${entry} (keep everything in this repository)`);
      else if (!existsSync(join(root, path))) problems.push(`${file}: resource ${entry} does not exist`);
      else if (isDir(root, path) && !existsSync(join(root, path, 'kustomization.yaml'))) problems.push(`${file}: resource ${entry} has no kustomization.yaml`);
    }
    for (const [i, patch] of (k.patches ?? []).entries()) {
      for (const key of Object.keys(patch)) if (!PATCH_KEYS.includes(key)) problems.push(`${file}: patches[${i}]: unknown field ${key}`);
      if (patch.path && !existsSync(join(root, dir, patch.path))) problems.push(`${file}: patch ${patch.path} does not exist`);
      if (!patch.path && !patch.patch) problems.push(`${file}: patches[${i}] has neither path nor patch`);
    }
  }
  return problems;
}

/** JSON merge semantics, as kustomize applies a patch file to a custom resource: maps merge, the rest replaces. */
function merge(base: any, patch: any): any {
  if (!base || typeof base !== 'object' || Array.isArray(base) || !patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = value === null ? undefined : merge(base[key], value);
  return out;
}

/** The RFC 6902 operations our inline patches use. */
function applyOps(object: any, ops: { op: string; path: string; value?: unknown }[]): any {
  const copy = structuredClone(object);
  for (const { op, path, value } of ops) {
    if (op !== 'replace' && op !== 'add') throw new Error(`unsupported patch op ${op}`);
    const keys = path.split('/').slice(1);
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => node[key], copy);
    parent[last] = value;
  }
  return copy;
}

function matches(object: Record<string, any>, target: { kind?: string; name?: string } = {}): boolean {
  return (!target.kind || object.kind === target.kind) && (!target.name || object.metadata?.name === target.name);
}

/** What `kustomize build <dir>` would give, for the features this tree uses (resources, patch files, inline JSON patches). */
export function render(root: string, dir: string): Placed[] {
  const file = join(dir, 'kustomization.yaml');
  const [k] = parseFile(root, file);
  let placed: Placed[] = (k?.resources ?? []).flatMap((entry: string) => {
    const path = join(dir, entry);
    if (!existsSync(join(root, path))) return [];
    if (isDir(root, path)) return render(root, path);
    return parseFile(root, path).map((object) => ({ object, sources: [path] }));
  });
  for (const patch of k?.patches ?? []) {
    const patchFile = patch.path ? join(dir, patch.path) : undefined;
    if (patchFile && !existsSync(join(root, patchFile))) continue;
    const [content] = patchFile ? parseFile(root, patchFile) : [];
    placed = placed.map((p) => {
      if (!matches(p.object, patch.target)) return p;
      const object = patchFile ? merge(p.object, content) : applyOps(p.object, parseAllDocuments(patch.patch)[0].toJS());
      return { object, sources: [...p.sources, patchFile ?? file] };
    });
  }
  return placed;
}

/** Where an object came from, for messages. */
export function where(p: Placed): string {
  const [file, ...patches] = p.sources;
  const name = `${p.object.kind} ${p.object.metadata?.name ?? '?'}`;
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
      if (p.object.apiVersion?.startsWith('kustomize.toolkit.fluxcd.io/') && p.object.kind === 'Kustomization') {
        visit(relative('.', String(p.object.spec?.path ?? '')), where(p));
      }
    }
  };
  visit(`flux/clusters/${context}`, 'amc-flux stack sync path');
  return { placed, problems };
}
