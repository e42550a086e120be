#!/usr/bin/env bash
# Installs pinned CLIs for a CI job into $AMC_TOOLS_DIR/bin (default .cache/tools/bin). Every download is checked
# against its sha256 in ci/tools.env before anything is unpacked, and so is every copy the job's cache kept: the cache
# holds downloads only (.cache/tools/downloads), never programs. bin/ is emptied and unpacked anew on every run, so
# nothing a cache restored runs unchecked. Usage: scripts/ci-tools.sh terraform task aws kubectl flux
# then, in the job: export PATH="$AMC_TOOLS_DIR/bin:$PATH"
# AMC_TOOLS_FROM_PATH=true: the job's image already holds the CLIs (an image you build and pin yourself): nothing is
# downloaded, and each one must be on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=ci/tools.env
source ci/tools.env
tools=${AMC_TOOLS_DIR:-$PWD/.cache/tools}
bin=$tools/bin
downloads=$tools/downloads
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for tool in "$@"; do
  case "$tool" in
    terraform | task | aws | kubectl | flux) ;;
    *)
      echo "ci-tools: unknown tool '$tool' (one of terraform, task, aws, kubectl, flux)" >&2
      exit 2
      ;;
  esac
done

if [ "${AMC_TOOLS_FROM_PATH:-}" = true ]; then
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "ci-tools: AMC_TOOLS_FROM_PATH=true, but $tool is not on PATH in this image" >&2
      exit 1
    fi
    echo "ci-tools: $tool from the image ($(command -v "$tool"))"
  done
  exit 0
fi
rm -rf "$bin"
mkdir -p "$bin" "$downloads"

sha() { sha256sum "$1" | cut -d ' ' -f 1; }

# Puts the download of $1 at $work/$3, stopping unless its sha256 is $2: the cached copy when it still hashes to $2,
# else a fresh download, which the cache then keeps.
fetch() {
  local url=$1 expected=$2 file=$work/$3 cached=$downloads/${1##*/} actual
  if [ -f "$cached" ]; then
    if [ "$(sha "$cached")" = "$expected" ]; then
      cp "$cached" "$file"
      source=cache
      return
    fi
    echo "ci-tools: the cached ${url##*/} does not have sha256 $expected (ci/tools.env); downloading it again" >&2
    rm -f "$cached"
  fi
  curl -fsSL --retry 3 -o "$file" "$url"
  actual=$(sha "$file")
  if [ "$actual" != "$expected" ]; then
    echo "ci-tools: $url has sha256 $actual, not $expected (ci/tools.env); nothing installed" >&2
    exit 1
  fi
  cp "$file" "$cached"
  source=download
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
      rm -rf "$tools/aws-cli"
      "$work/aws/install" --install-dir "$tools/aws-cli" --bin-dir "$bin" >/dev/null
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
  version_var=$(tr '[:lower:]' '[:upper:]' <<<"${tool/aws/awscli}")_VERSION
  install_tool "$tool"
  echo "ci-tools: $tool ${!version_var} installed (sha256 checked, from the $source)"
done
