# Helpers for the packaging scripts (sourced): a private X display, a rendezvous server on loopback,
# the app's config in a temporary folder, and stopping what the script started (and nothing else).

# Processes this script started; stop_started ends them, newest first.
STARTED_PIDS=()

stop_started() {
  local i pid
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${STARTED_PIDS[i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# Starts Xvfb on the first free display and exports DISPLAY. $1: a folder for its log.
start_xvfb() {
  local numfile=$1/xvfb.display
  : >"$numfile"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$numfile" >"$1/xvfb.log" 2>&1 &
  STARTED_PIDS+=($!)
  for _ in $(seq 100); do [ -s "$numfile" ] && break; sleep 0.05; done
  [ -s "$numfile" ] || { echo "Xvfb did not start: $(cat "$1/xvfb.log")" >&2; return 1; }
  export DISPLAY=":$(head -n 1 "$numfile")"
}

# Starts the rendezvous server on a free loopback port; sets SERVER_PORT. $1: the jar, $2: its log.
start_server() {
  java -jar "$1" --port 0 --bind 127.0.0.1 --no-console >"$2" 2>&1 &
  STARTED_PIDS+=($!)
  SERVER_PORT=
  for _ in $(seq 200); do
    SERVER_PORT=$(sed -n 's/^Punchline server listening on port \([0-9]*\)\..*/\1/p' "$2")
    [ -n "$SERVER_PORT" ] && return 0
    sleep 0.05
  done
  echo "the server did not start: $(cat "$2")" >&2
  return 1
}

# Writes the app's settings into $1/punchline (an XDG_CONFIG_HOME): join the server on loopback, so the
# app never hosts one on port 3333 (another Punchline on this machine may be using it). $2: the name.
write_settings() {
  mkdir -p "$1/punchline"
  printf '{"name":"%s","hostServer":false,"hostPort":3333,"server":"127.0.0.1:%s"}\n' "$2" "$SERVER_PORT" \
    >"$1/punchline/settings.json"
}

# Waits up to $1 seconds for a visible window titled exactly "Punchline"; prints its id.
wait_for_window() {
  local deadline=$((SECONDS + $1)) id
  while [ $SECONDS -lt $deadline ]; do
    id=$(xdotool search --onlyvisible --name '^Punchline$' 2>/dev/null | head -n 1) && [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.01
  done
  return 1
}

# The missing commands among the arguments, or nothing.
missing_commands() {
  local c
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || printf '%s ' "$c"; done
}
