/** An IAM policy statement in one shape, whether written as JSON or as an aws_iam_policy_document data source. */
export interface Statement {
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** Principal type -> identifiers (AWS, Service, Federated, or '*' for the anonymous principal). */
  readonly principals: Readonly<Record<string, readonly string[]>>;
  /** Operator -> condition key -> values. */
  readonly conditions: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

type Json = Record<string, unknown>;
const list = (value: unknown): string[] => (value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)]);

function fromJson(document: Json): Statement[] {
  const raws = document.Statement === undefined ? [] : Array.isArray(document.Statement) ? document.Statement : [document.Statement];
  return raws.map((raw: Json) => ({
    sid: raw.Sid as string | undefined,
    effect: raw.Effect as 'Allow' | 'Deny',
    // NotAction and NotResource grant everything but what they name: read them as "*", which never passes too little.
    actions: raw.NotAction !== undefined ? ['*'] : list(raw.Action),
    resources: raw.NotResource !== undefined ? ['*'] : list(raw.Resource),
    principals:
      raw.Principal === '*'
        ? { '*': ['*'] }
        : Object.fromEntries(Object.entries((raw.Principal as Json) ?? {}).map(([type, ids]) => [type, list(ids)])),
    conditions: Object.fromEntries(
      Object.entries((raw.Condition as Json) ?? {}).map(([test, keys]) => [
        test,
        Object.fromEntries(Object.entries(keys as Json).map(([key, values]) => [key, list(values)])),
      ]),
    ),
  }));
}

function fromDocument(data: Json): Statement[] | undefined {
  // Documents merged from others cannot be read here: fail closed rather than judge half a policy.
  if (data.source_policy_documents !== undefined || data.override_policy_documents !== undefined) return undefined;
  return ((data.statement as Json[]) ?? []).map((raw) => {
    const conditions: Record<string, Record<string, string[]>> = {};
    for (const c of (raw.condition as Json[]) ?? []) {
      conditions[String(c.test)] = { ...conditions[String(c.test)], [String(c.variable)]: list(c.values) };
    }
    return {
      sid: raw.sid as string | undefined,
      effect: ((raw.effect as string) ?? 'Allow') as 'Allow' | 'Deny',
      actions: raw.not_actions !== undefined ? ['*'] : list(raw.actions),
      resources: raw.not_resources !== undefined ? ['*'] : list(raw.resources),
      principals: Object.fromEntries(((raw.principals as Json[]) ?? []).map((p) => [String(p.type), list(p.identifiers)])),
      conditions,
    };
  });
}

/**
 * The statements of a policy attribute: a JSON document (tokens inside strings are kept as `${...}`), or a reference
 * to an aws_iam_policy_document data source of the same stack. Undefined when it is neither.
 */
export function statementsOf(value: unknown, documents: Readonly<Record<string, Json>>): Statement[] | undefined {
  if (typeof value !== 'string') return undefined;
  const ref = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(value);
  if (ref) return documents[ref[1]] ? fromDocument(documents[ref[1]]) : undefined;
  try {
    return fromJson(JSON.parse(value) as Json);
  } catch {
    return undefined;
  }
}

/**
 * Write actions by their verb (IAM's Write, Permissions management and Tagging access levels name them so): what may not
 * run on every resource without a tag condition. Case-insensitive, as IAM is; `service:*` and `service:Create*` match.
 */
export const WRITE_VERB =
  /^[a-z0-9-]+:(\*|Create|Put|Delete|Update|Modify|Attach|Detach|Run|Change|Tag|Untag|Associate|Disassociate|Set|Add|Remove|Replace|Start|Stop|Terminate|Enable|Disable|Register|Deregister|Pass|Authorize|Revoke|Invoke|Send|Publish|Upload|Import|Allocate|Release|Schedule|Copy|Restore|Reset|BatchWrite|Write|Rotate|Cancel|Reboot|Apply|Upgrade)/i;
