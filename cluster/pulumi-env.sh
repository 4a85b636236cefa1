# shellcheck shell=bash
# Sets up a shell to run the offline Pulumi toolchain that cluster/build-pulumi
# builds. Source it (from any directory):
#
#   source cluster/pulumi-env.sh
#
# - PATH gets the CLI and language host (pulumi-<version>/bin) and the
#   Kubernetes provider (pulumi-kubernetes-<version>/bin). The CLI uses a
#   plugin found on PATH whatever version a program asks for ("ambient"
#   plugin), so nothing is ever downloaded.
# - State lives in a local file backend, encrypted with a passphrase that is
#   only meant for this machine; both can be overridden by setting
#   PULUMI_BACKEND_URL / PULUMI_CONFIG_PASSPHRASE before sourcing.
# - Update checks, plugin downloads and the Automation API's CLI version check
#   are switched off.
# - KUBECONFIG defaults to the single-node cluster's, once it exists. The
#   Kubernetes provider reads it by default, and a provider with
#   `renderYamlToDirectory` then refuses to start ("kubeconfig" arg is not
#   compatible): unset KUBECONFIG for render-only runs.
#
# Honours FEASTFLOW_CACHE (default ~/.cache/feastflow) and FEASTFLOW_STATE
# (default /var/lib/feastflow), like the other cluster scripts. Sets no shell
# options and exits nothing: errors are reported and the function returns.

__feastflow_pulumi_env() {
  local cluster_dir versions cache state pulumi_bin provider_bin d
  cluster_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" || return 1
  versions="${cluster_dir}/versions.env"
  cache="${FEASTFLOW_CACHE:-${HOME}/.cache/feastflow}"
  state="${FEASTFLOW_STATE:-/var/lib/feastflow}"

  # Read only the keys we need, in a subshell, so sourcing this file does not
  # pour every pinned version into the caller's shell.
  local pulumi_version provider_version
  # shellcheck source=cluster/versions.env
  pulumi_version="$(source "${versions}" && echo "${PULUMI_VERSION:-}")"
  # shellcheck source=cluster/versions.env
  provider_version="$(source "${versions}" && echo "${PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION:-}")"
  if [[ -z "${pulumi_version}" || -z "${provider_version}" ]]; then
    echo "pulumi-env.sh: PULUMI_VERSION or PULUMI_KUBERNETES_PROVIDER_MODULE_VERSION missing in ${versions}" >&2
    return 1
  fi
  pulumi_bin="${cache}/pulumi-${pulumi_version}/bin"
  provider_bin="${cache}/pulumi-kubernetes-${provider_version}/bin"

  for d in "${pulumi_bin}" "${provider_bin}"; do
    [[ -d "${d}" ]] || echo "pulumi-env.sh: ${d} not built yet; run: bash ${cluster_dir}/build-pulumi" >&2
    # Prepend once, so sourcing twice does not grow PATH.
    case ":${PATH}:" in
      *":${d}:"*) ;;
      *) PATH="${d}:${PATH}" ;;
    esac
  done
  export PATH

  if [[ -z "${PULUMI_BACKEND_URL:-}" ]]; then
    mkdir -p "${state}/pulumi-backend" 2>/dev/null \
      || echo "pulumi-env.sh: cannot create ${state}/pulumi-backend (set FEASTFLOW_STATE or PULUMI_BACKEND_URL)" >&2
    export PULUMI_BACKEND_URL="file://${state}/pulumi-backend"
  fi
  # Encrypts secrets in the local state only; not a secret itself. Left
  # alone when the caller set a passphrase (or a passphrase file).
  if [[ -z "${PULUMI_CONFIG_PASSPHRASE+set}" && -z "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ]]; then
    export PULUMI_CONFIG_PASSPHRASE="feastflow-local-only"
  fi
  export PULUMI_SKIP_UPDATE_CHECK=true
  export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
  # Otherwise @pulumi/pulumi/automation runs `pulumi version` on every
  # workspace and refuses a CLI older than its minimum.
  export PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK=true

  if [[ -z "${KUBECONFIG:-}" && -f "${state}/kubeconfig" ]]; then
    export KUBECONFIG="${state}/kubeconfig"
  fi
}

__feastflow_pulumi_env
unset -f __feastflow_pulumi_env
