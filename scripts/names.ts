// Prints one derived name of a context (honouring TFT_EDITION), so shell wrappers never rebuild names:
//   node -r ./scripts/register.cjs scripts/names.ts dev cluster   ->  amc-dev-eks
import { contexts, names, runSettings } from '../config';

const [context, field] = process.argv.slice(2);
const config = contexts.find((c) => c.name === context);
const settings = runSettings(
  process.env,
  contexts.map((c) => c.name),
);
const value = config ? (names(config, settings) as Record<string, unknown>)[field] : undefined;
if (typeof value !== 'string') {
  console.error(`usage: names.ts <${contexts.map((c) => c.name).join('|')}> <cluster|zone|deployKeySecret|...>`);
  process.exit(2);
}
console.log(value);
