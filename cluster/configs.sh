# shellcheck shell=bash
# Config files for containerd, CNI, kubelet and kube-proxy. Sourced after
# lib.sh; each function rewrites its file, so a changed setting applies on
# the next `cluster/up`.

# snapshotter_choice: overlayfs when an overlay mount works here, else native.
snapshotter_choice() {
  local d="${FEASTFLOW_STATE}/overlay-probe" result=native
  mkdir -p "$d"/{lower,upper,work,merged}
  if mount -t overlay overlay -o "lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" "$d/merged" 2>/dev/null; then
    umount "$d/merged"
    result=overlayfs
  fi
  rm -rf "$d"
  echo "${result}"
}

# has_cap_sys_resource: whether this process holds CAP_SYS_RESOURCE (bit 24).
has_cap_sys_resource() {
  local eff
  eff="$(awk '/^CapEff:/ {print $2}' /proc/self/status)"
  (((0x${eff} >> 24) & 1))
}

write_containerd_config() {
  local snapshotter="$1"
  mkdir -p "${CONTAINERD_ROOT}" "${CONTAINERD_STATE}"
  # Own root, state and socket so a system containerd is never touched.
  cat >"${FEASTFLOW_STATE}/containerd.toml" <<TOML
version = 2
root = "${CONTAINERD_ROOT}"
state = "${CONTAINERD_STATE}"

[grpc]
  address = "${CONTAINERD_SOCK}"

[plugins."io.containerd.internal.v1.opt"]
  path = "${FEASTFLOW_STATE}/containerd-opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "${PAUSE_IMAGE}"
  # Pod network namespaces under our state dir, so cluster/down finds them.
  netns_mounts_under_state_dir = true
  enable_selinux = false
  # Without CAP_SYS_RESOURCE (as in this VM) runc cannot lower oom_score_adj,
  # which pod sandboxes ask for (-998); clamp to containerd's own value then.
  restrict_oom_score_adj = $(has_cap_sys_resource && echo false || echo true)
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "${snapshotter}"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        # runc's state beside ours, not in /run/containerd/runc.
        Root = "${CONTAINERD_STATE}/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "${CNI_BIN_DIR}"
    conf_dir = "${CNI_CONF_DIR}"
TOML
}

# Bridge + host-local IPAM + portmap; containerd adds loopback by itself
# from the same bin dir.
write_cni_config() {
  mkdir -p "${CNI_CONF_DIR}"
  cat >"${CNI_CONF_DIR}/10-feastflow.conflist" <<JSON
{
  "cniVersion": "1.0.0",
  "name": "feastflow",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "${CNI_BRIDGE}",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "${FEASTFLOW_STATE}/cni/ipam",
        "ranges": [[{ "subnet": "${POD_CIDR}", "gateway": "${POD_GATEWAY}" }]],
        "routes": [{ "dst": "0.0.0.0/0" }]
      }
    },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
JSON
}

write_kubelet_config() {
  mkdir -p "${KUBELET_ROOT}"
  cat >"${FEASTFLOW_STATE}/kubelet.yaml" <<YAML
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
# Serve on the node address so metrics-server (in a pod) and the apiserver
# reach it; the kubelet self-signs its serving certificate.
address: ${NODE_IP}
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: ${PKI_DIR}/ca.crt}
authorization:
  mode: Webhook
containerRuntimeEndpoint: unix://${CONTAINERD_SOCK}
cgroupDriver: cgroupfs
# This host runs cgroup v1, which kubelet 1.34 refuses unless told otherwise.
failCgroupV1: false
failSwapOn: false
clusterDomain: cluster.local
# No cluster DNS; and the host resolver is not for pods, which must not
# reach beyond this machine.
resolvConf: ""
serializeImagePulls: false
# Images are imported locally and cannot be pulled again: keep them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 2%
  imagefs.available: 2%
YAML
}

write_kube_proxy_config() {
  cat >"${FEASTFLOW_STATE}/kube-proxy.yaml" <<YAML
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: ${FEASTFLOW_STATE}/kube-proxy.kubeconfig
hostnameOverride: ${NODE_NAME}
mode: iptables
clusterCIDR: ${POD_CIDR}
bindAddress: ${NODE_IP}
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
# NodePorts answer on 127.0.0.1 (the load test's target) and the node
# address, not on the host's other addresses.
nodePortAddresses: ["127.0.0.1/32", "${NODE_IP}/32"]
iptables:
  # Needs loopback among nodePortAddresses; kube-proxy sets route_localnet.
  localhostNodePorts: true
# Leave the host's conntrack sysctls as they are.
conntrack:
  maxPerCore: 0
  min: 0
  tcpEstablishedTimeout: 0s
  tcpCloseWaitTimeout: 0s
YAML
}
