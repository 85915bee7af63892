#!/usr/bin/env bash
# Load benchmark of the rendezvous server: builds the server jar, starts it as its own process with the
# production JVM flags below, and drives it from several load-generator processes on loopback.
# Not a test: `mvn test` never runs it. Usage (from anywhere):
#
#   rendezvous-server/src/bench/run-bench.sh [BenchMain options, e.g. --clients 15000 --workers 4]
#
# Environment: SERVER_JVM (the server's JVM flags), SERVER_ARGS (extra server options),
# MVN_ARGS (extra Maven arguments, e.g. -o), SKIP_BUILD=1 (reuse the built jar).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
module="$repo/rendezvous-server"
jar="$module/target/punchline-server.jar"
classes="$module/target/bench-classes"
work=$(mktemp -d "${TMPDIR:-/tmp}/punchline-bench.XXXXXX")

# The flags we recommend for production: the serial collector (one I/O thread does all the work, so a
# concurrent or parallel collector buys nothing and costs memory and threads); a fixed 128 MiB heap
# (the live set is ~25 MiB at 15,000 clients; a fixed size avoids the full collections of growing it);
# capped metaspace, code cache and direct memory; exit on OutOfMemoryError so systemd restarts us.
SERVER_JVM=${SERVER_JVM:-"-XX:+UseSerialGC -Xms128m -Xmx128m -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError"}
# --heartbeat 5 (production default 15) makes the idle timeout 16.7 s, shorter than the 20 s hold: a
# client that failed to answer pings would be dropped while we watch. It triples the ping load.
SERVER_ARGS=${SERVER_ARGS:-"--heartbeat 5 --max-per-address 0"}

server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  echo "== building the server jar"
  (cd "$repo" && mvn -q ${MVN_ARGS:-} -pl shared-protocol,rendezvous-server package -DskipTests)
fi
rm -rf "$classes" && mkdir -p "$classes"
javac --release 17 -Xlint:all -d "$classes" -cp "$jar" $(find "$here/java" -name '*.java')

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), open files per process $(ulimit -n)"
java -version 2>&1 | sed 's/^/   /'

echo "== starting the server: java $SERVER_JVM -jar punchline-server.jar --port 0 --bind 127.0.0.1 --no-console $SERVER_ARGS"
# shellcheck disable=SC2086
java $SERVER_JVM -jar "$jar" --port 0 --bind 127.0.0.1 --no-console $SERVER_ARGS >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/server.out")
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "the server did not start:"; cat "$work/server.out" "$work/server.err"; exit 1
fi
echo "== server pid $server_pid on 127.0.0.1:$port"

status=0
java -XX:+UseSerialGC -cp "$classes:$jar" punchline.bench.BenchMain --port "$port" --server-pid "$server_pid" "$@" || status=$?

if grep -qv ' INFO ' "$work/server.err" 2>/dev/null; then
  echo "== server log (warnings and errors):"; grep -v ' INFO ' "$work/server.err" | head -20
fi
exit $status
