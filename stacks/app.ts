import { App } from 'cdktf';
import { stackIds, validateAll, type ContextConfig, type RunSettings } from '../config';
import { ClusterStack } from './cluster-stack';

/** Adds every stack of one context directly under the app (nested stacks lose dependencies: terraform-cdk #2976). */
export function addContext(app: App, config: ContextConfig, settings: RunSettings) {
  const ids = stackIds(config.name);
  const cluster = new ClusterStack(app, ids.cluster, config, settings);
  return { cluster };
}

/** Validates every context before the first stack exists, so one bad value stops the run with nothing written. */
export function addContexts(app: App, contexts: readonly ContextConfig[], settings: RunSettings) {
  return validateAll(contexts).map((config) => addContext(app, config, settings));
}
