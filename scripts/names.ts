// Prints derived names of a context (honouring TFT_EDITION), one per line, so shell wrappers never rebuild names:
//   node -r ./scripts/register.cjs scripts/names.ts dev cluster zone   ->  amc-dev-eks, dev.example.com
import { contexts, names, runSettings, stackIds, STACKS } from '../config';

const [context, ...fields] = process.argv.slice(2);
const config = contexts.find((c) => c.name === context);
const settings = runSettings(
  process.env,
  contexts.map((c) => c.name),
);
const ids = config ? stackIds(config.name, settings.edition) : undefined;
// stackId: the id of the stack TFT_STACK names (amc-flux -> amc-flux-dev), as the tft:* tasks write its files.
const byStack: Record<string, string | undefined> = {
  [STACKS.gitlab]: ids?.gitlab,
  [STACKS.cluster]: ids?.cluster,
  [STACKS.flux]: ids?.flux,
};
const known: Record<string, unknown> = config
  ? {
      ...names(config, settings),
      region: config.aws.region,
      gitlabStack: ids?.gitlab,
      clusterStack: ids?.cluster,
      fluxStack: ids?.flux,
      stackId: byStack[process.env.TFT_STACK ?? process.env.TFT_UNIT ?? ''],
    }
  : {};
const values = fields.map((field) => known[field]);
if (fields.length === 0 || values.some((value) => typeof value !== 'string')) {
  console.error(`usage: names.ts <${contexts.map((c) => c.name).join('|')}> <cluster|zone|kubeconfig|region|fluxStack|...>...`);
  process.exit(2);
}
console.log(values.join('\n'));
