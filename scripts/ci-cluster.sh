#!/usr/bin/env bash
# What CI jobs need from a context's cluster (TFT_CONTEXT; TFT_EDITION applies):
#   scripts/ci-cluster.sh preflight    for the amc-flux stack only (TFT_STACK or TFT_UNIT): fail within seconds when
#                                      the cluster API does not answer from this runner, instead of Terraform timing out
#   scripts/ci-cluster.sh kubeconfig   point kubectl at the cluster as the job's own AWS identity (the Terraform role,
#                                      which has a cluster-admin access entry), for the drain and the flux CLI
set -euo pipefail
cd "$(dirname "$0")/.."
context=${TFT_CONTEXT:?set TFT_CONTEXT}
context_names() {
  local names
  names=$(node -r ./scripts/register.cjs scripts/names.ts "$context" cluster region) || exit 2
  { read -r cluster; read -r region; } <<<"$names"
}
case "${1:-}" in
  preflight)
    stack=${TFT_STACK:-${TFT_UNIT:-}}
    if [ "$stack" != amc-flux ]; then
      echo "ci-cluster: ${stack:-no stack} does not talk to the cluster API; no preflight"
      exit 0
    fi
    context_names
    endpoint=$(aws eks describe-cluster --name "$cluster" --region "$region" --query cluster.endpoint --output text)
    # Any HTTP answer, even 401 or 403, shows the API is reachable; curl fails only on no answer.
    if ! curl --max-time 10 -sk -o /dev/null "$endpoint/healthz"; then
      echo "ci-cluster: the API of $cluster ($endpoint) did not answer within 10 s." \
        "The runner's egress addresses must be in cluster.publicAccessCidrs, or a runner inside the VPC must run the amc-flux jobs." >&2
      exit 1
    fi
    echo "ci-cluster: the API of $cluster answers at $endpoint"
    ;;
  kubeconfig)
    context_names
    aws eks update-kubeconfig --name "$cluster" --region "$region"
    ;;
  *)
    echo "usage: scripts/ci-cluster.sh preflight|kubeconfig" >&2
    exit 2
    ;;
esac
