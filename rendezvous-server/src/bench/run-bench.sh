#!/usr/bin/env bash
# Load benchmark of the rendezvous server: builds the server jar, starts it as its own process with the
# production JVM flags below, and drives it from several load-generator processes on loopback.
# Not a test: `mvn test` never runs it. Usage (from anywhere):
#
#   rendezvous-server/src/bench/run-bench.sh [BenchMain options, e.g. --clients 15000 --workers 4]
#   rendezvous-server/src/bench/run-bench.sh --cluster [BenchMain options]
#
# --cluster: first one server with SINGLE_CLIENTS (10,000) clients, then a redis-server of its own and
# three cluster nodes with CLUSTER_CLIENTS (30,000) clients spread over them, in the same run; both
# summaries are printed at the end, side by side.
#
# Environment: SERVER_JVM (the server's JVM flags), SERVER_ARGS (extra server options),
# MVN_ARGS (extra Maven arguments, e.g. -o), SKIP_BUILD=1 (reuse the built jar), SINGLE_CLIENTS and
# CLUSTER_CLIENTS (--cluster).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
module="$repo/rendezvous-server"
jar="$module/target/punchline-server.jar"
classes="$module/target/bench-classes"
work=$(mktemp -d "${TMPDIR:-/tmp}/punchline-bench.XXXXXX")

# The flags we recommend for production: the serial collector (one I/O thread does all the work, so a
# concurrent or parallel collector buys nothing and costs memory and threads); a fixed 256 MiB heap
# (the live set is ~126 MiB at 15,000 TLS clients; a fixed size avoids the full collections of growing it);
# capped metaspace, code cache and direct memory; exit on OutOfMemoryError so systemd restarts us.
SERVER_JVM=${SERVER_JVM:-"-XX:+UseSerialGC -Xms256m -Xmx256m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError"}
# --heartbeat 5 (production default 15) makes the idle timeout 16.7 s, shorter than the 20 s hold: a
# client that failed to answer pings would be dropped while we watch. It triples the ping load.
# Every generated client comes from 127.0.0.1, one "address" to the flood limits (issue 12), which would
# refuse all but a few: they are off here, as the limit per address always was. This measures capacity.
SERVER_ARGS=${SERVER_ARGS:-"--heartbeat 5 --max-per-address 0 --connections-per-second 0 --joins-per-minute 0 --room-joins-per-second 0 --requests-per-minute 10000000"}

cluster=0
if [ "${1:-}" = --cluster ]; then
  cluster=1
  shift
fi

pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the server jar as NAME with extra options; sets started_pid and started_port.
start_server() {
  local name=$1
  shift
  echo "== starting $name: java $SERVER_JVM -jar punchline-server.jar --port 0 --bind 127.0.0.1 --no-console $SERVER_ARGS $*"
  # shellcheck disable=SC2086
  java $SERVER_JVM -jar "$jar" --port 0 --bind 127.0.0.1 --no-console $SERVER_ARGS "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  started_pid=$!
  pids+=("$started_pid")
  started_port=
  for _ in $(seq 1 150); do
    started_port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/$name.out")
    [ -n "$started_port" ] && break
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.1
  done
  if [ -z "$started_port" ]; then
    echo "$name did not start:"; cat "$work/$name.out" "$work/$name.err"; exit 1
  fi
  echo "== $name: pid $started_pid on 127.0.0.1:$started_port"
}

stop_server() {
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

show_server_log() {
  if grep -qv ' INFO ' "$work/$1.err" 2>/dev/null; then
    echo "== $1 log (warnings and errors):"; grep -v ' INFO ' "$work/$1.err" | head -20
  fi
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building the server jar"
  (cd "$repo" && mvn -q ${MVN_ARGS:-} -pl shared-protocol,rendezvous-server package -DskipTests)
fi
rm -rf "$classes" && mkdir -p "$classes"
javac --release 17 -Xlint:all -d "$classes" -cp "$jar" $(find "$here/java" -name '*.java')

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), open files per process $(ulimit -n)"
java -version 2>&1 | sed 's/^/   /'

bench() {
  java -XX:+UseSerialGC -cp "$classes:$jar" punchline.bench.BenchMain "$@"
}

status=0
if [ "$cluster" -eq 0 ]; then
  start_server server
  bench --port "$started_port" --server-pid "$started_pid" "$@" || status=$?
  show_server_log server
  exit $status
fi

echo "== 1/2: one server, ${SINGLE_CLIENTS:-10000} clients (the baseline)"
start_server single
single_pid=$started_pid
bench --port "$started_port" --server-pid "$started_pid" --clients "${SINGLE_CLIENTS:-10000}" "$@" \
  | tee "$work/single.txt" || status=$?
show_server_log single
stop_server "$single_pid"

echo "== 2/2: three nodes and Redis, ${CLUSTER_CLIENTS:-30000} clients spread over them"
command -v redis-server >/dev/null || { echo "redis-server is not installed (scripts/ensure-packages.sh redis-server)"; exit 1; }
redis_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work/redis" \
  --loglevel warning >"$work/redis.out" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
for _ in $(seq 1 100); do
  redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
  sleep 0.1
done
echo "== redis-server: pid $redis_pid on 127.0.0.1:$redis_port ($(redis-server --version | cut -d' ' -f3))"
node_ports=()
node_pids=()
for n in 1 2 3; do
  start_server "node$n" --cluster "redis://127.0.0.1:$redis_port" --node-id "bench-node$n" --advertise 127.0.0.1
  node_ports+=("$started_port")
  node_pids+=("$started_pid")
done
bench --ports "$(IFS=,; echo "${node_ports[*]}")" --server-pids "$(IFS=,; echo "${node_pids[*]}")" \
  --redis-pid "$redis_pid" --clients "${CLUSTER_CLIENTS:-30000}" "$@" | tee "$work/cluster.txt" || status=$?
for n in 1 2 3; do show_server_log "node$n"; done

echo
echo "== one server (${SINGLE_CLIENTS:-10000} clients):"
sed -n '/^| metric/,$p' "$work/single.txt"
echo
echo "== three nodes and Redis (${CLUSTER_CLIENTS:-30000} clients):"
sed -n '/^| metric/,$p' "$work/cluster.txt"
exit $status
