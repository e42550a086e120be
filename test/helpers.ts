import { join } from 'node:path';
import { Testing, type App } from 'cdktf';
import type { ContextConfig, RunSettings } from '../config';
import { addContext } from '../stacks/app';
import { SETTINGS, type Synth } from './fixtures';

export {
  CLUSTER_VAR_KEYS,
  ROOT,
  SETTINGS,
  appCopy,
  configured,
  contexts,
  dataSources,
  inputs,
  only,
  runs,
  resources,
  sharedSynth,
  variant,
  writtenStack,
  type Synth,
} from './fixtures';

/**
 * cdktf's Testing.app() in the run's shared folder (test/global-setup.ts), which globalTeardown removes. Without an
 * outdir, Testing.app() makes a folder in the system's temp dir for every app and never removes it: about 120 a run.
 */
export function testApp(): App {
  const shared = process.env.AMC_TEST_SHARED;
  return Testing.app(shared ? { outdir: join(shared, 'apps') } : {});
}

/** `make` called once per argument (by identity): a file's tests share one synth of each context. */
export function memoized<A extends object, R>(make: (arg: A) => R): (arg: A) => R {
  const made = new Map<A, R>();
  return (arg) => {
    if (!made.has(arg)) made.set(arg, make(arg));
    return made.get(arg) as R;
  };
}

/**
 * Every stack of one context, synthesized with validation, as the JSON string and parsed. A stack is synthesized when
 * a test first reads its text or JSON, so that a test of one stack does not pay for the others.
 */
export function synthContext(config: ContextConfig, settings: RunSettings = SETTINGS, others: readonly ContextConfig[] = []) {
  const app = testApp();
  const stacks = addContext(app, config, settings, others);
  const out = Object.fromEntries(
    Object.entries(stacks).flatMap(([key, stack]) => {
      if (!stack) return [];
      let synthesized: { text: string; json: Synth } | undefined;
      const synth = () => {
        if (!synthesized) {
          const text = Testing.synth(stack, true);
          synthesized = { text, json: JSON.parse(text) as Synth };
        }
        return synthesized;
      };
      return [
        [
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
        ],
      ];
    }),
  );
  type Synthesized<S> = { stack: S; text: string; json: Synth };
  // The bootstrap stack exists for the default edition only.
  return out as { [K in Exclude<keyof typeof stacks, 'bootstrap'>]: Synthesized<(typeof stacks)[K]> } & {
    bootstrap?: Synthesized<NonNullable<typeof stacks.bootstrap>>;
  };
}
