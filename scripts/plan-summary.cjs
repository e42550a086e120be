// Prints the summary GitLab's merge-request widget reads from `artifacts: reports: terraform:`, from a plan's JSON
// (`terraform show -json <plan>`): {"create": n, "update": n, "delete": n}. Every action counts, as in GitLab's own
// recipe (docs.gitlab.com, "Terraform integration in merge requests"): a replacement is one delete and one create.
// Usage: node scripts/plan-summary.cjs <plan.json>
const { readFileSync } = require('node:fs');

function summary(plan) {
  const actions = (plan.resource_changes ?? []).flatMap((change) => change.change?.actions ?? []);
  const count = (action) => actions.filter((a) => a === action).length;
  return { create: count('create'), update: count('update'), delete: count('delete') };
}

module.exports = { summary };
if (require.main === module) console.log(JSON.stringify(summary(JSON.parse(readFileSync(process.argv[2], 'utf8')))));
