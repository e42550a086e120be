import { Testing } from 'cdktf';
import { withDefaults, type ContextConfig, type ContextInput, type RunSettings } from '../config';
import { addContext } from '../stacks/app';
import { SETTINGS, type Synth } from './fixtures';

export {
  CLUSTER_VAR_KEYS,
  ROOT,
  SETTINGS,
  appCopy,
  contexts,
  dataSources,
  inputs,
  only,
  resources,
  sharedSynth,
  writtenStack,
  type Synth,
} from './fixtures';

/** Every stack of one context, synthesized with validation, as the JSON string and parsed. */
export function synthContext(config: ContextConfig, settings: RunSettings = SETTINGS) {
  const app = Testing.app();
  const stacks = addContext(app, config, settings);
  const out = Object.fromEntries(
    Object.entries(stacks).map(([key, stack]) => {
      const text = Testing.synth(stack, true);
      return [key, { stack, text, json: JSON.parse(text) as Synth }];
    }),
  );
  return out as { [K in keyof typeof stacks]: { stack: (typeof stacks)[K]; text: string; json: Synth } };
}

/** A context with some fields replaced, defaults filled in (not validated). */
export function variant(base: ContextInput, change: (input: ContextInput) => ContextInput): ContextConfig {
  return withDefaults(change(base));
}
