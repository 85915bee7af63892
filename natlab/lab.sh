#!/usr/bin/env bash
# Punchline NAT lab: NATed hosts in network namespaces, for testing TCP hole punching.
#
#   lab.sh up                 build the lab (tears down any previous one first)
#   lab.sh down               remove every pl-* namespace (and so every veth and bridge); safe to repeat
#   lab.sh status             what is up, with addresses
#   lab.sh exec NAME [CMD..]  run CMD (default: bash) in the namespace of NAME (home1, home2-nat, pl-pub...)
#   lab.sh selftest [--keep]  up, prove each NAT kind behaves as modelled, down (--keep: leave it up)
#   lab.sh scenarios [ARGS]   up, real server and clients in every pair of NATs, down (natlab/scenarios)
#
# The address plan is natlab/topology.txt; docs/nat-lab.md explains the lab. Everything lives in
# namespaces named pl-*: nothing is added to the host's own interfaces, routes or firewall.
# Exit codes: 0 ok, 1 failure, 2 usage, 3 status found no lab, 77 skipped (not root, or no
# network namespaces here); selftest and scenarios exit with their program's code.
set -Eeuo pipefail

readonly PREFIX=pl-
readonly INET_NS=${PREFIX}inet
readonly INET_GW=203.0.113.254
readonly INET_PREFIX_LEN=24
readonly EXIT_SKIP=77
readonly LOCK_FILE=/run/${PREFIX}natlab.lock
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE TOPOLOGY="$HERE/topology.txt"

say() { printf 'natlab: %s\n' "$*"; }
die() { printf 'natlab: error: %s\n' "$*" >&2; exit 1; }

skip() {
  printf '\n%s\n' '************************************************************************' >&2
  printf '*** NAT LAB SKIPPED: %s\n' "$*" >&2
  printf '%s\n\n' '************************************************************************' >&2
  exit "$EXIT_SKIP"
}

preflight() {
  [ "${EUID:-$(id -u)}" -eq 0 ] || skip "needs root to create network namespaces (try: sudo $0 $*)"
  local tool
  for tool in ip iptables-restore sysctl python3; do
    command -v "$tool" >/dev/null 2>&1 \
      || skip "'$tool' not found: install the packages in natlab/requirements.txt"
  done
  [ -e /proc/self/ns/net ] && ip netns list >/dev/null 2>&1 \
    || skip "network namespaces ('ip netns') do not work here"
  # Root in a container may still be refused new namespaces: try one that vanishes with its process.
  case "${1:-}" in
    up|selftest|scenarios)
      if command -v unshare >/dev/null 2>&1 && ! unshare --net true 2>/dev/null; then
        skip "cannot create a network namespace here (unshare --net failed: no CAP_SYS_ADMIN?)"
      fi ;;
  esac
}

# Takes the lab lock so that two lab.sh never build or tear down at the same time.
lock() {
  exec 9>"$LOCK_FILE"
  flock -n 9 && return
  say "waiting for another lab.sh to finish (lock $LOCK_FILE)"
  flock -w 300 9 || die "another lab.sh still holds $LOCK_FILE"
}

lab_namespaces() { ip netns list 2>/dev/null | awk '{print $1}' | grep "^${PREFIX}" || true; }

# Prints the topology records without comments: "router NAME KIND WAN LAN" / "host NAME ON ADDRESS".
records() { grep -Ev '^[[:space:]]*(#|$)' "$TOPOLOGY"; }

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# A namespace with loopback up, no IPv6 (quiet captures), and explicit settings rather than what a
# new namespace may inherit from the host (net.core.devconf_inherit_init_net): reverse-path filtering
# off, forwarding on only for routers, and bridge netfilter off so that frames switched inside a LAN
# bridge (shared-a to shared-b) never meet the NAT's iptables.
make_ns() {
  local ns=$1 forward=$2
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  in_ns "$ns" sysctl -qw \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
    net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
    net.ipv4.ip_forward="$forward"
  if in_ns "$ns" test -d /proc/sys/net/bridge; then
    in_ns "$ns" sysctl -qw net.bridge.bridge-nf-call-iptables=0 \
      net.bridge.bridge-nf-call-ip6tables=0 net.bridge.bridge-nf-call-arptables=0
  fi
}

# Creates a veth pair directly inside two namespaces (never in the host's) and plugs the first end
# into bridge BRIDGE of its namespace.
plug() {
  local ns=$1 port=$2 bridge=$3 peer_ns=$4 peer_if=$5
  ip -n "$ns" link add "$port" type veth peer name "$peer_if" netns "$peer_ns"
  ip -n "$ns" link set "$port" master "$bridge" up
  ip -n "$peer_ns" link set "$peer_if" up
}

make_bridge() {
  local ns=$1 name=$2 address=$3
  ip -n "$ns" link add "$name" type bridge
  ip -n "$ns" addr add "$address" dev "$name"
  ip -n "$ns" link set "$name" up
}

# The firewall of one NAT router (RFC 4787/5382 terms in docs/nat-lab.md).
nat_rules() {
  local kind=$1 masquerade="-A POSTROUTING -o wan -j MASQUERADE"
  [ "$kind" = sym ] && masquerade="$masquerade --random-fully"
  printf '*nat\n%s\nCOMMIT\n*filter\n' "$masquerade"
  # Nothing from the WAN gets forwarded unless it belongs to a connection the LAN started.
  printf '%s\n' \
    '-A FORWARD -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' \
    '-A FORWARD -i wan -j DROP'
  case "$kind" in
    home|sym)  # a home router: unsolicited packets to its WAN address vanish
      printf '%s\n' \
        '-A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT' \
        '-A INPUT -i wan -j DROP' ;;
    rst) ;;    # no INPUT filter, as Linux does by default: the stack answers a SYN with RST
    *) die "unknown NAT kind '$kind' in $TOPOLOGY" ;;
  esac
  printf 'COMMIT\n'
}

make_router() {
  local name=$1 kind=$2 wan=$3 lan=$4 ns="${PREFIX}$1-nat"
  make_ns "$ns" 1
  plug "$INET_NS" "w-$name" br0 "$ns" wan
  ip -n "$ns" addr add "$wan/$INET_PREFIX_LEN" dev wan
  ip -n "$ns" route add default via "$INET_GW"
  make_bridge "$ns" lan "$lan"
  nat_rules "$kind" | in_ns "$ns" iptables-restore
}

make_host() {
  local name=$1 on=$2 address=$3 ns="${PREFIX}$1" gateway router_ns port
  make_ns "$ns" 0
  if [ "$on" = inet ]; then
    plug "$INET_NS" "h-$name" br0 "$ns" eth0
    gateway=$INET_GW
  else
    router_ns="${PREFIX}$on-nat"
    lab_namespaces | grep -qx "$router_ns" || die "host $name: no router '$on' in $TOPOLOGY"
    port="lp$(ip -n "$router_ns" -o link show master lan | wc -l)"
    plug "$router_ns" "$port" lan "$ns" eth0
    gateway=$(ip -n "$router_ns" -4 -o addr show dev lan | awk '{print $4}' | cut -d/ -f1)
  fi
  ip -n "$ns" addr add "$address" dev eth0
  ip -n "$ns" route add default via "$gateway"
}

lab_pids() {
  local ns
  for ns in $(lab_namespaces); do ip netns pids "$ns" 2>/dev/null || true; done | tr '\n' ' '
}

# Processes left inside the lab (agents of an interrupted test, a forgotten shell) would keep a
# deleted namespace alive unseen: end them first, by pid, then delete the namespaces.
cmd_down() {
  local pids ns tries=10
  pids=$(lab_pids)
  if [ -n "${pids// /}" ]; then
    say "stopping processes left in the lab: $pids"
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    while [ -n "$(lab_pids | tr -d ' ')" ] && [ $((tries -= 1)) -gt 0 ]; do sleep 0.1; done
    pids=$(lab_pids)
    # shellcheck disable=SC2086
    [ -z "${pids// /}" ] || kill -KILL $pids 2>/dev/null || true
  fi
  for ns in $(lab_namespaces); do ip netns del "$ns"; done
  [ -z "$(lab_namespaces)" ] || die "namespaces left behind: $(lab_namespaces | tr '\n' ' ')"
}

# A failure or an interrupt half way through up must not leave half a lab behind.
up_aborted() {
  local rc=$?
  trap - EXIT
  say "up failed: tearing down"
  cmd_down || true
  exit "$rc"
}

cmd_up() {
  cmd_down
  trap up_aborted EXIT
  trap 'exit 130' INT TERM
  make_ns "$INET_NS" 0
  make_bridge "$INET_NS" br0 "$INET_GW/$INET_PREFIX_LEN"
  local type name a b c
  while read -r type name a b c; do
    case "$type" in
      router) make_router "$name" "$a" "$b" "$c" ;;
      host) ;;
      *) die "bad record '$type' in $TOPOLOGY" ;;
    esac
  done < <(records)
  while read -r type name a b c; do
    if [ "$type" = host ]; then make_host "$name" "$a" "$b"; fi
  done < <(records)
  trap - EXIT INT TERM
  say "up: $(lab_namespaces | wc -l) namespaces (natlab/lab.sh status to list them)"
}

cmd_status() {
  local namespaces ns
  namespaces=$(lab_namespaces)
  if [ -z "$namespaces" ]; then
    say "down (no ${PREFIX}* namespaces)"
    return 3
  fi
  for ns in $(echo "$namespaces" | sort); do
    printf '%-20s %s\n' "$ns" "$(ip -n "$ns" -4 -o addr show scope global \
      | awk '{printf "%s=%s ", $2, $4}')"
  done
}

cmd_exec() {
  [ $# -ge 1 ] || { echo "usage: $0 exec NAME [CMD...]" >&2; exit 2; }
  local ns=$1; shift
  [[ "$ns" == "$PREFIX"* ]] || ns="$PREFIX$ns"
  lab_namespaces | grep -qx "$ns" \
    || die "no namespace $ns (is the lab up? names: $(lab_namespaces | tr '\n' ' '))"
  [ $# -gt 0 ] || set -- bash
  exec ip netns exec "$ns" "$@"
}

cmd_selftest() {
  local rc=0
  KEEP=0
  [ "${1:-}" = --keep ] && KEEP=1
  cmd_up
  # In the background so that Ctrl-C or a TERM reaches the trap at once, not when the test ends.
  python3 "$HERE/selftest" 9>&- &  # without the lock: a "down" must work even if this outlives us
  SELFTEST_PID=$!
  trap 'trap - EXIT; kill "$SELFTEST_PID" 2>/dev/null || true; wait "$SELFTEST_PID" 2>/dev/null || true
        if [ "$KEEP" -eq 0 ]; then cmd_down; else say "lab left up (--keep)"; fi' EXIT
  trap 'say "interrupted"; exit 130' INT TERM
  wait "$SELFTEST_PID" || rc=$?
  exit "$rc"
}

# Like selftest: the driver runs with --lab-up while this shell holds the lock and tears down after.
cmd_scenarios() {
  local rc=0
  cmd_up
  python3 "$HERE/scenarios" --lab-up "$@" 9>&- &
  SCENARIOS_PID=$!
  trap 'trap - EXIT; kill "$SCENARIOS_PID" 2>/dev/null || true; wait "$SCENARIOS_PID" 2>/dev/null || true
        cmd_down' EXIT
  trap 'say "interrupted"; exit 130' INT TERM
  wait "$SCENARIOS_PID" || rc=$?
  exit "$rc"
}

main() {
  local cmd=${1:-}
  [ $# -gt 0 ] && shift
  case "$cmd" in
    up|down|selftest|scenarios) preflight "$cmd"; lock; "cmd_$cmd" "$@" ;;
    status|exec) preflight "$cmd"; "cmd_$cmd" "$@" ;;
    *) sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
}

main "$@"
