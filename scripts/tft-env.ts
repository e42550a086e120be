// Checks the TFT_* variables of a task and prints what the shell wrappers need, as shell assignments:
//   eval "$(node -r ./scripts/register.cjs scripts/tft-env.ts [context|stack])"
// `context` requires TFT_CONTEXT; `stack` requires TFT_STACK (or its newer name TFT_UNIT) as well. A missing or
// unknown value prints one line naming the allowed values, and exits 2, before anything runs; so does TFT_ROLE=plan
// with any stack but amc, naming why. `role` (TFT_ROLE: deploy or plan) lets scripts/tft.sh refuse what the plan role
// may not do.
import { bootstrapStackId, ConfigError, contexts, names, placeholderMessage, runSettings, stackIds, STACKS } from '../config';

export const CLIS = ['terraform', 'tofu'];

const allowed = (values: readonly string[]) => `(one of ${values.join(', ')})`;

/** What a task needs to know, or an Error with the one-line refusal. */
export function tftEnv(env: NodeJS.ProcessEnv, need: 'context' | 'stack' | 'none'): Record<string, string> {
  const known = contexts.map((c) => c.name);
  const families: readonly string[] = Object.values(STACKS);
  let settings;
  try {
    settings = runSettings(env, known);
  } catch (error) {
    if (error instanceof ConfigError) throw new Error(error.problems.join('; '), { cause: error });
    throw error;
  }
  const cli = env.TFT_CLI_EXE?.trim() || 'terraform';
  if (!CLIS.includes(cli)) throw new Error(`TFT_CLI_EXE '${cli}' is not a Terraform CLI ${allowed(CLIS)}`);
  const out: Record<string, string> = {
    cli,
    contexts: known.join(' '),
    stacks: families.join(' '),
    clusters: contexts.map((c) => names(c, settings).cluster).join(' '),
    role: settings.role ?? 'deploy',
  };

  const config = contexts.find((c) => c.name === env.TFT_CONTEXT?.trim());
  if (!config) {
    if (need !== 'none') throw new Error(`set TFT_CONTEXT ${allowed(known)}`);
    return out;
  }
  const name = names(config, settings);
  const ids = stackIds(config.name, settings.edition);
  Object.assign(out, {
    context: config.name,
    edition: settings.edition ?? '',
    cluster: name.cluster,
    region: config.aws.region,
    kubeconfig: name.kubeconfig,
    agent_context: name.agentKubeContext,
    stack_ids: [ids.gitlab, ids.cluster, ids.flux].join(' '),
    cluster_stack: ids.cluster,
    flux_stack: ids.flux,
    placeholders: placeholderMessage(config) ?? '',
  });
  if (need !== 'stack') return out;

  const [stackVar, unitVar] = [env.TFT_STACK?.trim(), env.TFT_UNIT?.trim()];
  if (stackVar && unitVar && stackVar !== unitVar) throw new Error(`TFT_STACK '${stackVar}' and TFT_UNIT '${unitVar}' differ; set one`);
  const stack = stackVar || unitVar;
  if (!stack) throw new Error(`set TFT_STACK (or TFT_UNIT) ${allowed(families)}`);
  if (stack === STACKS.bootstrap && settings.edition)
    throw new Error(`${stack} has no editions: an edition uses its context's bucket and roles; unset TFT_EDITION`);
  const id = {
    [STACKS.bootstrap]: bootstrapStackId(config.name),
    [STACKS.gitlab]: ids.gitlab,
    [STACKS.cluster]: ids.cluster,
    [STACKS.flux]: ids.flux,
  }[stack];
  if (!id) throw new Error(`TFT_STACK '${stack}' is not a stack ${allowed(families)}`);
  // The plan role reads only the amc stack's state and no secret, and any branch may assume it (README, CI/CD).
  const planRefusal: Record<string, string> = {
    [STACKS.bootstrap]: 'it runs with your own credentials, never a CI role; unset TFT_ROLE',
    [STACKS.gitlab]:
      "its plan reads the deploy key, in its state and in Secrets Manager, which the read-only plan role may not; plan it on the context's branch",
    [STACKS.flux]: "its plan reads Flux's secrets in the cluster, which the read-only plan role may not; plan it on the context's branch",
  };
  if (settings.role === 'plan' && planRefusal[stack]) throw new Error(`TFT_ROLE=plan does not plan ${stack}: ${planRefusal[stack]}`);
  return { ...out, stack, stack_id: id };
}

/** `key='value'` lines that bash can eval. */
export function shellAssignments(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}='${value.replace(/'/g, `'\\''`)}'`)
    .join('\n');
}

if (require.main === module) {
  const need = process.argv[2] === 'stack' || process.argv[2] === 'context' ? process.argv[2] : 'none';
  try {
    console.log(shellAssignments(tftEnv(process.env, need)));
  } catch (error) {
    console.error(`tft: ${(error as Error).message}`);
    process.exit(2);
  }
}
