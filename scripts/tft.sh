#!/usr/bin/env bash
# The tft:* tasks, in the vocabulary of the article's tooling (stuartellis/tf-tasks):
#   TFT_STACK=amc-gitlab TFT_CONTEXT=dev scripts/tft.sh init|plan|apply|destroy|validate|migrate [extra CLI arguments]
#   TFT_CONTEXT=dev scripts/tft.sh deploy|teardown|forget      whole context, in deploy order (teardown: reverse, drained)
#   scripts/tft.sh list|contexts
# TFT_UNIT is TFT_STACK's newer name; TFT_EDITION, TFT_REMOTE_BACKEND=false and TFT_CLI_EXE=terraform|tofu apply.
# TFT_ROLE=plan (merge-request plans) synthesizes the stacks as the read-only plan role; commands that write refuse it,
# and so does every stack but amc (scripts/tft-env.ts).
# Plans are saved to tmp/plans/<stack id>.tfplan, with the plan as JSON and GitLab's summary next to it.
# shellcheck disable=SC2154 # context, stack_id, cli and the rest are assigned by the eval in env_for
set -euo pipefail
cd "$(dirname "$0")/.."
command=${1:-}
[ $# -gt 0 ] && shift

env_for() {
  local assignments
  assignments=$(node -r ./scripts/register.cjs scripts/tft-env.ts "$@") || exit $?
  eval "$assignments"
}
say() { echo "tft: $*" >&2; }

# Stops before any Terraform run while config holds sample values (the stacks' own guard would stop the plan too,
# but only after init had failed on the sample state bucket).
refuse_placeholders() {
  if [ -n "$placeholders" ]; then
    say "$placeholders"
    exit 1
  fi
}

# The plan role writes nothing, so a command that would is refused before anything runs.
refuse_plan_role() {
  if [ "$role" = plan ]; then
    say "TFT_ROLE=plan refuses $command: the read-only plan role writes nothing; unset TFT_ROLE to run it as the deploy role"
    exit 2
  fi
}

synth() {
  TFT_CONTEXT=$context npm run -s synth
}

# Runs the CLI in a stack's working directory.
tf() {
  (cd "cdktf.out/stacks/$1" && shift && "$cli" "$@")
}

init() {
  [ -f "cdktf.out/stacks/$1/cdk.tf.json" ] || synth
  tf "$1" init -input=false
}

plan_files() {
  plan="tmp/plans/$1.tfplan"
  plan_json="tmp/plans/$1.plan.json"
  summary="tmp/plans/$1.summary.json"
}

# Saves a plan, its JSON and the merge-request widget's summary; passes the CLI's exit code through
# (with -detailed-exitcode: 0 no changes, 1 error, 2 changes).
plan() {
  local id=$1 status=0
  shift
  plan_files "$id"
  mkdir -p tmp/plans
  rm -f "$plan" "$plan_json" "$summary"
  synth
  tf "$id" init -input=false
  tf "$id" plan -input=false -out="$PWD/$plan" "$@" || status=$?
  if [ "$status" != 0 ] && [ "$status" != 2 ]; then
    rm -f "$plan"
    return "$status"
  fi
  tf "$id" show -json "$PWD/$plan" >"$plan_json"
  node scripts/plan-summary.cjs "$plan_json" >"$summary"
  echo "tft: $id: $(cat "$summary") saved to $plan"
  return "$status"
}

apply() {
  local id=$1 status=0 log
  shift
  plan_files "$id"
  if [ ! -f "$plan" ]; then
    say "no saved plan for $id at $plan; run: TFT_STACK=$stack TFT_CONTEXT=$context task tft:plan"
    exit 1
  fi
  [ -d "cdktf.out/stacks/$id/.terraform" ] || tf "$id" init -input=false
  log=$(mktemp)
  tf "$id" apply -input=false "$@" "$PWD/$plan" 2> >(tee "$log" >&2) || status=$?
  wait
  if [ "$status" != 0 ] && grep -q 'Saved plan is stale' "$log"; then
    say "the saved plan for $id is stale: the state changed after it was made; run tft:plan again and review it"
  fi
  rm -f "$log"
  [ "$status" = 0 ] && rm -f "$plan"
  return "$status"
}

# The flux stack goes drained (Flux's finalizers, ExternalDNS records, ALBs, volumes); after the cluster stack, the
# control-plane log group EKS may have written again is deleted (terraform-aws-eks #2486, #2763).
destroy() {
  local id=$1
  shift
  if [ "$id" = "$flux_stack" ] && cluster_exists; then scripts/drain.sh "$context"; fi
  init "$id"
  if [ "$id" != "$cluster_stack" ]; then
    tf "$id" destroy -input=false "$@"
    return
  fi
  # Auto Mode may still be removing the node role's instance profile (aws/containers-roadmap #2531): retry once.
  tf "$id" destroy -input=false "$@" || {
    say "destroying $id failed; retrying once in ${DESTROY_RETRY_WAIT:-60}s"
    sleep "${DESTROY_RETRY_WAIT:-60}"
    tf "$id" destroy -input=false "$@"
  }
  local group="/aws/eks/$cluster/cluster" found
  sleep "${LOG_GROUP_SETTLE:-30}"
  found=$(aws logs describe-log-groups --region "$region" --log-group-name-prefix "$group" \
    --query "logGroups[?logGroupName=='$group'].logGroupName" --output text)
  if [ "$found" = "$group" ]; then
    echo "tft: EKS wrote $group again after its deletion; deleting it"
    aws logs delete-log-group --region "$region" --log-group-name "$group"
  fi
}

# Whether the context's cluster exists; a second teardown after a partial one finds it gone and skips the drain.
cluster_exists() {
  local error
  if error=$(aws eks describe-cluster --region "$region" --name "$cluster" --query cluster.status --output text 2>&1 >/dev/null); then
    return 0
  fi
  if [[ "$error" == *ResourceNotFoundException* ]]; then
    echo "tft: $cluster does not exist; nothing to drain"
    return 1
  fi
  say "cannot tell whether $cluster exists: $error"
  exit 1
}

# Asks before applying, unless TFT_AUTO_APPROVE=true; refuses without a terminal to ask on.
approved() {
  [ "${TFT_AUTO_APPROVE:-}" = true ] && return 0
  if [ ! -t 0 ]; then
    say "not applying $1 without a terminal; set TFT_AUTO_APPROVE=true to apply what was planned"
    exit 1
  fi
  local answer
  read -r -p "Apply the plan for $1? Only 'yes' is accepted: " answer
  [ "$answer" = yes ]
}

case "$command" in
  list)
    env_for
    tr ' ' '\n' <<<"$stacks"
    ;;
  contexts)
    env_for
    tr ' ' '\n' <<<"$contexts"
    ;;
  init)
    env_for stack
    refuse_placeholders
    synth
    tf "$stack_id" init -input=false "$@"
    ;;
  plan)
    env_for stack
    refuse_placeholders
    plan "$stack_id" "$@"
    ;;
  apply)
    env_for stack
    refuse_plan_role
    apply "$stack_id" "$@"
    ;;
  destroy)
    env_for stack
    refuse_plan_role
    if [ "$stack" = amc-bootstrap ]; then
      say "amc-bootstrap keeps every stack's state and is never destroyed by a task (README: Before the first deploy)"
      exit 1
    fi
    destroy "$stack_id" "$@"
    ;;
  migrate)
    # Moves a stack's state from the local file it started with (TFT_REMOTE_BACKEND=false) into its S3 key: the
    # bootstrap stack's second step, once the bucket exists.
    env_for stack
    refuse_plan_role
    refuse_placeholders
    if [ "${TFT_REMOTE_BACKEND:-true}" = false ]; then
      say "migrate moves local state into S3: run it without TFT_REMOTE_BACKEND=false"
      exit 2
    fi
    synth
    tf "$stack_id" init -input=false -migrate-state -force-copy
    echo "tft: $stack_id keeps its state in S3 now; the local file it came from may be deleted"
    ;;
  validate)
    env_for stack
    TFT_CONTEXT=$context node scripts/terraform-check.cjs validate "$stack_id"
    ;;
  deploy)
    env_for context
    refuse_plan_role
    refuse_placeholders
    for id in $stack_ids; do
      status=0
      plan "$id" -detailed-exitcode || status=$?
      case "$status" in
        0) echo "tft: $id: no changes" ;;
        2) approved "$id" && apply "$id" ;;
        *) exit "$status" ;;
      esac
    done
    ;;
  teardown)
    env_for context
    refuse_plan_role
    read -r -a ids <<<"$stack_ids"
    for ((i = ${#ids[@]} - 1; i >= 0; i--)); do destroy "${ids[i]}" "$@"; done
    echo "tft: context $context${edition:+ edition $edition} is destroyed"
    ;;
  forget)
    env_for context
    if [ -z "$edition" ]; then
      say "forget removes an edition's local files; set TFT_EDITION"
      exit 2
    fi
    for id in $stack_ids; do
      if compgen -G "cdktf.out/stacks/$id/*.tfstate" >/dev/null; then
        say "cdktf.out/stacks/$id holds local state; destroy the edition first (nothing removed)"
        exit 1
      fi
    done
    for id in $stack_ids; do rm -rf "cdktf.out/stacks/$id" tmp/plans/"$id".*; done
    echo "tft: removed the local files of $context edition $edition ($stack_ids); remote state is untouched"
    ;;
  *)
    say "usage: scripts/tft.sh <init|plan|apply|destroy|validate|migrate|deploy|teardown|forget|list|contexts> [CLI arguments]"
    exit 2
    ;;
esac
