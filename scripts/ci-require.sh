#!/usr/bin/env bash
# Stops a CI job before it runs anything when CI/CD variables it needs are unset or empty, naming each one and where
# it comes from. Exit 3, so that a merge-request plan can treat "not configured here" as a warning (a context whose
# AMC_PLAN_ROLE_ARN_<context> is not set yet, ci/checks.yml). Usage: scripts/ci-require.sh NAME...
set -euo pipefail
missing=()
for name in "$@"; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
[ ${#missing[@]} -eq 0 ] && exit 0
for name in "${missing[@]}"; do
  case "$name" in
    GITLAB_TOKEN) why="a masked, protected CI/CD variable scoped to the job's environment: a token that may manage the project's deploy keys and agents" ;;
    AMC_TERRAFORM_ROLE_ARN) why="a protected CI/CD variable scoped to the job's environment: the bootstrap stack's Terraform role ARN" ;;
    AMC_PLAN_ROLE_ARN_*) why="a CI/CD variable, not protected and in every environment scope: the plan role ARN of ${name#AMC_PLAN_ROLE_ARN_}'s bootstrap stack" ;;
    AWS_ID_TOKEN) why="the job's OIDC ID token: declare it under id_tokens" ;;
    *) why="a CI/CD variable" ;;
  esac
  echo "ci-require: $name is not set ($why); see README, CI/CD" >&2
done
exit 3
