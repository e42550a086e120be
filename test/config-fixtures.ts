// Config fixtures without the stacks: config tests load in a fraction of the time, once per mutant under `npm run mutate`.
import { ConfigError, validate, withDefaults, type ContextConfig, type ContextInput } from '../config';
import { dev } from '../config/dev';
import { prod } from '../config/prod';

export const inputs: readonly ContextInput[] = [dev, prod];
export const contexts: readonly ContextConfig[] = inputs.map(withDefaults);

/** The problems validation reports for a context; none when it is valid. */
export function problemsOf(config: ContextConfig): readonly string[] {
  try {
    validate(config);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The problems validation reports for dev with one change. */
export function problems(change: (input: ContextInput) => unknown): readonly string[] {
  return problemsOf(withDefaults(change(dev) as ContextInput));
}

export const network = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, network: { ...i.network, ...change } });
export const cluster = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, cluster: { ...i.cluster, ...change } });
export const gitlab = (change: Record<string, unknown>) => (i: ContextInput) => ({ ...i, gitlab: { ...i.gitlab, ...change } });

/**
 * A context with every Required placeholder replaced by a plausible real value, as a user's would be. Both contexts
 * share one account here, as a shared account is the harder case for their roles: each says so, and dev's bootstrap
 * makes the account's GitLab OIDC provider.
 */
export function configured(input: ContextInput): ContextInput {
  const account = '123456789012';
  const other = input.name === 'dev' ? 'prod' : 'dev';
  return {
    ...input,
    aws: { ...input.aws, accountId: account, sharesAccountWith: [other] },
    dns: { parentDomain: 'acme.io' },
    state: { bucket: `acme-amc-state-${input.name}` },
    cluster: { ...input.cluster, publicAccessCidrs: ['34.250.10.0/24'] },
    gitlab: {
      ...input.gitlab,
      projectPath: 'acme/platform/amc',
      agent: { ...input.gitlab.agent, projectPath: 'acme/platform/amc-agents' },
      oidc: { ...input.gitlab.oidc, provider: input.name === 'dev' ? 'create' : 'existing' },
    },
    bootstrap: {
      ...input.bootstrap,
      adminPrincipals: [`arn:aws:iam::${account}:role/platform-admins`],
      terraformPrincipals: [`arn:aws:iam::${account}:role/platform-engineers`],
      breakGlassPrincipals: [`arn:aws:iam::${account}:role/platform-admins`],
    },
  };
}

/** A context with some fields replaced, defaults filled in (not validated). */
export function variant(base: ContextInput, change: (input: ContextInput) => ContextInput): ContextConfig {
  return withDefaults(change(base));
}

/** The error a call throws; fails the test when it throws none. */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}
