#!/usr/bin/env bash
# CI (the merge-request plan jobs, ci/checks.yml): authenticate as the role that AMC_ROLE_ARN_VARIABLE names, plan
# TFT_STACK of TFT_CONTEXT (task -x tft:plan -- <arguments>), and leave the outcome in tmp/plans/<stack id>.status for
# the checkov job, whatever it was:
#   planned            the plan and its JSON are saved beside it
#   skipped: <why>     a CI/CD variable the plan needs is not set (scripts/ci-require.sh's exit 3): a context not
#                      configured yet; the job warns (allow_failure: exit_codes: [3])
#   failed: exit <n>   anything else; the job fails
# Usage: scripts/ci-plan.sh [-- terraform arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
context=${TFT_CONTEXT:?set TFT_CONTEXT}
: "${TFT_STACK:?set TFT_STACK}"
[ "${1:-}" = -- ] && shift
mkdir -p tmp/plans
id=$(node -r ./scripts/register.cjs scripts/names.ts "$context" stackId) || exit 2
status_file="tmp/plans/$id.status"
rm -f "$status_file"

# ci-require.sh names each missing variable on stderr; the status keeps the same words.
if ! missing=$(scripts/ci-require.sh AWS_ID_TOKEN "${AMC_ROLE_ARN_VARIABLE:?set AMC_ROLE_ARN_VARIABLE}" 2>&1); then
  echo "$missing" >&2
  echo "skipped: ${missing//$'\n'/; }" >"$status_file"
  exit 3
fi
AWS_WEB_IDENTITY_TOKEN_FILE=$(mktemp)
printf '%s' "$AWS_ID_TOKEN" >"$AWS_WEB_IDENTITY_TOKEN_FILE"
AWS_ROLE_ARN=$(printenv "$AMC_ROLE_ARN_VARIABLE")
export AWS_WEB_IDENTITY_TOKEN_FILE AWS_ROLE_ARN AWS_ROLE_SESSION_NAME="gitlab-${CI_PROJECT_ID:-local}-${CI_JOB_ID:-0}"

status=0
task -x tft:plan -- "$@" || status=$?
if [ "$status" = 0 ]; then
  echo planned >"$status_file"
else
  echo "failed: exit $status" >"$status_file"
fi
exit "$status"
