#!/usr/bin/env bash
# Destroys a whole context in reverse deploy order, drained first: scripts/destroy.sh <context> [cdktf destroy flags]
# (TFT_EDITION applies). Needs kubectl at the context's cluster, the AWS CLI, GITLAB_TOKEN and the usual credentials.
set -euo pipefail
cd "$(dirname "$0")/.."
context=${1:?usage: scripts/destroy.sh <context> [cdktf destroy flags]}
shift
out=$(node -r ./scripts/register.cjs scripts/names.ts "$context" gitlabStack clusterStack fluxStack cluster region) || exit 2
{ read -r gitlab_stack; read -r cluster_stack; read -r flux_stack; read -r cluster; read -r region; } <<<"$out"

scripts/drain.sh "$context"
npx cdktf destroy "$flux_stack" "$@"
npx cdktf destroy "$cluster_stack" "$@"

# EKS may write the control-plane log group again after Terraform deleted it (terraform-aws-eks #2486, #2763); the next
# deploy of the same name would then fail with ResourceAlreadyExistsException. Delete it once the cluster is gone.
group="/aws/eks/$cluster/cluster"
sleep "${LOG_GROUP_SETTLE:-30}"
found=$(aws logs describe-log-groups --region "$region" --log-group-name-prefix "$group" --query 'logGroups[].logGroupName' --output text)
if [[ " $found " == *" $group "* || "$found" == "$group" ]]; then
  echo "destroy: EKS wrote $group again after its deletion; deleting it"
  aws logs delete-log-group --region "$region" --log-group-name "$group"
fi

npx cdktf destroy "$gitlab_stack" "$@"
echo "destroy: context $context is gone"
