# shellcheck shell=bash
# Integrity of the Go modules the cluster toolchain is built from. Sourced by
# cluster/build and cluster/build-pulumi (after their log/die and
# CLUSTER_DIR).
#
# The checksum database (sum.golang.org) is unreachable here, so the builds
# run with GOSUMDB=off, and Go would take whatever the module proxy serves for
# a module its go.sum does not list. So:
# - cluster/modules.sum pins the h1: hashes of what upstream's own go.sum
#   cannot vouch for: the modules the builds name (k8s.io/kubernetes, etcd's
#   server and etcdctl, ...) and the ones upstream builds from its own tree
#   (the Kubernetes staging modules, etcd's api/client/pkg modules, ...),
#   and the odd module a wrapper's `go mod tidy` fetches beyond upstream's
#   list. Each component has a section, `# component: NAME`.
# - Before a build, the pinned modules' hashes (as Go computes them on
#   download) must equal the pins.
# - Each wrapper module's go.sum starts as those pins plus upstream's go.sum,
#   so Go checks every dependency against the hash upstream declared and
#   stops on a difference ("checksum mismatch ... SECURITY ERROR").
# - A module the wrapper needs that neither lists fails the build: nothing is
#   taken on trust.
# cluster/pin-modules regenerates modules.sum (after a version bump): it runs
# the builds' module resolution with FEASTFLOW_PIN_DIR set, where the checks
# record instead of fail.

MODULES_SUM="${CLUSTER_DIR}/modules.sum"
MODULES_SUM_HINT="if a version in versions.env changed on purpose, run cluster/pin-modules and review the diff"

# pinning: true while cluster/pin-modules collects new pins.
pinning() { [[ -n "${FEASTFLOW_PIN_DIR:-}" ]]; }

# pins_of COMPONENT: the go.sum lines pinned for COMPONENT.
pins_of() {
  [[ -f "${MODULES_SUM}" ]] || die "missing ${MODULES_SUM}; run cluster/pin-modules"
  awk -v want="$1" '
    /^# component: / { on = ($3 == want); next }
    /^#/ || NF == 0  { next }
    on' "${MODULES_SUM}"
}

# gomod_h1 FILE: the h1: hash Go records for a go.mod file (a dirhash of one
# file named go.mod).
gomod_h1() {
  printf '%s  go.mod\n' "$(sha256sum <"$1" | cut -d' ' -f1)" \
    | openssl dgst -sha256 -binary | base64 | sed 's/^/h1:/'
}

# go_json_fields FIELD... : one line per object of Go's -json stream, with
# the named string fields separated by spaces ("-" when absent).
go_json_fields() {
  awk -v fields="$*" '
    BEGIN { n = split(fields, f, " ") }
    /^\{/ { delete v; next }
    /^\}/ {
      line = ""
      for (i = 1; i <= n; i++) line = line (i > 1 ? " " : "") (f[i] in v ? v[f[i]] : "-")
      print line; next
    }
    /^\t"[A-Za-z]+": "/ { split($0, p, "\""); v[p[2]] = p[4] }'
}

# in_go_env [--cached] CMD...: runs CMD from an empty dir (no surrounding
# go.mod is consulted); with --cached, Go may not reach the module proxy.
in_go_env() {
  local tmp rc=0
  tmp="$(mktemp -d)"
  if [[ "$1" == --cached ]]; then
    shift
    (cd "${tmp}" && GOPROXY=off "$@") || rc=$?
  else
    (cd "${tmp}" && "$@") || rc=$?
  fi
  rm -rf "${tmp}"
  return "${rc}"
}

# module_sums [--cached] MODULE@VERSION...: the go.sum lines Go computes for
# each module, its zip and its go.mod. With --cached, only from the module
# cache, leaving out what is not there; otherwise a module Go cannot fetch
# ends the output with "error: <Go's message>" and a failure.
module_sums() {
  local cached=""
  if [[ "${1:-}" == --cached ]]; then cached=--cached; shift; fi
  (($#)) || return 0
  { in_go_env ${cached:+"${cached}"} go mod download -json "$@" 2>/dev/null || true; } \
    | go_json_fields Path Version Sum GoModSum Error \
    | awk -v cached="${cached}" '
      $5 != "-" { if (cached) next; $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print "error: " $0; exit 1 }
      { print $1, $2, $3; print $1, $2 "/go.mod", $4 }'
}

# gomod_sums [--cached] MODULE@VERSION...: the go.sum lines of the go.mod
# files alone, for modules no build takes code from (fetching their zips
# would be waste); what Go cannot fetch is left out.
gomod_sums() {
  local cached="" path version gomod
  if [[ "${1:-}" == --cached ]]; then cached=--cached; shift; fi
  (($#)) || return 0
  while read -r path version gomod; do
    [[ -f "${gomod}" ]] || continue
    echo "${path} ${version}/go.mod $(gomod_h1 "${gomod}")"
  done < <({ in_go_env ${cached:+"${cached}"} go list -m -json "$@" 2>/dev/null || true; } \
    | go_json_fields Path Version GoMod)
}

# verify_pins COMPONENT [--cached]: every module pinned for COMPONENT hashes
# as pinned. With --cached (a component already built) only what the module
# cache holds is checked, and nothing is downloaded.
verify_pins() {
  local component="$1" cached="${2:-}" pins actual bad zips=() mods=()
  pinning && return 0
  pins="$(pins_of "${component}")"
  [[ -n "${pins}" ]] || die "no pins for ${component} in ${MODULES_SUM}; run cluster/pin-modules"
  # Modules with a zip pin get both hashes from `go mod download`; the
  # others only their go.mod's.
  mapfile -t zips < <(awk '$2 !~ /\/go\.mod$/ {print $1 "@" $2}' <<<"${pins}" | LC_ALL=C sort -u)
  mapfile -t mods < <(awk '
    $2 ~ /\/go\.mod$/ { v = $2; sub(/\/go\.mod$/, "", v); m[$1 "@" v] = 1; next }
    { z[$1 "@" $2] = 1 }
    END { for (k in m) if (!(k in z)) print k }' <<<"${pins}" | LC_ALL=C sort)
  actual="$(module_sums ${cached:+"${cached}"} "${zips[@]}")" \
    || die "${component}: cannot fetch a pinned module: ${actual##*error: }"
  actual+=$'\n'"$(gomod_sums ${cached:+"${cached}"} "${mods[@]}")"
  # Pinned lines whose module Go hashed differently.
  bad="$(awk 'NR == FNR { if (NF == 3) got[$1 " " $2] = $3; next }
    (($1 " " $2) in got) && got[$1 " " $2] != $3 {
      printf "  %s %s\n    pinned: %s\n    actual: %s\n", $1, $2, $3, got[$1 " " $2]
    }' <(printf '%s\n' "${actual}") <(printf '%s\n' "${pins}"))"
  if [[ -n "${bad}" ]]; then
    log "error: ${component}: module hashes differ from ${MODULES_SUM}:"
    printf '%s\n' "${bad}" >&2
    die "refusing to build ${component} from modules that are not the pinned ones; ${MODULES_SUM_HINT}"
  fi
  [[ -z "${cached}" ]] || return 0
  # Without --cached every pin must have been checked.
  bad="$(LC_ALL=C comm -23 <(awk '{print $1, $2}' <<<"${pins}" | LC_ALL=C sort -u) \
    <(awk 'NF == 3 {print $1, $2}' <<<"${actual}" | LC_ALL=C sort -u))"
  [[ -z "${bad}" ]] || die "${component}: could not hash pinned modules: ${bad//$'\n'/, }"
}

# seed_go_sum COMPONENT DIR UPSTREAM_GO_SUM...: DIR/go.sum becomes the pins
# of COMPONENT plus upstream's go.sum files (only those while pinning); a
# copy stays in DIR/go.sum.seed for check_go_sum. Two different hashes for
# one module fail, as Go would then accept either.
seed_go_sum() {
  local component="$1" dir="$2" conflicts; shift 2
  {
    pinning || pins_of "${component}"
    cat "$@"
  } | LC_ALL=C sort -u >"${dir}/go.sum.seed"
  conflicts="$(awk '{ k = $1 " " $2 } (k in h) && h[k] != $3 { print "  " k } { h[k] = $3 }' "${dir}/go.sum.seed")"
  [[ -z "${conflicts}" ]] || die "${component}: conflicting hashes for:"$'\n'"${conflicts}"
  cp "${dir}/go.sum.seed" "${dir}/go.sum"
}

# check_go_sum COMPONENT DIR: after Go resolved the wrapper's modules, every
# line of DIR/go.sum was in its seed. Lines Go added are modules it took
# without a hash to check them against: they fail the build, or, while
# pinning, become COMPONENT's pins.
check_go_sum() {
  local component="$1" dir="$2" added
  added="$(LC_ALL=C comm -13 "${dir}/go.sum.seed" <(LC_ALL=C sort -u "${dir}/go.sum"))"
  [[ -n "${added}" ]] || return 0
  if pinning; then
    printf '%s\n' "${added}" >>"${FEASTFLOW_PIN_DIR}/${component}.sum"
    return 0
  fi
  log "error: ${component}: modules with no pinned or upstream-declared hash:"
  printf '  %s\n' "${added//$'\n'/$'\n'  }" >&2
  die "refusing to build ${component} from unverified modules; ${MODULES_SUM_HINT}"
}
