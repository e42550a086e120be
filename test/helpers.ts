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

/**
 * Every stack of one context, synthesized with validation, as the JSON string and parsed. A stack is synthesized when
 * a test first reads its text or JSON, so that a test of one stack does not pay for the other two.
 */
export function synthContext(config: ContextConfig, settings: RunSettings = SETTINGS) {
  const app = Testing.app();
  const stacks = addContext(app, config, settings);
  const out = Object.fromEntries(
    Object.entries(stacks).map(([key, stack]) => {
      let synthesized: { text: string; json: Synth } | undefined;
      const synth = () => {
        if (!synthesized) {
          const text = Testing.synth(stack, true);
          synthesized = { text, json: JSON.parse(text) as Synth };
        }
        return synthesized;
      };
      return [
        key,
        {
          stack,
          get text() {
            return synth().text;
          },
          get json() {
            return synth().json;
          },
        },
      ];
    }),
  );
  return out as { [K in keyof typeof stacks]: { stack: (typeof stacks)[K]; text: string; json: Synth } };
}

/** A context with some fields replaced, defaults filled in (not validated). */
export function variant(base: ContextInput, change: (input: ContextInput) => ContextInput): ContextConfig {
  return withDefaults(change(base));
}
