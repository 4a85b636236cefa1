# shellcheck shell=bash
# Certificates and kubeconfigs for the single-node cluster, made with openssl.
# Sourced by cluster/up after lib.sh. Keys and certificates are created once
# and reused (a certificate whose subject changed is reissued); kubeconfigs
# are rewritten whenever what they should hold changed.

# new_ca NAME CN: a self-signed CA valid for ten years.
new_ca() {
  [[ -f "${PKI_DIR}/$1.crt" ]] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/CN=$2" -keyout "${PKI_DIR}/$1.key" -out "${PKI_DIR}/$1.crt" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null
}

# has_subject NAME SUBJECT: NAME's certificate exists and names SUBJECT
# (in openssl's /O=.../CN=... form).
has_subject() {
  [[ -f "${PKI_DIR}/$1.crt" ]] \
    && [[ "$(openssl x509 -in "${PKI_DIR}/$1.crt" -noout -subject -nameopt compat)" == "subject=$2" ]]
}

# new_cert NAME CA SUBJECT USAGE [SANS]: a leaf certificate signed by CA.
# USAGE is serverAuth, clientAuth or both; SANS an openssl subjectAltName list.
# A certificate made earlier for another subject (say, an admin that was in
# system:masters) is replaced, so a state dir from an older cluster/ upgrades.
new_cert() {
  local name="$1" ca="$2" subj="$3" usage="$4" sans="${5:-}" ext
  has_subject "${name}" "${subj}" && return 0
  ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=${usage}"
    [[ -z "${sans}" ]] || echo "subjectAltName=${sans}"
  } >"${ext}"
  openssl req -new -newkey rsa:2048 -nodes -subj "${subj}" \
    -keyout "${PKI_DIR}/${name}.key" -out "${PKI_DIR}/${name}.csr" 2>/dev/null
  openssl x509 -req -sha256 -days 365 -in "${PKI_DIR}/${name}.csr" \
    -CA "${PKI_DIR}/${ca}.crt" -CAkey "${PKI_DIR}/${ca}.key" -CAcreateserial \
    -extfile "${ext}" -out "${PKI_DIR}/${name}.crt" 2>/dev/null
  rm -f "${ext}" "${PKI_DIR}/${name}.csr"
}

# write_kubeconfig FILE CERT: a kubeconfig for the apiserver authenticating
# with CERT, readable by root only. Rewritten when it differs from what the
# current certificates and address give (e.g. a kubeconfig from before the
# apiserver left 127.0.0.1, or for a replaced certificate).
write_kubeconfig() {
  local file="$1" cert="$2"
  (
    umask 077
    cat >"${file}.tmp" <<YAML
apiVersion: v1
kind: Config
clusters:
- name: feastflow
  cluster:
    server: ${APISERVER_URL}
    certificate-authority-data: $(base64 -w0 "${PKI_DIR}/ca.crt")
users:
- name: ${cert}
  user:
    client-certificate-data: $(base64 -w0 "${PKI_DIR}/${cert}.crt")
    client-key-data: $(base64 -w0 "${PKI_DIR}/${cert}.key")
contexts:
- name: feastflow
  context: {cluster: feastflow, user: ${cert}}
current-context: feastflow
YAML
  )
  if cmp -s "${file}.tmp" "${file}"; then
    rm -f "${file}.tmp"
  else
    mv "${file}.tmp" "${file}"
  fi
}

# etcd has a CA of its own (as with kubeadm): a certificate for the cluster's
# API is no key to its storage. Only the apiserver is an etcd client.
ensure_etcd_pki() {
  new_ca etcd-ca feastflow-etcd-ca
  new_cert etcd-server etcd-ca "/CN=feastflow-etcd" serverAuth,clientAuth "DNS:localhost,IP:127.0.0.1"
  new_cert etcd-peer etcd-ca "/CN=feastflow-etcd" serverAuth,clientAuth "DNS:localhost,IP:127.0.0.1"
  new_cert apiserver-etcd-client etcd-ca "/CN=kube-apiserver-etcd-client" clientAuth
}

ensure_pki() {
  mkdir -p "${PKI_DIR}"
  chmod 700 "${PKI_DIR}"
  new_ca ca feastflow-ca
  new_ca front-proxy-ca feastflow-front-proxy-ca
  ensure_etcd_pki
  new_cert apiserver ca "/CN=kube-apiserver" serverAuth \
    "DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,DNS:${NODE_NAME},IP:127.0.0.1,IP:${NODE_IP},IP:${SERVICE_IP}"
  # The apiserver's identity towards kubelets (logs, exec, port-forward).
  new_cert apiserver-kubelet-client ca "/O=system:masters/CN=kube-apiserver-kubelet-client" clientAuth
  # Aggregation layer: the apiserver proxies to metrics-server as this client.
  new_cert front-proxy-client front-proxy-ca "/CN=front-proxy-client" clientAuth
  # The admin is cluster-admin through a ClusterRoleBinding (cluster/up makes
  # it with super-admin), so RBAC can narrow or revoke it; system:masters
  # cannot be revoked short of a new CA.
  new_cert admin ca "/O=${ADMIN_GROUP}/CN=feastflow-admin" clientAuth
  new_cert super-admin ca "/O=system:masters/CN=feastflow-super-admin" clientAuth
  new_cert controller-manager ca "/CN=system:kube-controller-manager" clientAuth
  new_cert scheduler ca "/CN=system:kube-scheduler" clientAuth
  new_cert kube-proxy ca "/CN=system:kube-proxy" clientAuth
  # The Node authorizer admits a kubelet only as system:node:<its node name>.
  new_cert kubelet ca "/O=system:nodes/CN=system:node:${NODE_NAME}" clientAuth
  if [[ ! -f "${PKI_DIR}/sa.key" ]]; then
    openssl genrsa -out "${PKI_DIR}/sa.key" 2048 2>/dev/null
    openssl rsa -in "${PKI_DIR}/sa.key" -pubout -out "${PKI_DIR}/sa.pub" 2>/dev/null
  fi

  local c
  for c in controller-manager scheduler kube-proxy kubelet; do
    write_kubeconfig "${FEASTFLOW_STATE}/${c}.kubeconfig" "$c"
  done
  write_kubeconfig "${KUBECONFIG_PATH}" admin
  write_kubeconfig "${SUPER_ADMIN_KUBECONFIG}" super-admin
}
