#!/usr/bin/env bash
# Before `cdktf destroy`: remove what Kubernetes made outside Terraform (ALBs, their security groups, EBS
# volumes), or the VPC will not delete. Usage: scripts/drain.sh <context>
set -euo pipefail
cd "$(dirname "$0")/.."
context=${1:?usage: scripts/drain.sh <context>}
cluster=$(node -r ./scripts/register.cjs scripts/names.ts "$context" cluster)

# Refuse to drain any cluster but this context's.
current=$(kubectl config current-context)
if [[ "$current" != *"/$cluster" && "$current" != "$cluster" ]]; then
  echo "drain: kubectl points at '$current', not $cluster; run: aws eks update-kubeconfig --name $cluster" >&2
  exit 1
fi

echo "drain: suspending Flux so it does not recreate what is deleted"
for k in flux-system apps infra-configs infra-controllers; do
  kubectl -n flux-system patch kustomization "$k" --type merge -p '{"spec":{"suspend":true}}' || true
done

# Auto Mode's finalizers hold each object until its load balancer or volume is gone; --wait waits for them.
echo "drain: deleting Ingresses (their ALBs go with them)"
kubectl delete ingress --all --all-namespaces --wait=true --timeout=10m
echo "drain: deleting Services of type LoadBalancer"
kubectl get services --all-namespaces -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
  while read -r namespace name; do
    [ -n "$name" ] && kubectl -n "$namespace" delete service "$name" --wait=true --timeout=10m
  done
echo "drain: deleting PersistentVolumeClaims and waiting for their volumes"
kubectl delete pvc --all --all-namespaces --wait=true --timeout=10m
kubectl wait --for=delete persistentvolumes --all --timeout=10m
echo "drain: $cluster holds nothing outside Terraform; destroy amc-flux-$context, then amc-$context"
