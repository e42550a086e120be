import { existsSync, rmSync } from 'node:fs';
import { App } from 'cdktf';
import { ConfigError, contexts, runSettings, today, validateAll, versionWarnings } from './config';
import { checkPolicies, PolicyError, stacksToCheck, writeReport } from './policy/pack';
import { addContexts } from './stacks/app';

// cdktf's App makes its output folder when it is created; a run that fails leaves none it did not find.
const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
const found = existsSync(outdir);
try {
  const settings = runSettings(
    process.env,
    contexts.map((context) => context.name),
  );
  const on = today();
  // Every context is checked, whichever is synthesized (some rules span contexts), before the app writes anything.
  const valid = validateAll(contexts, on);
  if (on !== today({})) console.warn(`synth checks Kubernetes support dates as of ${on} (AMC_TODAY)`);
  for (const warning of versionWarnings(valid, on)) console.warn(warning);
  const app = new App({ outdir });
  const added = addContexts(app, valid, settings, settings.contexts);
  // The security rules run before anything is written: a violation leaves cdktf.out/ as it was.
  const reports = checkPolicies(added.flatMap(({ config, stacks }) => stacksToCheck(stacks, config.policy.suppressions)));
  app.synth();
  writeReport(app.outdir, reports);
} catch (error) {
  if (!(error instanceof ConfigError) && !(error instanceof PolicyError)) throw error;
  if (!found) rmSync(outdir, { recursive: true, force: true });
  console.error(error.message);
  process.exit(1);
}
