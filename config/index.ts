import { withDefaults } from './defaults';
import { dev } from './dev';
import { prod } from './prod';
import type { ContextConfig } from './types';

export * from './types';
export { CONTEXTS, ConfigError, runSettings, today, validate, validateAll, versionWarnings } from './validate';
export { EKS_VERSIONS, FLUX_SUPPORT, newestSupported, versionSupport, type SupportType } from './kubernetes';
export {
  bootstrapPolicies,
  bootstrapRoles,
  bootstrapStackId,
  CONTEXT_TAG,
  contextKeyAlias,
  names,
  runRoleArn,
  stackIds,
  tags,
  workloadBoundaryArn,
  zonePatterns,
  PRODUCT,
  STACKS,
  type Names,
} from './naming';
export { withDefaults, GITLAB_COM_KNOWN_HOSTS } from './defaults';

/** Every context, defaults filled in but not yet validated. */
export const contexts: readonly ContextConfig[] = [dev, prod].map(withDefaults);
export { placeholderFields, placeholderMessage } from './placeholders';
