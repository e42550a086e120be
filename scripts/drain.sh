#!/usr/bin/env bash
# Before destroying a context: remove what Kubernetes, ExternalDNS and Flux made outside Terraform, so that the VPC,
# the cluster zone and the flux stack delete cleanly. Usage: scripts/drain.sh [context]   (default: TFT_CONTEXT;
# TFT_EDITION applies)
# Needs kubectl pointing at the context's cluster, and the AWS CLI with Route 53 read access.
# DRAIN_TIMEOUT bounds each wait in seconds (default 600); DRAIN_POLL is the DNS poll interval (default 15).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib/cluster.sh
source scripts/lib/cluster.sh
context=${1:-${TFT_CONTEXT:?usage: scripts/drain.sh <context>, or set TFT_CONTEXT}}
timeout=${DRAIN_TIMEOUT:-600}
poll=${DRAIN_POLL:-15}
context_names "$context"
require_cluster

KUSTOMIZATIONS=kustomizations.kustomize.toolkit.fluxcd.io
HELMRELEASES=helmreleases.helm.toolkit.fluxcd.io
# Flux's own objects, in the order they go: appliers first, then what they read. Each holds a finalizer that only its
# controller removes, and the controllers go with the flux stack: delete them all while the controllers still run.
FLUX_KINDS=("$KUSTOMIZATIONS" "$HELMRELEASES" helmcharts.source.toolkit.fluxcd.io helmrepositories.source.toolkit.fluxcd.io
  ocirepositories.source.toolkit.fluxcd.io gitrepositories.source.toolkit.fluxcd.io buckets.source.toolkit.fluxcd.io)

installed() { kubectl get crd "$1" -o name >/dev/null 2>&1; }
# "<namespace> <name>" of every object of a kind.
objects() { kubectl get "$1" --all-namespaces -o jsonpath='{range .items[*]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}'; }
suspend() { kubectl -n "$2" patch "$1" "$3" --type merge -p '{"spec":{"suspend":true}}' >/dev/null; }

echo "drain: suspending Flux (the root Kustomization first), so nothing deleted comes back"
for kind in "$KUSTOMIZATIONS" "$HELMRELEASES"; do
  installed "$kind" || continue
  if [[ "$kind" == "$KUSTOMIZATIONS" ]]; then suspend "$kind" flux-system flux-system 2>/dev/null || true; fi
  objects "$kind" | while read -r namespace name; do
    if [ -n "$name" ]; then suspend "$kind" "$namespace" "$name"; fi
  done
done

# Auto Mode's finalizers hold each object until its load balancer or volume is gone; --wait waits for them.
echo "drain: deleting Ingresses (their ALBs go with them)"
kubectl delete ingress --all --all-namespaces --wait=true --timeout="${timeout}s"
echo "drain: deleting Services of type LoadBalancer"
kubectl get services --all-namespaces -o jsonpath='{range .items[?(@.spec.type=="LoadBalancer")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
  while read -r namespace name; do
    if [ -n "$name" ]; then kubectl -n "$namespace" delete service "$name" --wait=true --timeout="${timeout}s"; fi
  done
echo "drain: deleting PersistentVolumeClaims and waiting for their volumes"
kubectl delete pvc --all --all-namespaces --wait=true --timeout="${timeout}s"
kubectl wait --for=delete persistentvolumes --all --timeout="${timeout}s"

# ExternalDNS removes its records (ALIAS and TXT) once their Ingress is gone; until then the zone cannot be deleted
# (HostedZoneNotEmpty). Terraform's own records: the apex NS and SOA, and ACM's validation CNAMEs (named _<token>).
zone_id=$(aws route53 list-hosted-zones-by-name --dns-name "$zone" \
  --query "HostedZones[?Name=='$zone.' && Config.PrivateZone==\`false\`].Id" --output text)
if [[ -z "$zone_id" || "$zone_id" == None ]]; then
  echo "drain: no hosted zone $zone; nothing to wait for in DNS"
else
  echo "drain: waiting until ExternalDNS has removed its records from $zone (at most ${timeout}s)"
  deadline=$((SECONDS + timeout))
  while :; do
    others=$(aws route53 list-resource-record-sets --hosted-zone-id "$zone_id" --query 'ResourceRecordSets[].[Name,Type]' --output text |
      awk -v apex="$zone." '!(($1 == apex && ($2 == "NS" || $2 == "SOA")) || ($2 == "CNAME" && $1 ~ /^_/))')
    [ -z "$others" ] && break
    if ((SECONDS >= deadline)); then
      echo "drain: after ${timeout}s, $zone still holds records Terraform did not make:" >&2
      printf '  %s\n' "${others//$'\n'/$'\n  '}" >&2
      echo "drain: check ExternalDNS (kubectl -n external-dns logs deploy/external-dns), or delete them, then run the drain again" >&2
      exit 1
    fi
    sleep "$poll"
  done
fi

echo "drain: deleting Flux's objects while its controllers still run, so no finalizer is left without one"
for kind in "${FLUX_KINDS[@]}"; do
  if installed "$kind"; then kubectl delete "$kind" --all --all-namespaces --wait=true --timeout="${timeout}s"; fi
done
echo "drain: $cluster holds nothing outside Terraform; destroy the flux stack, then the cluster stack"
