import { App } from 'cdktf';
import { ConfigError, contexts, runSettings, validateAll } from './config';
import { addContexts } from './stacks/app';

try {
  const settings = runSettings(
    process.env,
    contexts.map((context) => context.name),
  );
  // Every context is checked, whichever is synthesized (some rules span contexts), before the app writes anything.
  const valid = validateAll(contexts);
  const app = new App();
  addContexts(app, valid, settings, settings.contexts);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
