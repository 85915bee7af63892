#!/usr/bin/env bash
# Punchline NAT lab: NATed hosts in network namespaces, for testing TCP hole punching.
#
#   lab.sh up [--delay-ms MS]   build the lab (tears down any previous one first); MS one-way delay
#                               per NAT uplink (default $NATLAB_DELAY_MS, else 0: no delay element at all)
#   lab.sh down                 remove every pl-* namespace (and so every veth and bridge); safe to repeat
#   lab.sh delay [MS]           print, or change, the uplink delay of the lab that is up
#   lab.sh status               what is up, with addresses and the delay
#   lab.sh exec NAME [CMD..]    run CMD (default: bash) in the namespace of NAME (home1, home2-nat, pl-pub...)
#   lab.sh selftest [--keep] [--delay-ms MS]   up, prove the NATs and the delay behave as modelled, down
#   lab.sh scenarios [ARGS]     up, real server and clients in every pair of NATs, down (natlab/scenarios)
#   lab.sh bench-connect [ARGS] up, the connect benchmark (natlab/bench-connect), down; not a test
#
# The address plan is natlab/topology.txt; docs/nat-lab.md explains the lab. Everything lives in
# namespaces named pl-*: nothing is added to the host's own interfaces, routes or firewall.
# Exit codes: 0 ok, 1 failure, 2 usage, 3 status found no lab, 77 skipped (not root, or no
# network namespaces here); selftest, scenarios and bench-connect exit with their program's code.
set -Eeuo pipefail

readonly PREFIX=pl-
readonly INET_NS=${PREFIX}inet
readonly INET_GW=203.0.113.254
readonly INET_PREFIX_LEN=24
readonly EXIT_SKIP=77
readonly LOCK_FILE=/run/${PREFIX}natlab.lock
readonly STATE_DIR=/run/${PREFIX}natlab  # the delay setting, the delay elements' pids and logs
readonly MAX_DELAY_MS=1000
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE TOPOLOGY="$HERE/topology.txt"
readonly DELAY_SOURCE="$HERE/delay/nfq-delay.c" DELAY_BIN="$HERE/build/nfq-delay"

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
    up|selftest|scenarios|bench-connect)
      if command -v unshare >/dev/null 2>&1 && ! unshare --net true 2>/dev/null; then
        skip "cannot create a network namespace here (unshare --net failed: no CAP_SYS_ADMIN?)"
      fi ;;
  esac
}

# Takes the lab lock so that two lab.sh never build or tear down at the same time. A driver that a
# locked lab.sh started (selftest, scenarios, bench-connect change the delay between checks) runs
# lab.sh under that lock: NATLAB_LOCK_OWNER names the lab.sh holding it, trusted only while that
# process still has the lock file open and the lock is taken.
lock() {
  if [ -n "${NATLAB_LOCK_OWNER:-}" ] && lock_held_by "$NATLAB_LOCK_OWNER"; then
    return
  fi
  exec 9>"$LOCK_FILE"
  if ! flock -n 9; then
    say "waiting for another lab.sh to finish (lock $LOCK_FILE)"
    flock -w "${NATLAB_LOCK_WAIT:-3600}" 9 || die "another lab.sh still holds $LOCK_FILE"
  fi
  export NATLAB_LOCK_OWNER=$$
}

lock_held_by() {
  local pid=$1
  [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(readlink "/proc/$pid/fd/9" 2>/dev/null)" = "$LOCK_FILE" ] \
    && ! flock -n "$LOCK_FILE" true
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

# ---------------------------------------------------------------- the delay element (natlab/delay)
#
# Every NAT uplink gets the same one-way delay D. A delay element (nfq-delay, built here from
# natlab/delay/nfq-delay.c) holds each packet that an NFQUEUE rule hands it for a fixed time. The
# rules sit in the raw table's PREROUTING of every namespace on the internet bridge, so a packet is
# delayed where it *arrives*, before conntrack and NAT see it: a router adds D for its own uplink and
# D more when the packet left by another router's uplink; the server and pub (no NAT, no uplink of
# their own) add D to what comes from a router. A NAT's mapping therefore opens when its host's SYN
# leaves it, as on a real line (a packet held on its way out of a router would hold the mapping back
# with it: conntrack confirms a connection only after POSTROUTING). Peer to peer a round trip is 4 D,
# client to server 2 D. D = 0: no rules and no process at all. --queue-bypass makes a rule whose
# reader has gone let packets through instead of dropping them.

# A zombie (a child of this shell that has exited) is not running.
running() { local state; state=$(ps -o stat= -p "$1" 2>/dev/null) && [[ "$state" != Z* ]]; }

readonly DELAY_CHAIN=natlab-delay DELAY_QUEUE_ONE_UPLINK=1 DELAY_QUEUE_TWO_UPLINKS=2

lab_delay() { cat "$STATE_DIR/delay-ms" 2>/dev/null || echo 0; }

check_delay() {
  [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -le "$MAX_DELAY_MS" ] \
    || { echo "natlab: the delay must be 0-$MAX_DELAY_MS ms, not '$1'" >&2; exit 2; }
}

# Builds the delay element when its source is newer than the binary (gcc, libnetfilter-queue-dev).
build_delay() {
  [ -x "$DELAY_BIN" ] && [ "$DELAY_BIN" -nt "$DELAY_SOURCE" ] && return
  command -v gcc >/dev/null 2>&1 && pkg-config --exists libnetfilter_queue 2>/dev/null \
    || skip "the delay element needs gcc and libnetfilter-queue-dev: install natlab/requirements.txt"
  mkdir -p "$(dirname "$DELAY_BIN")"
  # shellcheck disable=SC2046
  gcc -O2 -Wall -Wextra -Werror -std=c11 -o "$DELAY_BIN.tmp" "$DELAY_SOURCE" \
    $(pkg-config --cflags --libs libnetfilter_queue) || die "cannot build $DELAY_SOURCE"
  mv "$DELAY_BIN.tmp" "$DELAY_BIN"
}

# The delay rules of every namespace on the internet bridge, one a line, in order (the first match
# wins): "NAMESPACE INTERFACE one|two SOURCE" (one or two uplinks' delay; SOURCE -: anything else).
# Read it whole ($(delay_plan)): a reader that stops early would kill it with SIGPIPE under pipefail.
delay_plan() {
  local type name a b c inet_hosts=() router_wans=() routers=()
  while read -r type name a b c; do
    case "$type" in
      router) routers+=("$name"); router_wans+=("$b") ;;
      host) [ "$a" = inet ] && inet_hosts+=("$name ${b%/*}") ;;
    esac
  done < <(records)
  local router host wan
  for router in "${routers[@]}"; do
    for host in "${inet_hosts[@]}"; do echo "${PREFIX}$router-nat wan one ${host#* }"; done
    echo "${PREFIX}$router-nat wan two -"
  done
  for host in "${inet_hosts[@]}"; do
    for wan in "${router_wans[@]}"; do echo "${PREFIX}${host%% *} eth0 one $wan"; done
  done
}

# The raw table of namespace NS (iptables-restore input) from the plan.
delay_rules() {
  local ns=$1 plan=$2 ns_ interface kind source queue hooked=0
  printf '*raw\n:%s - [0:0]\n' "$DELAY_CHAIN"
  while read -r ns_ interface kind source; do
    [ "$ns_" = "$ns" ] || continue
    if [ "$hooked" -eq 0 ]; then
      printf -- '-A PREROUTING -i %s -j %s\n' "$interface" "$DELAY_CHAIN"
      hooked=1
    fi
    queue=$DELAY_QUEUE_ONE_UPLINK
    [ "$kind" = two ] && queue=$DELAY_QUEUE_TWO_UPLINKS
    [ "$source" = - ] && source= || source="-s $source "
    printf -- '-A %s %s-j NFQUEUE --queue-num %s --queue-bypass\n' "$DELAY_CHAIN" "$source" "$queue"
  done <<<"$plan"
  printf 'COMMIT\n'
}

# Starts a delay element in every namespace on the internet bridge, then hooks it in (rules last, so
# that no packet waits for a reader that is not there yet).
delay_start() {
  local ms=$1 plan ns pid log queues tries
  mkdir -p "$STATE_DIR/delay"
  echo "$ms" >"$STATE_DIR/delay-ms"
  [ "$ms" -eq 0 ] && return
  build_delay
  plan=$(delay_plan)
  for ns in $(awk '{print $1}' <<<"$plan" | uniq); do
    queues=(--queue "$DELAY_QUEUE_ONE_UPLINK:$ms")
    if awk -v ns="$ns" '$1 == ns && $3 == "two" {found = 1} END {exit !found}' <<<"$plan"; then
      queues+=(--queue "$DELAY_QUEUE_TWO_UPLINKS:$((2 * ms))")
    fi
    log="$STATE_DIR/delay/$ns.log"
    : >"$log"  # there before the wait below reads it (the child opens it only once it runs)
    # Its own session: a Ctrl-C at the terminal must not stop it under a running lab; lab.sh does.
    setsid ip netns exec "$ns" "$DELAY_BIN" "${queues[@]}" </dev/null >"$log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$STATE_DIR/delay/$ns.pid"
    tries=100
    until grep -q '^ready' "$log"; do
      running "$pid" || die "the delay element in $ns did not start: $(tr '\n' ' ' <"$log")"
      [ $((tries -= 1)) -gt 0 ] || die "the delay element in $ns was not ready within 5 s"
      sleep 0.05
    done
    delay_rules "$ns" "$plan" | in_ns "$ns" iptables-restore
  done
}

# Unhooks the delay elements, then stops each by its pid (checked to be one of ours, in its
# namespace): on TERM it still lets the packets it holds go on time, then exits.
delay_stop() {
  local pidfile ns pid pids=() waited=0
  [ -d "$STATE_DIR/delay" ] || return 0
  for pidfile in "$STATE_DIR"/delay/*.pid; do
    [ -e "$pidfile" ] || continue
    ns=$(basename "$pidfile" .pid)
    pid=$(cat "$pidfile")
    in_ns "$ns" iptables-restore <<<$'*raw\nCOMMIT' 2>/dev/null || true
    if [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = nfq-delay ] \
        && [ "$(ip netns identify "$pid" 2>/dev/null)" = "$ns" ]; then
      kill -TERM "$pid" 2>/dev/null && pids+=("$pid")
    fi
    rm -f "$pidfile"
  done
  # Each exits within its longest delay (at most 2 x 1000 ms) plus a second; KILL what is left after 4 s.
  for pid in "${pids[@]}"; do
    while running "$pid" && [ "$waited" -lt 80 ]; do sleep 0.05; waited=$((waited + 1)); done
    if running "$pid"; then say "delay element $pid did not stop on TERM: KILL"; kill -KILL "$pid"; fi
  done
  # A full queue drops packets: worth a word (each element logs its counts when it stops).
  grep -H ' [1-9][0-9]* dropped' "$STATE_DIR"/delay/*.log 2>/dev/null | sed 's/^/natlab: /' || true
  echo 0 >"$STATE_DIR/delay-ms"
}

lab_pids() {
  local ns
  for ns in $(lab_namespaces); do ip netns pids "$ns" 2>/dev/null || true; done | tr '\n' ' '
}

# Processes left inside the lab (agents of an interrupted test, a forgotten shell) would keep a
# deleted namespace alive unseen: end them first, by pid, then delete the namespaces.
cmd_down() {
  local pids ns tries=10
  delay_stop
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
  rm -rf "$STATE_DIR"
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

# Reads --delay-ms MS from the arguments (default: $NATLAB_DELAY_MS, else 0) into DELAY_MS; the other
# arguments are left in ARGS.
delay_option() {
  DELAY_MS=${NATLAB_DELAY_MS:-0}
  ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --delay-ms) [ $# -ge 2 ] || { echo "natlab: --delay-ms needs a value" >&2; exit 2; }
                  DELAY_MS=$2; shift 2 ;;
      --delay-ms=*) DELAY_MS=${1#*=}; shift ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
  check_delay "$DELAY_MS"
}

cmd_up() {
  delay_option "$@"
  [ ${#ARGS[@]} -eq 0 ] || { echo "natlab: up takes only --delay-ms MS, not '${ARGS[*]}'" >&2; exit 2; }
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
  delay_start "$DELAY_MS"
  trap - EXIT INT TERM
  say "up: $(lab_namespaces | wc -l) namespaces, uplink delay $DELAY_MS ms (natlab/lab.sh status to list them)"
}

# Changes the uplink delay of the lab that is up (the drivers use it between checks).
cmd_delay() {
  if [ $# -eq 0 ]; then lab_delay; return; fi
  check_delay "$1"
  [ -n "$(lab_namespaces)" ] || die "no lab is up (natlab/lab.sh up)"
  delay_stop
  trap 'say "could not set the delay: none now"; delay_stop' EXIT
  delay_start "$1"
  trap - EXIT
  say "uplink delay now $1 ms"
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
  echo "uplink delay: $(lab_delay) ms one way per NAT uplink"
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
  delay_option "$@"
  set -- "${ARGS[@]}"
  [ "${1:-}" = --keep ] && KEEP=1
  cmd_up --delay-ms "$DELAY_MS"
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
# The scenarios and the benchmark set the delay themselves (lab.sh delay), so the lab starts at 0.
cmd_driver() {
  local program=$1 rc=0
  shift
  cmd_up --delay-ms 0
  python3 "$HERE/$program" --lab-up "$@" 9>&- &
  DRIVER_PID=$!
  trap 'trap - EXIT; kill "$DRIVER_PID" 2>/dev/null || true; wait "$DRIVER_PID" 2>/dev/null || true
        cmd_down' EXIT
  trap 'say "interrupted"; exit 130' INT TERM
  wait "$DRIVER_PID" || rc=$?
  exit "$rc"
}

cmd_scenarios() { cmd_driver scenarios "$@"; }
cmd_bench-connect() { cmd_driver bench-connect "$@"; }

main() {
  local cmd=${1:-}
  [ $# -gt 0 ] && shift
  case "$cmd" in
    delay) preflight "$cmd"; [ $# -eq 0 ] || lock; cmd_delay "$@" ;;  # reading it needs no lock
    up|down|selftest|scenarios|bench-connect) preflight "$cmd"; lock; "cmd_$cmd" "$@" ;;
    status|exec) preflight "$cmd"; "cmd_$cmd" "$@" ;;
    *) sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2 ;;
  esac
}

main "$@"
