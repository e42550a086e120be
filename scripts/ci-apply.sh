#!/usr/bin/env bash
# CI (the apply jobs, ci/deploy.yml): apply the plan that this pipeline's plan job saved for TFT_STACK, and only that
# (task -x tft:apply, which also refuses a stale one). When the plan job's artifacts are gone (kept 30 days,
# ci/templates.yml .plan-artifacts) or never came, say what to do instead of applying anything else.
set -euo pipefail
cd "$(dirname "$0")/.."
context=${TFT_CONTEXT:?set TFT_CONTEXT}
stack=${TFT_STACK:?set TFT_STACK}
id=$(node -r ./scripts/register.cjs scripts/names.ts "$context" stackId) || exit 2
if [ ! -f "tmp/plans/$id.tfplan" ]; then
  echo "ci-apply: no saved plan for $id in this job: the artifacts of $stack:plan expired (they are kept 30 days) or" \
    "were not passed. Run $stack:plan of this pipeline again, review its plan, then run this job again." >&2
  exit 1
fi
task -x tft:apply "$@"
