#!/usr/bin/env bash
# How a CI job reaches a context's cluster (TFT_CONTEXT; TFT_EDITION applies):
#   scripts/ci-cluster.sh connect [--may-be-gone]
# For jobs that talk to the cluster API: amc-flux (TFT_STACK or TFT_UNIT), or a whole context (teardown, flux:status,
# with no stack). Others get "no cluster needed". Then, in this order:
#   1. The GitLab agent for Kubernetes. When the job's KUBECONFIG (GitLab writes it for jobs that the agent's
#      .gitlab/agents/<agent>/config.yaml authorizes, environment included) holds the context's agent kube context,
#      `<agent config project>:<agent>`, and the API answers through it, kubectl uses it, and so do amc-flux's kubernetes
#      and helm providers: tmp/ci-cluster.env exports TFT_KUBE_CONTEXT (the synth configures the providers with it) and
#      KUBE_CONFIG_PATH (where both providers read the file from; the path itself is never synthesized).
#   2. The EKS endpoint, straight from this runner: it must answer within 10 s (any HTTP answer shows it is reachable).
#      kubectl then points at it as the job's own AWS identity (the deploy role, which has a cluster-admin access entry).
#   Neither: one message naming what to set up (an agent, a runner selected by AMC_CLUSTER_RUNNER_TAG, or a laptop).
# --may-be-gone (the teardown): a cluster that no longer exists is not an error; tft:teardown destroys what is left.
# The job sources tmp/ci-cluster.env afterwards (ci/templates.yml, .scripts: cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
context=${TFT_CONTEXT:?set TFT_CONTEXT}
env_file=tmp/ci-cluster.env
may_be_gone=
case "${1:-}" in
  connect) ;;
  *)
    echo "usage: scripts/ci-cluster.sh connect [--may-be-gone]" >&2
    exit 2
    ;;
esac
case "${2:-}" in
  '') ;;
  --may-be-gone) may_be_gone=1 ;;
  *)
    echo "ci-cluster: unknown option '$2' (only --may-be-gone)" >&2
    exit 2
    ;;
esac
mkdir -p tmp
# Nothing from an earlier step of the job: written anew below, and empty unless the agent is used.
: >"$env_file"

stack=${TFT_STACK:-${TFT_UNIT:-}}
if [ -n "$stack" ] && [ "$stack" != amc-flux ]; then
  echo "ci-cluster: $stack does not talk to the cluster API; no cluster needed"
  exit 0
fi

names=$(node -r ./scripts/register.cjs scripts/names.ts "$context" cluster region agentKubeContext) || exit 2
{ read -r cluster; read -r region; read -r agent; } <<<"$names"

# 1. The agent, when GitLab gave this job its context and it answers.
if [ -n "${KUBECONFIG:-}" ] && kubectl config get-contexts -o name 2>/dev/null | grep -qxF "$agent"; then
  if answer=$(kubectl --context "$agent" --request-timeout=10s version -o json 2>&1 >/dev/null); then
    kubectl config use-context "$agent" >/dev/null
    printf 'export TFT_KUBE_CONTEXT=%q KUBE_CONFIG_PATH=%q\n' "$agent" "$KUBECONFIG" >"$env_file"
    echo "ci-cluster: $cluster through the GitLab agent (kube context $agent)"
    exit 0
  fi
  echo "ci-cluster: the GitLab agent's context $agent did not answer (${answer//$'\n'/ }); trying the EKS endpoint" >&2
fi

# 2. The endpoint, from this runner.
if ! endpoint=$(aws eks describe-cluster --name "$cluster" --region "$region" --query cluster.endpoint --output text 2>&1); then
  if [[ "$endpoint" == *ResourceNotFoundException* ]]; then
    if [ -n "$may_be_gone" ]; then
      echo "ci-cluster: $cluster no longer exists; nothing to drain, the teardown destroys what is left"
      exit 0
    fi
    echo "ci-cluster: $cluster does not exist; deploy the amc stack of $context first" >&2
    exit 1
  fi
  echo "ci-cluster: cannot describe $cluster: $endpoint" >&2
  exit 1
fi
if ! curl --max-time 10 -sk -o /dev/null "$endpoint/healthz"; then
  echo "ci-cluster: cannot reach $cluster from this job: no GitLab agent context $agent here, and its API ($endpoint)" \
    "did not answer within 10 s. The agent exists once amc-flux is applied and Flux has synced it (README, GitLab agent);" \
    "until then, set the CI/CD variable AMC_CLUSTER_RUNNER_TAG to the tag of a runner whose egress addresses are in" \
    "cluster.publicAccessCidrs or that runs in the VPC, or apply amc-flux from a laptop inside cluster.publicAccessCidrs." >&2
  exit 1
fi
aws eks update-kubeconfig --name "$cluster" --region "$region" >/dev/null
echo "ci-cluster: the API of $cluster answers at $endpoint; kubectl points at it"
