#!/usr/bin/env bash
# Installs the .deb that `mvn -Pdist package` built on this machine and checks it as a user meets it:
#   1. dpkg -i (apt-get -f install for missing dependencies); the package is installed;
#   2. the menu entry is in /usr/share/applications, valid (desktop-file-validate), in the Network
#      category, and its Exec line is the installed launcher, /opt/punchline/bin/punchline; the launcher
#      runs with -Xshare:on (the runtime's class data sharing archive survived the install) and passes
#      the client's JVM flags (desktop-client/jvm-options);
#   3. two consoles through the installed launcher (`punchline --console`) join a rendezvous server on
#      loopback, connect to each other and exchange a message: the bundled runtime does TLS 1.3 with
#      EC P-256 keys (a runtime without jdk.crypto.ec cannot even create an identity);
#   4. the menu entry's command starts the app under Xvfb (a temporary HOME and XDG_CONFIG_HOME whose
#      settings join that server, so port 3333 is never used); a window titled "Punchline" appears, its
#      class is the menu entry's StartupWMClass, and it is screenshot to
#      packaging/target/verify-screenshot.png; SIGTERM ends the app;
#   5. dpkg --purge removes it all: /opt/punchline and the menu entry are gone.
#
#   packaging/verify-dist.sh [DEB]        (default: packaging/target/dist/punchline_*.deb)
#
# It ends with a line "verify-dist: N passed, N failed". Exit status: 0 all checks passed, 1 a check
# failed, 77 skipped because it cannot run here (not Linux with dpkg, not root, no .deb built, or
# Punchline already installed: it never replaces a real install).
# Missing tools (xvfb, xauth, xdotool, x11-utils, imagemagick, desktop-file-utils) are installed first.
# A desktop has the XDG menu folders (/etc/xdg/menus, /usr/share/desktop-directories); where they are
# missing it makes them for the run and removes them after. It stops only the processes it started.
# About 10 s once the .deb's dependencies are on the machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"

passed=0
skip() { echo "verify-dist: SKIPPED: $*"; echo "verify-dist: 0 passed, 0 failed, 1 skipped"; exit 77; }
fail() { echo "verify-dist: FAILED: $*" >&2; echo "verify-dist: $passed passed, 1 failed"; exit 1; }
ok() { echo "verify-dist: ok: $*"; passed=$((passed + 1)); }

[ "$(uname -s)" = Linux ] && command -v dpkg >/dev/null || skip "needs Debian or Ubuntu (dpkg)"
[ "$(id -u)" -eq 0 ] || skip "needs root to install the .deb (run it as root, or with sudo)"
deb=${1:-$(ls "$here"/target/dist/punchline_*.deb 2>/dev/null | head -n 1 || true)}
[ -n "$deb" ] && [ -f "$deb" ] || skip "no .deb: build it first with mvn -Pdist package"
if dpkg-query -W -f='${Status}' punchline 2>/dev/null | grep -q 'installed'; then
  skip "the package punchline is already installed here; remove it first (dpkg --purge punchline)"
fi
"$here/../scripts/ensure-packages.sh" xvfb xauth xdotool x11-utils imagemagick desktop-file-utils
command -v java >/dev/null || fail "no java for the rendezvous server (apt-get install openjdk-17-jre-headless)"
server_jar=$here/../rendezvous-server/target/punchline-server.jar
[ -f "$server_jar" ] || skip "no server jar: build it first with mvn -Pdist package"

launcher=/opt/punchline/bin/punchline
entry=/usr/share/applications/punchline-punchline.desktop
screenshot=${VERIFY_SCREENSHOT:-$here/target/verify-screenshot.png}
tmp=$(mktemp -d)
made_dirs=()
installed=no

cleanup() {
  stop_started
  if [ "$installed" = yes ]; then dpkg --purge punchline >/dev/null 2>&1 || true; fi
  local i
  for ((i = ${#made_dirs[@]} - 1; i >= 0; i--)); do rmdir "${made_dirs[i]}" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- 1. Install -----------------------------------------------------------------------------------------
for dir in /etc/xdg/menus /usr/share/desktop-directories; do
  if [ ! -d "$dir" ]; then mkdir -p "$dir"; made_dirs+=("$dir"); fi
done
installed=yes
if ! dpkg -i "$deb" >"$tmp/install.log" 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get -f install -y -q >>"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log" >&2; fail "the .deb did not install"; }
fi
dpkg-query -W -f='${Status}' punchline | grep -q 'install ok installed' \
  || { cat "$tmp/install.log" >&2; fail "the package is not fully installed: $(dpkg-query -W -f='${Status}' punchline)"; }
ok "installed $(basename "$deb") ($(dpkg-query -W -f='${Installed-Size}' punchline) KiB)"

# --- 2. The menu entry ----------------------------------------------------------------------------------
[ -f "$entry" ] || fail "no menu entry at $entry"
desktop-file-validate "$entry" || fail "desktop-file-validate rejects $entry"
exec_line=$(sed -n 's/^Exec=//p' "$entry")
[ "$exec_line" = "$launcher" ] || fail "the menu entry runs '$exec_line', not $launcher"
[ -x "$launcher" ] || fail "$launcher is not executable"
icon=$(sed -n 's/^Icon=//p' "$entry")
[ -f "$icon" ] || fail "the menu entry's icon $icon is missing"
grep -q '^Categories=.*Network;' "$entry" || fail "the menu entry is not in the Network category"
ok "menu entry $entry: Exec=$exec_line, Icon=$icon, $(grep '^Categories=' "$entry")"
JAVA_TOOL_OPTIONS=-Xshare:on "$launcher" --help >/dev/null 2>"$tmp/share.log" \
  || { cat "$tmp/share.log" >&2; fail "the installed runtime cannot use its class data sharing archive"; }
ok "the installed runtime maps its class data sharing archive (-Xshare:on)"
cfg=/opt/punchline/lib/app/punchline.cfg
client_flags=$(grep -v '^\s*#' "$here/../desktop-client/jvm-options" | xargs)
for flag in $client_flags; do
  grep -qxF "java-options=$flag" "$cfg" || fail "the launcher does not pass the client's JVM flag $flag ($cfg)"
done
ok "the launcher passes the client's JVM flags: $client_flags"

# --- 3. Two consoles through the installed launcher: TLS 1.3 peer link ---------------------------------
start_server "$server_jar" "$tmp/server.log"
mkfifo "$tmp/alice.in" "$tmp/bob.in"
for name in alice bob; do
  HOME=$tmp/$name XDG_CONFIG_HOME=$tmp/$name/.config \
    "$launcher" --console --server "127.0.0.1:$SERVER_PORT" --name "$name" --events "$tmp/$name.jsonl" \
    <"$tmp/$name.in" >"$tmp/$name.out" 2>&1 &
  STARTED_PIDS+=($!)
done
exec 3>"$tmp/alice.in" 4>"$tmp/bob.in"
# Waits up to $3 seconds for an event named $2 in $1's journal; prints the line.
await_event() {
  local line
  for _ in $(seq $(($3 * 10))); do
    line=$(grep -m 1 "\"event\":\"$2\"" "$tmp/$1.jsonl" 2>/dev/null || true)
    [ -n "$line" ] && { echo "$line"; return 0; }
    sleep 0.1
  done
  cat "$tmp/$1.out" >&2
  fail "$1: no '$2' event within $3 s"
}
key_of() { sed 's/.*"key":"\([^"]*\)".*/\1/' <<<"$1"; }
line=$(await_event alice welcome 30)
alice=$(key_of "$line")
line=$(await_event bob welcome 30)
bob=$(key_of "$line")
echo "connect $bob" >&3
await_event bob request 15 >/dev/null
echo "accept $alice" >&4
await_event alice connected 20 >/dev/null
await_event bob connected 20 >/dev/null
echo "msg $bob hello from the packaged runtime" >&3
message=$(await_event bob message 15)
grep -q 'hello from the packaged runtime' <<<"$message" || fail "bob got a different message: $message"
echo exit >&3
echo exit >&4
exec 3>&- 4>&-
line=$(await_event alice connected 1)
route=$(sed 's/.*"route":"\([^"]*\)".*/\1/' <<<"$line")
ok "two consoles through $launcher connected ($route) over TLS 1.3 and exchanged a message"
for pid in "${STARTED_PIDS[@]:1}"; do # the consoles quit on 'exit'
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
done

# --- 4. The app from its menu entry, under Xvfb ---------------------------------------------------------
start_xvfb "$tmp"
write_settings "$tmp/desktop/.config" verify
started=$EPOCHREALTIME
HOME=$tmp/desktop XDG_CONFIG_HOME=$tmp/desktop/.config JAVA_TOOL_OPTIONS="-Duser.home=$tmp/desktop" \
  $exec_line >"$tmp/app.log" 2>&1 &
app_pid=$!
STARTED_PIDS+=($app_pid)
window=$(wait_for_window 30) || { cat "$tmp/app.log" >&2; fail "no window titled Punchline within 30 s"; }
size=$(xwininfo -id "$window" | awk '/Width:/ { w = $2 } /Height:/ { h = $2 } END { print w "x" h }')
# Docks match the window to its menu entry (and icon) by StartupWMClass; JavaFX names the window's class
# after the Application class, so a rename there must show up here.
wm_class=$(xprop -id "$window" WM_CLASS | sed 's/.*= "\([^"]*\)".*/\1/')
[ "$wm_class" = "$(sed -n 's/^StartupWMClass=//p' "$entry")" ] \
  || fail "the window's class $wm_class is not the menu entry's StartupWMClass"
ok "a $size window titled Punchline (class $wm_class) appeared $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s after the menu entry's command"
sleep 3 # the first frames, and the connection to the server
mkdir -p "$(dirname "$screenshot")"
import -window root "$screenshot"
colours=$(convert "$screenshot" -format '%k' info:)
[ "$colours" -gt 50 ] || fail "the screenshot $screenshot is nearly blank ($colours colours)"
ok "screenshot $screenshot ($colours colours)"
kill -0 "$app_pid" 2>/dev/null || { cat "$tmp/app.log" >&2; fail "the app ended by itself"; }
kill "$app_pid"
for _ in $(seq 150); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$app_pid" 2>/dev/null && fail "the app did not end within 15 s of SIGTERM"
ok "the app ended on SIGTERM"
if grep -E 'Exception|SEVERE' "$tmp/app.log" >/dev/null; then
  cat "$tmp/app.log" >&2
  fail "the app logged an exception"
fi

# --- 5. Uninstall ---------------------------------------------------------------------------------------
stop_started
dpkg --purge punchline >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log" >&2; fail "dpkg --purge failed"; }
installed=no
[ ! -e /opt/punchline ] || fail "/opt/punchline is still there after the purge"
[ ! -e "$entry" ] || fail "the menu entry is still there after the purge"
ok "purged: /opt/punchline and the menu entry are gone"
echo "verify-dist: $passed passed, 0 failed"
