# shellcheck shell=bash
# shellcheck disable=SC2034 # settings used by the scripts that source this file
# Shared settings and helpers for the cluster scripts. Sourced, never run.

CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${CLUSTER_DIR}/.." && pwd)"
# shellcheck source=cluster/versions.env
source "${CLUSTER_DIR}/versions.env"

FEASTFLOW_CACHE="${FEASTFLOW_CACHE:-${HOME}/.cache/feastflow}"
FEASTFLOW_STATE="${FEASTFLOW_STATE:-/var/lib/feastflow}"
export FEASTFLOW_CACHE FEASTFLOW_STATE

# Build outputs, one folder per component and version.
PAUSE_VERSION="${PAUSE_IMAGE##*:}"
ETCD_BIN="${FEASTFLOW_CACHE}/etcd-${ETCD_VERSION}/bin"
KUBE_BIN="${FEASTFLOW_CACHE}/kubernetes-${KUBERNETES_VERSION}/bin"
METRICS_SERVER_BIN="${FEASTFLOW_CACHE}/metrics-server-${METRICS_SERVER_VERSION}/bin"
PAUSE_BIN="${FEASTFLOW_CACHE}/pause-${PAUSE_VERSION}/bin"
KWOK_BIN="${FEASTFLOW_CACHE}/kwok-${KWOK_VERSION}/bin"

# Runtime layout: everything the running cluster owns lives under the state dir.
PKI_DIR="${FEASTFLOW_STATE}/pki"
LOG_DIR="${FEASTFLOW_STATE}/logs"
PID_DIR="${FEASTFLOW_STATE}/pids"
KUBECONFIG_PATH="${FEASTFLOW_STATE}/kubeconfig"
# system:masters, which no authorizer can deny: only cluster/up uses it, to
# grant ADMIN_GROUP cluster-admin (kubeadm's super-admin.conf / admin.conf split).
SUPER_ADMIN_KUBECONFIG="${FEASTFLOW_STATE}/super-admin.kubeconfig"
ADMIN_GROUP="feastflow:cluster-admins"
# The host's sysctl values from before the first `up`; `down` puts them back.
SYSCTL_RECORD="${FEASTFLOW_STATE}/sysctl.orig"
CONTAINERD_ROOT="${FEASTFLOW_STATE}/containerd"
CONTAINERD_STATE="/run/feastflow/containerd"
CONTAINERD_SOCK="/run/feastflow/containerd/containerd.sock"
KUBELET_ROOT="${FEASTFLOW_STATE}/kubelet"
CNI_CONF_DIR="${FEASTFLOW_STATE}/cni/net.d"
CNI_BIN_DIR="/usr/lib/cni"

# Network plan. The node address sits on a dummy interface we create, so
# pods (via the bridge gateway and the host's routing) and the host both
# reach it, and nothing outside this machine is involved.
NODE_IFACE="feastflow0"
NODE_IP="${FEASTFLOW_NODE_IP:-10.213.0.1}"
NODE_NAME="${FEASTFLOW_NODE_NAME:-feastflow-node}"
CNI_BRIDGE="ffbr0"
POD_CIDR="10.214.0.0/16"
POD_GATEWAY="10.214.0.1"
SERVICE_CIDR="10.215.0.0/16"
SERVICE_IP="10.215.0.1"        # first address of SERVICE_CIDR: the kubernetes Service
APISERVER_PORT=6443
# The apiserver listens on the node address only (one --bind-address), which
# the host and, through the kubernetes Service, the pods all reach.
APISERVER_URL="https://${NODE_IP}:${APISERVER_PORT}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Go toolchain and module settings shared by every build.
go_env() {
  export PATH="/usr/local/go/bin:${PATH}"
  command -v go >/dev/null || die "go not found (expected /usr/local/go/bin/go)"
  # No go.work from a surrounding directory leaks into the wrapper modules.
  export CGO_ENABLED=0 GOTOOLCHAIN=local GOWORK=off GOFLAGS="-mod=mod -buildvcs=false"
  # Our CI reaches the module proxy but not sum.golang.org; FEASTFLOW_GOSUMDB=on
  # keeps the checksum database where it is reachable. Either way the wrapper
  # modules' go.sum files are seeded from cluster/modules.sum and upstream's
  # go.sum, so Go checks every download against a known hash (see pins.sh).
  if [[ "${FEASTFLOW_GOSUMDB:-off}" != on ]]; then
    export GONOSUMDB="*" GOSUMDB=off
  fi
}

# pid_alive NAME: true when the process recorded under NAME is running.
pid_alive() {
  local f="${PID_DIR}/$1.pid" pid
  [[ -s "$f" ]] || return 1
  pid="$(<"$f")"
  kill -0 "$pid" 2>/dev/null
}
