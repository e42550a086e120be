import { App } from 'cdktf';
import { bootstrapStackId, stackIds, validateAll, type ContextConfig, type RunSettings } from '../config';
import { BootstrapStack } from './bootstrap-stack';
import { ClusterStack } from './cluster-stack';
import { FluxStack } from './flux-stack';
import { GitlabStack } from './gitlab-stack';

/**
 * Adds the three stacks of one context directly under the app (nested stacks lose dependencies: terraform-cdk #2976).
 * Dependencies only order deploys; no stack reads another's state.
 */
export function addContext(app: App, config: ContextConfig, settings: RunSettings, others: readonly ContextConfig[] = []) {
  const ids = stackIds(config.name, settings.edition);
  // An edition uses its context's bucket and roles: only the default has a bootstrap stack.
  const bootstrap = settings.edition ? undefined : new BootstrapStack(app, bootstrapStackId(config.name), config, settings, others);
  const gitlab = new GitlabStack(app, ids.gitlab, config, settings);
  if (bootstrap) gitlab.addDependency(bootstrap);
  const cluster = new ClusterStack(app, ids.cluster, config, settings);
  const flux = new FluxStack(app, ids.flux, config, settings);
  cluster.addDependency(gitlab);
  flux.addDependency(cluster);
  return { bootstrap, gitlab, cluster, flux };
}

/**
 * Validates every context before the first stack exists, so one bad value stops the run with nothing written, then adds
 * the stacks of those named in `only` (all by default). Rules that span contexts see every one of them.
 */
export function addContexts(app: App, contexts: readonly ContextConfig[], settings: RunSettings, only?: readonly string[]) {
  const valid = validateAll(contexts);
  return valid
    .filter((config) => !only || only.includes(config.name))
    .map((config) => ({ config, stacks: addContext(app, config, settings, valid) }));
}
