import { App } from 'cdktf';
import { ConfigError, contexts, runSettings, validateAll } from './config';
import { addContexts } from './stacks/app';

try {
  const settings = runSettings(
    process.env,
    contexts.map((context) => context.name),
  );
  const selected = validateAll(contexts.filter((context) => settings.contexts.includes(context.name)));
  const app = new App();
  addContexts(app, selected, settings);
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
