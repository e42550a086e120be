#!/usr/bin/env bash
# Installs pinned CLIs for a CI job into $AMC_TOOLS_DIR/bin (default .cache/tools/bin, which the job's cache keeps),
# each download checked against its sha256 in ci/tools.env before anything is unpacked. A tool already installed at
# its pinned version is kept. Usage: scripts/ci-tools.sh terraform task aws kubectl flux
# then, in the job: export PATH="$AMC_TOOLS_DIR/bin:$PATH"
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/tools.env
source ci/tools.env
tools=${AMC_TOOLS_DIR:-$PWD/.cache/tools}
bin=$tools/bin
mkdir -p "$bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Downloads $1 to $work/$3 and stops unless its sha256 is $2.
fetch() {
  local url=$1 expected=$2 file=$work/$3 actual
  curl -fsSL --retry 3 -o "$file" "$url"
  actual=$(sha256sum "$file" | cut -d ' ' -f 1)
  if [ "$actual" != "$expected" ]; then
    echo "ci-tools: $url has sha256 $actual, not $expected (ci/tools.env); nothing installed" >&2
    exit 1
  fi
}

install_tool() {
  case "$1" in
    terraform)
      fetch "https://releases.hashicorp.com/terraform/$TERRAFORM_VERSION/terraform_${TERRAFORM_VERSION}_linux_amd64.zip" \
        "$TERRAFORM_SHA256" terraform.zip
      unzip -q -o "$work/terraform.zip" terraform -d "$bin"
      ;;
    task)
      fetch "https://github.com/go-task/task/releases/download/v$TASK_VERSION/task_linux_amd64.tar.gz" "$TASK_SHA256" task.tar.gz
      tar -xzf "$work/task.tar.gz" -C "$bin" task
      ;;
    aws)
      fetch "https://awscli.amazonaws.com/awscli-exe-linux-x86_64-$AWSCLI_VERSION.zip" "$AWSCLI_SHA256" awscli.zip
      unzip -q "$work/awscli.zip" -d "$work"
      "$work/aws/install" --install-dir "$tools/aws-cli" --bin-dir "$bin" --update >/dev/null
      ;;
    kubectl)
      fetch "https://dl.k8s.io/release/v$KUBECTL_VERSION/bin/linux/amd64/kubectl" "$KUBECTL_SHA256" kubectl
      install -m 0755 "$work/kubectl" "$bin/kubectl"
      ;;
    flux)
      fetch "https://github.com/fluxcd/flux2/releases/download/v$FLUX_VERSION/flux_${FLUX_VERSION}_linux_amd64.tar.gz" \
        "$FLUX_SHA256" flux.tar.gz
      tar -xzf "$work/flux.tar.gz" -C "$bin" flux
      ;;
  esac
}

for tool in "$@"; do
  case "$tool" in
    terraform | task | aws | kubectl | flux) ;;
    *)
      echo "ci-tools: unknown tool '$tool' (one of terraform, task, aws, kubectl, flux)" >&2
      exit 2
      ;;
  esac
  version_var=$(tr '[:lower:]' '[:upper:]' <<<"${tool/aws/awscli}")_VERSION
  version=${!version_var:-}
  marker="$bin/.$tool-$version"
  if [ -x "$bin/$tool" ] && [ -f "$marker" ]; then
    echo "ci-tools: $tool $version (cached)"
    continue
  fi
  install_tool "$tool"
  rm -f "$bin/.$tool-"*
  touch "$marker"
  echo "ci-tools: $tool $version installed"
done
