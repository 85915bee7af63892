#!/usr/bin/env bash
# Records the JDK and JavaFX classes that a start of the desktop app loads, into cds/punchline.classlist.
# build-dist.sh archives them into the runtime (class data sharing), which takes about a quarter off the
# time to the first frame (docs/benchmarks.md). Run it after `mvn -Pdist package` when the app's start
# has changed a lot, commit the list, and build again. A stale list still works: it only helps less.
# Needs Xvfb and xdotool (apt-get install xvfb xdotool).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
app=${1:-$here/target/dist/app-image/punchline}
server_jar=$here/../rendezvous-server/target/punchline-server.jar
[ -x "$app/bin/punchline" ] || { echo "no app-image at $app: run mvn -Pdist package first" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'stop_started; rm -rf "$tmp"' EXIT
start_xvfb "$tmp"
start_server "$server_jar" "$tmp/server.log"
write_settings "$tmp/config" classlist

HOME=$tmp XDG_CONFIG_HOME=$tmp/config \
  JAVA_TOOL_OPTIONS="-Duser.home=$tmp -XX:DumpLoadedClassList=$tmp/all.classlist" \
  "$app/bin/punchline" >"$tmp/app.log" 2>&1 &
STARTED_PIDS+=($!)
wait_for_window 60 >/dev/null || { cat "$tmp/app.log" >&2; echo "no window appeared" >&2; exit 1; }
sleep 3 # connected, the first frames drawn
stop_started

{
  echo "# The JDK and JavaFX classes a start of the Punchline desktop app loads, in order. Recorded by"
  echo "# packaging/update-classlist.sh; build-dist.sh archives them (class data sharing). Do not edit."
  grep -E '^(java|javax|jdk|sun|com/sun|javafx)/|^@lambda-form-invoker' "$tmp/all.classlist" | grep -v -e ' source: ' -e '\$Proxy'
} >"$here/cds/punchline.classlist"
echo "$(grep -vc '^#' "$here/cds/punchline.classlist") classes recorded in $here/cds/punchline.classlist"
