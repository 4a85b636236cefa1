# shellcheck shell=bash
# Host networking for the single-node cluster. Sourced after lib.sh.
#
# The node address lives on an interface we own (dummy, or an empty bridge), the pod bridge is
# created up front, and both the pod and service ranges are routed locally,
# so no cluster traffic can follow the default route off this machine.

# Every host-wide sysctl a running cluster changes: ours below, route_localnet
# again by kube-proxy (localhost NodePorts), and the kernel tunables kubelet
# sets when it starts (setupKernelTunables in pkg/kubelet/cm: overcommit,
# panic, panic_on_oops, root's key quotas). Per-interface ones (disable_ipv6,
# the CNI bridge's) go away with the interfaces in net_down.
HOST_SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables
  net.bridge.bridge-nf-call-ip6tables net.ipv4.conf.all.route_localnet
  vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

# save_sysctls: records the host's values of HOST_SYSCTLS once. An `up` after
# an `up` (a restart of a half-running cluster) keeps the first record, which
# holds the values from before any cluster touched them.
save_sysctls() {
  [[ -f "${SYSCTL_RECORD}" ]] && return 0
  local key
  for key in "${HOST_SYSCTLS[@]}"; do
    [[ -e "/proc/sys/${key//.//}" ]] || continue
    printf '%s=%s\n' "${key}" "$(sysctl -n "${key}")"
  done >"${SYSCTL_RECORD}.tmp"
  mv "${SYSCTL_RECORD}.tmp" "${SYSCTL_RECORD}"
}

# restore_sysctls: writes the recorded values back and forgets the record, so
# a second `down` (or one without an `up`) changes nothing. Setting
# ip_forward also resets every interface's forwarding flag, as on boot.
restore_sysctls() {
  [[ -f "${SYSCTL_RECORD}" ]] || return 0
  local setting
  while IFS= read -r setting; do
    [[ -n "${setting}" ]] || continue
    sysctl -qw "${setting}" || log "warning: could not restore sysctl ${setting}"
  done <"${SYSCTL_RECORD}"
  rm -f "${SYSCTL_RECORD}"
  log "host sysctls restored"
}

net_up() {
  # Forwarding between the bridge and the host, and iptables on bridged
  # traffic so a pod reaching a Service backed by a pod on the same bridge is
  # DNATed. br_netfilter is often built in; modprobe may have nothing to load.
  modprobe br_netfilter 2>/dev/null || true
  modprobe overlay 2>/dev/null || true
  [[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] \
    || die "br_netfilter is not available (no /proc/sys/net/bridge)"
  # After modprobe, so the bridge sysctls exist and their defaults are recorded.
  save_sysctls
  sysctl -qw net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 \
    net.bridge.bridge-nf-call-ip6tables=1
  # NodePorts on 127.0.0.1 need DNAT of loopback-sourced packets.
  sysctl -qw net.ipv4.conf.all.route_localnet=1

  # A dummy interface where the kernel has the driver; otherwise an empty
  # bridge, which holds an address just the same.
  if ! ip link show "${NODE_IFACE}" >/dev/null 2>&1; then
    ip link add "${NODE_IFACE}" type dummy 2>/dev/null || ip link add "${NODE_IFACE}" type bridge
  fi
  ip addr replace "${NODE_IP}/32" dev "${NODE_IFACE}"
  ip link set "${NODE_IFACE}" up

  # The CNI bridge plugin adopts an existing bridge and its gateway address.
  if ! ip link show "${CNI_BRIDGE}" >/dev/null 2>&1; then
    ip link add "${CNI_BRIDGE}" type bridge
  fi
  ip addr replace "${POD_GATEWAY}/${POD_CIDR#*/}" dev "${CNI_BRIDGE}"
  ip link set "${CNI_BRIDGE}" up
  # IPv4 only: no link-local IPv6 chatter from our interfaces.
  sysctl -qw "net.ipv6.conf.${NODE_IFACE}.disable_ipv6=1" "net.ipv6.conf.${CNI_BRIDGE}.disable_ipv6=1" 2>/dev/null || true
  # Service IPs are DNATed by kube-proxy in the OUTPUT chain; the route only
  # decides the source address and keeps unmatched ones on this machine.
  ip route replace "${SERVICE_CIDR}" dev "${NODE_IFACE}" src "${NODE_IP}"
}

# ipt_clean CMD: removes the chains kube-proxy and the CNI plugins created
# (KUBE-*, CNI-*) and every rule jumping to them, leaving other rules alone.
ipt_clean() {
  local ipt="$1" table rule chain
  command -v "${ipt}" >/dev/null || return 0
  for table in filter nat mangle raw; do
    "${ipt}" -t "${table}" -S >/dev/null 2>&1 || continue
    # Rules in any chain that jump to one of ours, or sit in one of ours.
    while IFS= read -r rule; do
      [[ -n "${rule}" ]] || continue
      # shellcheck disable=SC2086 # the rule is iptables-save syntax, split on purpose
      eval "\"${ipt}\" -t ${table} ${rule/#-A /-D }" 2>/dev/null || true
    done < <("${ipt}" -t "${table}" -S 2>/dev/null \
      | grep -E '^-A ' | grep -vE '^-A (KUBE-|CNI-)' | grep -E -- '-j (KUBE-|CNI-)' || true)
    for chain in $("${ipt}" -t "${table}" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}'); do
      "${ipt}" -t "${table}" -F "${chain}" 2>/dev/null || true
    done
    for chain in $("${ipt}" -t "${table}" -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^(KUBE-|CNI-)/ {print $2}'); do
      "${ipt}" -t "${table}" -X "${chain}" 2>/dev/null || true
    done
  done
}

net_down() {
  ip link del "${CNI_BRIDGE}" 2>/dev/null || true
  ip route del "${SERVICE_CIDR}" 2>/dev/null || true
  ip link del "${NODE_IFACE}" 2>/dev/null || true
  ipt_clean iptables
  ipt_clean ip6tables
}
