#!/usr/bin/env bash
# CI (checkov job, ci/checks.yml): Checkov on the JSON of every plan the merge request's plan jobs saved
# (tmp/plans/<stack>.plan.json), each with its stack's baseline from the synth that made the plan
# (cdktf.out/checkov/<stack>.baseline.json: what the policy pack suppresses, with its reason in policy-report.json).
# A failure of a check the pack maps to (cdktf.out/checkov/hard-fail-on) fails the job: the pack and the scanner
# disagree. Checkov's other checks are reported, not enforced. Every plan is scanned before the job fails.
# AMC_MR_PLANS lists the stack ids the plan jobs plan (ci/checks.yml); each left tmp/plans/<id>.status
# (scripts/ci-plan.sh). A skipped plan (a context not configured yet) is named and does not fail the job; a failed
# plan, or one whose job left no status, does.
# Usage: scripts/ci-checkov.sh [plan dir, default tmp/plans] [cdktf.out dir, default cdktf.out]
set -euo pipefail
plans=${1:-tmp/plans}
out=${2:-cdktf.out}
reports=${CHECKOV_REPORTS:-tmp/checkov}

shopt -s nullglob
failed=()
skipped=0
read -r -a expected <<<"${AMC_MR_PLANS:?set AMC_MR_PLANS to the stack ids the plan jobs plan}"
for id in "${expected[@]}"; do
  status=$(cat "$plans/$id.status" 2>/dev/null || echo "failed: its plan job left no status (see its log)")
  case "$status" in
    planned) ;;
    skipped:*)
      echo "ci-checkov: $id not planned, not scanned: ${status#skipped: }"
      skipped=$((skipped + 1))
      ;;
    *)
      echo "ci-checkov: $id was not planned: ${status#failed: }" >&2
      failed+=("$id")
      ;;
  esac
done
files=("$plans"/*.plan.json)
if [ ${#files[@]} -eq 0 ]; then
  if [ ${#failed[@]} -eq 0 ] && [ "$skipped" -gt 0 ]; then
    echo "ci-checkov: every plan was skipped; nothing to scan"
    exit 0
  fi
  echo "ci-checkov: no plan JSON in $plans/: the plan jobs saved none (see their logs)" >&2
  exit 1
fi
if [ ! -s "$out/checkov/hard-fail-on" ]; then
  echo "ci-checkov: $out/checkov/hard-fail-on is missing: the plan jobs' artifacts hold no policy output (npm run synth writes it)" >&2
  exit 1
fi
hard=$(tr -d '[:space:]' <"$out/checkov/hard-fail-on")
mkdir -p "$reports"

for plan in "${files[@]}"; do
  stack=$(basename "$plan" .plan.json)
  baseline="$out/checkov/$stack.baseline.json"
  if [ ! -f "$baseline" ]; then
    echo "ci-checkov: no baseline for $stack ($baseline): its plan and the policy output come from different synths" >&2
    failed+=("$stack")
    continue
  fi
  echo "ci-checkov: $stack"
  # --compact: no code blocks in the log, since plan JSON holds the state's secrets. The JUnit report quotes a failing
  # resource's lines of the file; `terraform show -json` writes one line, and Checkov 3.3 quotes nothing of it.
  # --output-baseline-as-skipped: the suppressed findings appear in the report as skipped, not silently dropped.
  if ! checkov --file "$plan" --framework terraform_plan --baseline "$baseline" --output-baseline-as-skipped \
    --hard-fail-on "$hard" --compact --output cli --output junitxml --output-file-path "console,$reports/$stack.xml"; then
    failed+=("$stack")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "ci-checkov: failed for ${failed[*]}: plan it, fix the resource, or suppress the pack's rule with a reason (README, Security rules)" >&2
  exit 1
fi
note=
if [ "$skipped" -gt 0 ]; then note="; $skipped skipped"; fi
echo "ci-checkov: ${#files[@]} plan(s) agree with the policy pack$note"
