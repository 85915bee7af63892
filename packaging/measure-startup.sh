#!/usr/bin/env bash
# Measures the time from launching the packaged desktop app to its first frame, under Xvfb.
#
#   packaging/measure-startup.sh [--runs N] [LABEL=LAUNCHER ...]
#
# The launcher defaults to app=<the app-image that `mvn -Pdist package` built>; give
# app=/opt/punchline/bin/punchline for the installed .deb, or several to compare builds. Each round
# starts, one after the other:
#   bare         a bare JavaFX 21 window (bench/BareWindow.java: the system JDK, the JavaFX jars on the
#                module path), the machine's reference: it shows how fast the machine is right now;
#   LABEL        each launcher as on every start but the first: settings and identity already there;
#   LABEL-first  each launcher with only settings.json: it creates its identity (a key pair) at start.
# The rounds interleave the series, so a machine that slows down (it is shared) slows them all.
# Every start is timed from just before the launch to two moments:
#   mapped  a visible window titled "Punchline" exists (xdotool, polled every 10 ms);
#   frame   JavaFX has painted and shown the window's first frame: the time the first PULSE line of
#           JavaFX's pulse logger (-Djavafx.pulseLogger=true) reaches us; it prints after rendering.
# The app joins a rendezvous server on loopback (never port 3333). One untimed round warms the page cache.
# Needs Xvfb and xdotool.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

runs=9
if [ "${1:-}" = --runs ]; then runs=$2; shift 2; fi
[ $# -gt 0 ] || set -- "app=$here/target/dist/app-image/punchline/bin/punchline"
labels=()
declare -A launchers
for arg in "$@"; do
  label=${arg%%=*}
  launchers[$label]=${arg#*=}
  labels+=("$label")
  [ -x "${launchers[$label]}" ] || { echo "no launcher at ${launchers[$label]}: run mvn -Pdist package first" >&2; exit 1; }
done
fx_jars=$here/target/work/fx
server_jar=$here/../rendezvous-server/target/punchline-server.jar
[ -d "$fx_jars" ] || { echo "no JavaFX jars in $fx_jars: run mvn -Pdist package first" >&2; exit 1; }
missing=$(missing_commands Xvfb xdotool javac)
[ -z "$missing" ] || { echo "missing: $missing(apt-get install xvfb xdotool)" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'stop_started; rm -rf "$tmp"' EXIT
start_xvfb "$tmp"
start_server "$server_jar" "$tmp/server.log"
javac -d "$tmp/bare" --module-path "$fx_jars" --add-modules javafx.controls "$here/bench/BareWindow.java"
for label in "${labels[@]}"; do write_settings "$tmp/home-$label/.config" startup; done

# One start: $1 the series, $2 a HOME, then the command. Appends "series mapped_ms frame_ms" to results.
timed_start() {
  local series=$1 home=$2 log=$tmp/run.log t0 mapped frame pid
  shift 2
  : >"$log"
  t0=$EPOCHREALTIME
  HOME=$home XDG_CONFIG_HOME=$home/.config \
    JAVA_TOOL_OPTIONS="-Duser.home=$home -Djavafx.pulseLogger=true -Djavafx.pulseLogger.threshold=0" \
    "$@" > >(while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done >"$log") 2>&1 &
  pid=$!
  STARTED_PIDS+=($pid)
  wait_for_window 30 >/dev/null || { echo "$series: no window within 30 s" >&2; cat "$log" >&2; exit 1; }
  mapped=$EPOCHREALTIME
  for _ in $(seq 1000); do grep -q ' PULSE' "$log" && break; sleep 0.01; done
  frame=$(awk '/ PULSE/ { print $1; exit }' "$log")
  [ -n "$frame" ] || { echo "$series: no frame painted" >&2; exit 1; }
  stop_started_app "$pid"
  awk -v s="$series" -v t0="$t0" -v m="$mapped" -v f="$frame" \
    'BEGIN { printf "%s %.0f %.0f\n", s, (m - t0) * 1000, (f - t0) * 1000 }' >>"$tmp/results"
}

# Ends the app started last (the server and Xvfb stay for the next round).
stop_started_app() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  unset 'STARTED_PIDS[${#STARTED_PIDS[@]}-1]'
}

round() {
  timed_start bare "$tmp/home-bare" java --module-path "$fx_jars" --add-modules javafx.controls \
    -cp "$tmp/bare" BareWindow
  for label in "${labels[@]}"; do
    timed_start "$label" "$tmp/home-$label" "${launchers[$label]}"
    rm -rf "$tmp/home-first"
    write_settings "$tmp/home-first/.config" startup
    timed_start "$label-first" "$tmp/home-first" "${launchers[$label]}"
  done
}

echo "warm-up round (not counted)"
round
: >"$tmp/results"
for i in $(seq "$runs"); do
  round
  echo "round $i: $(tail -n $((1 + 2 * ${#labels[@]})) "$tmp/results" | awk '{ printf "%s %s/%s ms  ", $1, $2, $3 }')"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
echo "launch to mapped window / to first frame, ms, $runs runs each ($(nproc) cores)"
for label in "${labels[@]}"; do echo "  $label = ${launchers[$label]}"; done
printf '%-14s %8s %8s %8s   %9s %8s %8s\n' series 'map p50' min max 'frame p50' min max
for series in bare $(for label in "${labels[@]}"; do echo "$label $label-first"; done); do
  awk -v s=$series '$1 == s { print $2 }' "$tmp/results" >"$tmp/m"
  awk -v s=$series '$1 == s { print $3 }' "$tmp/results" >"$tmp/f"
  printf '%-14s %8s %8s %8s   %9s %8s %8s\n' "$series" "$(median <"$tmp/m")" "$(sort -n "$tmp/m" | head -n 1)" \
    "$(sort -n "$tmp/m" | tail -n 1)" "$(median <"$tmp/f")" "$(sort -n "$tmp/f" | head -n 1)" "$(sort -n "$tmp/f" | tail -n 1)"
done
