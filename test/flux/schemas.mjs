// Validates rendered flux/ objects against the Kubernetes and Flux schemas, and finds fields those schemas
// do not know (they accept unknown fields, so a typo would pass). ESM-only packages: run with plain node, once per
// test run, for every set of objects at once (loading the models is most of its cost).
// stdin: { [set]: [{ where, object }] }; stdout: { [set]: { checked: [kinds], unschematized: [kinds], problems: [messages] } }.
import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2';
import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1';
import { HelmRepository, OCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1';
import { IngressClass } from 'kubernetes-models/networking.k8s.io/v1';
import { ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1';
import { Namespace, ServiceAccount } from 'kubernetes-models/v1';

const MODELS = {
  Namespace,
  ServiceAccount,
  Role,
  RoleBinding,
  ClusterRoleBinding,
  IngressClass,
  StorageClass,
  HelmRelease,
  Kustomization,
  HelmRepository,
  OCIRepository,
};
// Free-form by design: chart values, labels, annotations, StorageClass parameters.
const FREE_FORM = ['metadata.labels', 'metadata.annotations', 'spec.values', 'parameters'];
const PROBE = Symbol('probe');

function errorsOf(Model, object) {
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    if (!error.errors) throw error;
    return error.errors;
  }
}

/** A field is known when the schema rejects a value no type allows there. */
function isKnown(Model, object, path) {
  const copy = structuredClone(object);
  path.slice(0, -1).reduce((node, key) => node[key], copy)[path.at(-1)] = PROBE;
  const pointer = `/${path.join('/')}`;
  return errorsOf(Model, copy).some((e) => e.instancePath === pointer);
}

function unknownFields(Model, object) {
  const found = [];
  const walk = (node, path) => {
    if (!node || typeof node !== 'object') return;
    for (const key of Object.keys(node)) {
      const here = [...path, Array.isArray(node) ? Number(key) : key];
      const dotted = here.filter((k) => typeof k === 'string').join('.');
      if (FREE_FORM.includes(dotted)) continue;
      if (!Array.isArray(node) && !isKnown(Model, object, here)) found.push(here.join('.'));
      else walk(node[key], here);
    }
  };
  walk(object, []);
  return found;
}

/** The kinds checked and not, and the problems, of one set of objects. */
function check(objects) {
  const checked = new Set();
  const unschematized = new Set();
  const problems = [];
  for (const { where, object } of objects) {
    const Model = MODELS[object.kind];
    if (!Model || !Model.is?.({ apiVersion: object.apiVersion, kind: object.kind })) {
      unschematized.add(`${object.apiVersion} ${object.kind}`);
      continue;
    }
    checked.add(`${object.apiVersion} ${object.kind}`);
    for (const e of errorsOf(Model, object)) problems.push(`${where}: ${e.instancePath || '/'} ${e.message}`);
    for (const field of unknownFields(Model, object)) problems.push(`${where}: unknown field ${field}`);
  }
  return { checked: [...checked].sort(), unschematized: [...unschematized].sort(), problems };
}

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
}));
process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(input).map(([set, objects]) => [set, check(objects)]))));
