# shellcheck shell=bash
# Simulated nodes: kwok plays the kubelet for nodes that carry its annotation
# and for the pods bound to them. Sourced by cluster/up and cluster/down after
# lib.sh and pki.sh.
#
# Real: etcd, the apiserver, the scheduler, the controller-manager and its HPA,
# metrics-server (it scrapes kwok like a kubelet), Pulumi and the stack.
# Simulated: the nodes' kubelets, the pods' processes and what they use: kwok
# marks a scheduled pod Running and Ready, and reports the CPU named by its
# annotation kwok.x-k8s.io/usage-cpu (1m without one) and the memory named by
# kwok.x-k8s.io/usage-memory (SIM_POD_MEMORY without one).

SIM_PREFIX="feastflow-sim-"
# Where kwok serves the simulated kubelets' API (metrics included): the node
# address, which metrics-server's pod reaches as it reaches the real kubelet.
SIM_KWOK_PORT=10247
SIM_POD_CIDR="10.216.0.0/16"
# A simulated pod's working set when nothing else is said: what the apps'
# real pods use (4–8 % of their 256Mi request).
SIM_POD_MEMORY="20Mi"
# The taint and label a simulated node carries; a workload lands there only
# if it tolerates the taint (the sim stack's scheduling config does).
SIM_TAINT_KEY="kwok.x-k8s.io/node"
SIM_LABEL="type=kwok"
SIM_CONFIG="${FEASTFLOW_STATE}/kwok.yaml"
SIM_KUBECONFIG="${FEASTFLOW_STATE}/kwok.kubeconfig"

sim_kubectl() { "${KUBE_BIN}/kubectl" --kubeconfig "${KUBECONFIG_PATH}" "$@"; }

# kwok's identity: what a kubelet may do to its nodes and their pods, for
# every node kwok manages (the Node authorizer admits one node per identity).
ensure_sim_pki() {
  new_cert kwok ca "/CN=feastflow-kwok" clientAuth
  new_cert kwok-serving ca "/CN=feastflow-kwok" serverAuth "IP:${NODE_IP}"
  write_kubeconfig "${SIM_KUBECONFIG}" kwok
  sim_kubectl apply -f - >/dev/null <<YAML
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: feastflow:kwok}
rules:
- apiGroups: [""]
  resources: [nodes, pods]
  verbs: [get, list, watch, update, patch, delete]
- apiGroups: [""]
  resources: [nodes/status, pods/status]
  verbs: [update, patch]
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, list, watch, create, update, patch]
- apiGroups: ["", events.k8s.io]
  resources: [events]
  verbs: [create, patch, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: feastflow:kwok}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: feastflow:kwok}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: feastflow-kwok}
YAML
}

# kwok's configuration: the stages a simulated node and pod go through, the
# kubelet-style resource metrics it serves, and where the usage comes from.
write_sim_config() {
  cat >"${SIM_CONFIG}" <<YAML
# A new node: Ready, with the address and port its kubelet API is served on.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata: {name: feastflow-node-ready}
spec:
  resourceRef: {apiGroup: v1, kind: Node}
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      {{ range NodeConditions }}
      - lastHeartbeatTime: {{ \$now | Quote }}
        lastTransitionTime: {{ \$now | Quote }}
        message: {{ .message | Quote }}
        reason: {{ .reason | Quote }}
        status: {{ .status | Quote }}
        type: {{ .type | Quote }}
      {{ end }}
      addresses:
      - {address: {{ NodeIP | Quote }}, type: InternalIP}
      - {address: {{ .metadata.name | Quote }}, type: Hostname}
      daemonEndpoints:
        kubeletEndpoint: {Port: {{ NodePort }}}
      nodeInfo:
        architecture: amd64
        operatingSystem: linux
        kubeletVersion: ${KUBERNETES_VERSION}
        kubeProxyVersion: ${KUBERNETES_VERSION}
        containerRuntimeVersion: kwok-${KWOK_VERSION}
        kernelVersion: kwok-${KWOK_VERSION}
        osImage: simulated
        bootID: ""
        machineID: ""
        systemUUID: ""
      phase: Running
---
# A scheduled pod: Running and Ready after a start time like a small app's.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata: {name: feastflow-pod-ready}
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: '.metadata.deletionTimestamp', operator: DoesNotExist}
    - {key: '.status.phase', operator: In, values: [Pending]}
  delay: {durationMilliseconds: 3000, jitterDurationMilliseconds: 4000}
  next:
    statusTemplate: |
      {{ \$now := Now }}
      conditions:
      - {type: PodScheduled, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      - {type: Initialized, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      - {type: ContainersReady, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      - {type: Ready, status: "True", lastTransitionTime: {{ \$now | Quote }}}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: true
        started: true
        restartCount: 0
        state: {running: {startedAt: {{ \$now | Quote }}}}
      {{ end }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName false .metadata.uid .metadata.name .metadata.namespace | Quote }}
      phase: Running
      startTime: {{ \$now | Quote }}
---
# A pod being deleted goes at once (no process to stop).
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata: {name: feastflow-pod-delete}
spec:
  resourceRef: {apiGroup: v1, kind: Pod}
  selector:
    matchExpressions:
    - {key: '.metadata.deletionTimestamp', operator: Exists}
  next:
    delete: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterResourceUsage
metadata: {name: feastflow-usage}
spec:
  usages:
  - usage:
      cpu:
        expression: |
          "kwok.x-k8s.io/usage-cpu" in pod.metadata.annotations
          ? Quantity(pod.metadata.annotations["kwok.x-k8s.io/usage-cpu"]) : Quantity("1m")
      memory:
        expression: |
          "kwok.x-k8s.io/usage-memory" in pod.metadata.annotations
          ? Quantity(pod.metadata.annotations["kwok.x-k8s.io/usage-memory"]) : Quantity("${SIM_POD_MEMORY}")
---
# What metrics-server reads from a kubelet's /metrics/resource, per node.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Metric
metadata: {name: feastflow-resource-metrics}
spec:
  path: "/metrics/nodes/{nodeName}/metrics/resource"
  metrics:
  - {name: scrape_error, dimension: node, kind: gauge, value: '0', help: "1 if there was an error while getting metrics from the node, 0 otherwise"}
  - name: node_cpu_usage_seconds_total
    dimension: node
    kind: counter
    help: "Cumulative cpu time consumed by the node in core-seconds"
    value: 'node.CumulativeUsage("cpu")'
  - name: node_memory_working_set_bytes
    dimension: node
    kind: gauge
    help: "Current working set of the node in bytes"
    value: 'node.Usage("memory")'
  - name: container_cpu_usage_seconds_total
    dimension: container
    kind: counter
    help: "Cumulative cpu time consumed by the container in core-seconds"
    labels:
    - {name: container, value: container.name}
    - {name: namespace, value: pod.metadata.namespace}
    - {name: pod, value: pod.metadata.name}
    # kwok's counter starts at 0 at the first scrape that meets the container, and
    # metrics-server drops a container whose counter reads 0 (a real cAdvisor
    # counter is never 0 once its process has run): 1 µs more makes the first
    # scrape count, so the first rate comes from the second scrape, as the HPA
    # model has it, not the third. A constant leaves every rate as it is.
    value: 'pod.CumulativeUsage("cpu", container.name) + 0.000001'
  - name: container_memory_working_set_bytes
    dimension: container
    kind: gauge
    help: "Current working set of the container in bytes"
    labels:
    - {name: container, value: container.name}
    - {name: namespace, value: pod.metadata.namespace}
    - {name: pod, value: pod.metadata.name}
    value: 'pod.Usage("memory", container.name)'
  - name: container_start_time_seconds
    dimension: container
    kind: gauge
    help: "Start time of the container since unix epoch in seconds"
    labels:
    - {name: container, value: container.name}
    - {name: namespace, value: pod.metadata.namespace}
    - {name: pod, value: pod.metadata.name}
    # Read by metrics-server as a time since the epoch: seconds since the pod's
    # creation is a time in 1970, so it never takes a new container's counter
    # as running from 0 at its start (kwok's starts at its first scrape instead).
    value: 'pod.SinceSecond()'
YAML
}

start_kwok() {
  ensure_sim_pki
  write_sim_config
  start_daemon kwok "${KWOK_BIN}/kwok" --kubeconfig="${SIM_KUBECONFIG}" --config="${SIM_CONFIG}" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector="${SIM_TAINT_KEY}=fake" \
    --node-ip="${NODE_IP}" --node-port="${SIM_KWOK_PORT}" --server-address="${NODE_IP}:${SIM_KWOK_PORT}" \
    --tls-cert-file="${PKI_DIR}/kwok-serving.crt" --tls-private-key-file="${PKI_DIR}/kwok-serving.key" \
    --cidr="${SIM_POD_CIDR}" --node-lease-duration-seconds=40
}

# sim_nodes: the simulated nodes there are now, one name per line.
sim_nodes() {
  sim_kubectl get nodes -l "${SIM_LABEL}" -o name 2>/dev/null | sed 's|^node/||'
}

# add_sim_nodes COUNT CPU MEMORY: nodes ${SIM_PREFIX}1..COUNT with CPU and
# MEMORY allocatable (110 pods each, as a kubelet's default); nodes past COUNT
# from an earlier `up` are removed.
add_sim_nodes() {
  local count="$1" cpu="$2" memory="$3" i name
  ((count == 0)) || for ((i = 1; i <= count; i++)); do
    name="${SIM_PREFIX}${i}"
    cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: ${name}
  annotations:
    ${SIM_TAINT_KEY}: fake
    node.alpha.kubernetes.io/ttl: "0"
    metrics.k8s.io/resource-metrics-path: /metrics/nodes/${name}/metrics/resource
  labels:
    ${SIM_LABEL%%=*}: ${SIM_LABEL#*=}
    kubernetes.io/hostname: ${name}
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
spec:
  taints:
  - {key: ${SIM_TAINT_KEY}, value: fake, effect: NoSchedule}
status:
  allocatable: {cpu: "${cpu}", memory: "${memory}", pods: "110"}
  capacity: {cpu: "${cpu}", memory: "${memory}", pods: "110"}
YAML
  done | sim_kubectl apply -f - >/dev/null
  while read -r name; do
    [[ -n "${name}" ]] || continue
    i="${name#"${SIM_PREFIX}"}"
    if [[ "${i}" =~ ^[0-9]+$ ]] && ((i > count)); then sim_kubectl delete node "${name}" --wait=false >/dev/null; fi
  done < <(sim_nodes)
}

sim_nodes_ready() {
  local want="$1" ready
  ready="$(sim_kubectl get nodes -l "${SIM_LABEL}" \
    -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True || true)"
  ((ready == want))
}

# Stops kwok (its simulated nodes turn NotReady, their pods stay as they were).
stop_kwok() {
  pid_alive kwok || { rm -f "${PID_DIR}/kwok.pid"; return 0; }
  local pid i
  pid="$(<"${PID_DIR}/kwok.pid")"
  log "stopping kwok (pid ${pid})"
  kill -TERM "${pid}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "${pid}" 2>/dev/null || true
  rm -f "${PID_DIR}/kwok.pid"
}
