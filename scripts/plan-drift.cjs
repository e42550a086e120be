// Prints what a plan would change, one resource address a line, for a scheduled drift check's log:
//   node scripts/plan-drift.cjs tmp/plans/amc-dev.plan.json
// Counts every resource change whose actions are not ["no-op"]; ["read"] is skipped too, since a data source read at
// apply time changes nothing. Output changes alone are said as such.
const { readFileSync } = require('node:fs');
const { basename } = require('node:path');

function drift(plan) {
  return (plan.resource_changes ?? [])
    .map((change) => ({ address: change.address, actions: change.change?.actions ?? [] }))
    .filter(({ actions }) => !['no-op', 'read'].includes(actions.join(',')));
}

function report(file) {
  const plan = JSON.parse(readFileSync(file, 'utf8'));
  const stack = basename(file).replace(/\.plan\.json$/, '');
  const changes = drift(plan);
  const outputs = Object.entries(plan.output_changes ?? {}).filter(([, c]) => c.actions?.join(',') !== 'no-op');
  if (changes.length === 0) {
    return outputs.length === 0
      ? `drift: ${stack}: none`
      : `drift: ${stack}: no resource differs; outputs differ: ${outputs.map(([name]) => name).join(', ')}`;
  }
  const lines = changes.map(({ address, actions }) => `  ${actions.join('+').padEnd(14)} ${address}`);
  const noun = changes.length === 1 ? 'resource differs' : 'resources differ';
  return [`drift: ${stack}: ${changes.length} ${noun} from the code:`, ...lines].join('\n');
}

module.exports = { drift, report };
if (require.main === module) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: node scripts/plan-drift.cjs <plan.json>...');
    process.exit(2);
  }
  console.log(files.map(report).join('\n'));
}
