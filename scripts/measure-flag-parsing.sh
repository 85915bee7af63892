#!/usr/bin/env bash
# Times both jars from launch to exit on runs that only parse flags, for a baseline build and this one,
# interleaved round by round so both see the same machine. Prints the medians side by side.
#
#   scripts/measure-flag-parsing.sh BASELINE_TREE [ROUNDS]
#
# BASELINE_TREE is another checkout with its jars built (mvn -B -q package -DskipTests), e.g.
#   git archive COMMIT | tar -x -C /tmp/baseline && (cd /tmp/baseline && mvn -B -q package -DskipTests)
# This tree's jars must be built too. The runs: no flags (the desktop app as the menu starts it; without a
# display it stops once the flags are read), --help, and a bad value (parse, then exit 2).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
baseline=${1:?usage: $0 BASELINE_TREE [ROUNDS]}
rounds=${2:-15}
client=desktop-client/target/punchline.jar
server=rendezvous-server/target/punchline-server.jar
for tree in "$baseline" "$here"; do
  for jar in "$client" "$server"; do
    [ -f "$tree/$jar" ] || { echo "no $tree/$jar: build that tree first" >&2; exit 1; }
  done
done

declare -A times
cases=("client, no flags|$client|" "client --help|$client|--help" "client --local-port x|$client|--local-port x"
       "server --help|$server|--help" "server --port x|$server|--port x")

timed() { # label tree jar args...
  local label=$1 tree=$2 jar=$3 start end
  shift 3
  start=$(date +%s%N)
  env -u DISPLAY -u WAYLAND_DISPLAY java -jar "$tree/$jar" "$@" </dev/null >/dev/null 2>&1 || true
  end=$(date +%s%N)
  times[$label]+="$(((end - start) / 1000000)) "
}

median() { tr ' ' '\n' | grep . | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

for _ in $(seq "$rounds"); do
  for entry in "${cases[@]}"; do
    IFS='|' read -r name jar args <<<"$entry"
    # shellcheck disable=SC2086 # the flags are meant to split into words
    timed "$name|baseline" "$baseline" "$jar" $args
    # shellcheck disable=SC2086
    timed "$name|this" "$here" "$jar" $args
  done
done

echo "launch to exit, ms, median of $rounds interleaved rounds ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '  %-24s %9s %9s %8s\n' run baseline this change
for entry in "${cases[@]}"; do
  name=${entry%%|*}
  b=$(median <<<"${times[$name|baseline]}")
  t=$(median <<<"${times[$name|this]}")
  printf '  %-24s %9d %9d %+8d\n' "$name" "$b" "$t" "$((t - b))"
done
