#!/usr/bin/env bash
# The flux:* and kube:* tasks: scripts/cluster.sh flux-status|flux-apply|kubeconfig
# TFT_CONTEXT names the context (TFT_EDITION applies). The flux commands infer it, when unset, from the cluster kubectl
# points at, and refuse any cluster that is not the context's, as the drain does.
# shellcheck disable=SC2154 # contexts, clusters, cluster and kubeconfig are assigned by the eval
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh
command=${1:-}
# The TFT_* checks of scripts/tft-env.ts, as shell variables; stops on a refusal.
tft_env() {
  local assignments
  assignments=$(node -r ./scripts/register.cjs scripts/tft-env.ts "$@") || exit $?
  eval "$assignments"
}
case "$command" in
  kubeconfig)
    tft_env context
    read -r -a update <<<"$kubeconfig"
    "${update[@]}"
    ;;
  flux-status | flux-apply)
    tft_env
    if [ -z "${TFT_CONTEXT:-}" ]; then
      current=$(kubectl config current-context 2>/dev/null || true)
      read -r -a known <<<"$contexts"
      read -r -a known_clusters <<<"$clusters"
      for i in "${!known[@]}"; do
        if [[ "$current" == *"/${known_clusters[i]}" || "$current" == "${known_clusters[i]}" ]]; then
          TFT_CONTEXT=${known[i]} tft_env context
        fi
      done
      if [ -z "${cluster:-}" ]; then
        echo "cluster.sh: kubectl points at '${current:-nothing}', no context's cluster ($clusters); set TFT_CONTEXT and run: task kube:config" >&2
        exit 1
      fi
    fi
    require_cluster
    if [ "$command" = flux-status ]; then
      flux get all -A
    else
      # The article's reconcile: fetch the Git source now, then apply the root Kustomization from it.
      flux reconcile source git flux-system
      flux reconcile kustomization flux-system
    fi
    ;;
  *)
    echo "usage: scripts/cluster.sh flux-status|flux-apply|kubeconfig" >&2
    exit 2
    ;;
esac
