import { App } from 'cdktf';
import { stackIds, validateAll, type ContextConfig, type RunSettings } from '../config';
import { ClusterStack } from './cluster-stack';
import { FluxStack } from './flux-stack';
import { GitlabStack } from './gitlab-stack';

/**
 * Adds the three stacks of one context directly under the app (nested stacks lose dependencies: terraform-cdk #2976).
 * Dependencies only order deploys; no stack reads another's state.
 */
export function addContext(app: App, config: ContextConfig, settings: RunSettings) {
  const ids = stackIds(config.name, settings.edition);
  const gitlab = new GitlabStack(app, ids.gitlab, config, settings);
  const cluster = new ClusterStack(app, ids.cluster, config, settings);
  const flux = new FluxStack(app, ids.flux, config, settings);
  cluster.addDependency(gitlab);
  flux.addDependency(cluster);
  return { gitlab, cluster, flux };
}

/** Validates every context before the first stack exists, so one bad value stops the run with nothing written. */
export function addContexts(app: App, contexts: readonly ContextConfig[], settings: RunSettings) {
  return validateAll(contexts).map((config) => addContext(app, config, settings));
}
