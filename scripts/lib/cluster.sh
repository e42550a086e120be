# Sourced by scripts that act on a context's cluster. Sets cluster, zone, region and kubeconfig for the context
# (TFT_EDITION applies), and agent_context, and refuses, with the command that fixes it, when kubectl points at any other cluster.
# shellcheck shell=bash

# shellcheck disable=SC2034 # the variables are the point: callers read them
context_names() {
  local out
  out=$(node -r ./scripts/register.cjs scripts/names.ts "$1" cluster zone region kubeconfig agentKubeContext) || exit 2
  { read -r cluster; read -r zone; read -r region; read -r kubeconfig; read -r agent_context; } <<<"$out"
}

require_cluster() {
  local current
  current=$(kubectl config current-context 2>/dev/null || true)
  # The cluster's ARN (aws eks update-kubeconfig), its name, or its GitLab agent's context (CI: scripts/ci-cluster.sh).
  if [[ "$current" != *"/$cluster" && "$current" != "$cluster" && "$current" != "$agent_context" ]]; then
    echo "$(basename "$0"): kubectl points at '${current:-nothing}', not $cluster; run: $kubeconfig" >&2
    exit 1
  fi
}
