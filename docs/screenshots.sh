#!/usr/bin/env bash
# Screenshots of the real desktop app for docs/img/, taken on a virtual display (Xvfb).
#
#   bash docs/screenshots.sh            # builds punchline.jar if needed, writes docs/img/*.png
#
# Needs: Java 17, Maven, and the Debian packages libgtk-3-0 libxtst6 xvfb xauth imagemagick xdotool.
# It plays a newcomer: the first start (no settings, so the app hosts a server on port 3333), three
# friends joining from the console client, two requests waiting on the card, a chat, the same window
# at its smallest size, and the people list once a contact has left (offline, greyed). It fails if the
# app warns about its JavaFX setup. Port 3333 must be free.
set -euo pipefail
details_x=${DETAILS_X:-477} details_y=${DETAILS_Y:-183} # where "details" is in the chat shot

root=$(cd "$(dirname "$0")/.." && pwd)
jar="$root/desktop-client/target/punchline.jar"
out="$root/docs/img"
display=":${SCREENSHOT_DISPLAY:-87}"
work=$(mktemp -d)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in Xvfb xdotool import convert java; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install xvfb xauth imagemagick xdotool" >&2; exit 1; }
done
if (exec 3<>/dev/tcp/127.0.0.1/3333) 2>/dev/null; then
  echo "port 3333 is in use; stop whatever listens there first" >&2
  exit 1
fi
[ -f "$jar" ] || (cd "$root" && mvn -q package -DskipTests)
mkdir -p "$out"

# The screen is the window's size, so the window fills it and dialogs centre on it.
Xvfb "$display" -screen 0 1000x660x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls until COMMAND succeeds
  local seconds=$1 what=$2; shift 2
  for _ in $(seq $((seconds * 10))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "timed out waiting for $what" >&2; exit 1
}
shot() { # shot NAME: the whole screen, as a small palette PNG
  sleep 0.7 # let the last frame render
  import -window root "$work/$1.png"
  convert "$work/$1.png" -strip +dither -colors 255 "PNG8:$out/$1.png"
  echo "wrote docs/img/$1.png ($(du -k "$out/$1.png" | cut -f1) KB)"
}
shot_window() { # shot_window NAME WINDOW-ID: just that window
  sleep 0.7
  eval "$(xdotool getwindowgeometry --shell "$2")"
  import -window root -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" "$work/$1.png"
  convert "$work/$1.png" -strip +repage +dither -colors 255 "PNG8:$out/$1.png"
  echo "wrote docs/img/$1.png ($(du -k "$out/$1.png" | cut -f1) KB)"
}
window() { xdotool search --sync --onlyvisible --name "$1" | head -1; }
press() { # press WINDOW-TITLE KEYS...: focus the window and type keys into it
  local id; id=$(window "$1"); shift
  xdotool windowfocus --sync "$id" key --clearmodifiers "$@"
}
console_peer() { # console_peer ID [NAME]: a friend on the console client, fed from a FIFO
  mkfifo "$work/$1.in"
  java -jar "$jar" --console --server 127.0.0.1:3333 --name "${2:-$1}" --config-dir "$work/$1" \
    <"$work/$1.in" >"$work/$1.out" 2>&1 &
  pids+=($!)
  exec {fd}>"$work/$1.in"
  eval "${1}_in=$fd"
}
say() { local fd="${1}_in"; echo "$2" >&"${!fd}"; }

# 1. First start: no settings. The app hosts a server and joins it, then welcomes the newcomer.
XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" java -jar "$jar" >"$work/app.log" 2>&1 &
pids+=($!)
wait_for 30 "the welcome dialog" xdotool search --onlyvisible --name "Welcome to Punchline"
wait_for 10 "the embedded server" bash -c 'exec 3<>/dev/tcp/127.0.0.1/3333'
sleep 1
shot first-start

# The newcomer types a name and starts chatting.
press "Welcome to Punchline" ctrl+a
xdotool type --delay 40 "Ann"
press "Welcome to Punchline" Return
sleep 2

# 2. Friends join; two ask to chat at once (one with a right-to-left name).
console_peer Bob # first, so he is the first row
wait_for 15 "Bob to register" grep -q 'Your key' "$work/Bob.out"
console_peer Cleo
wait_for 15 "Cleo to register" grep -q 'Your key' "$work/Cleo.out"
console_peer Sara سارة
wait_for 15 "Sara to register" grep -q 'Your key' "$work/Sara.out"
say Cleo users
# "  KEY  NAME", the name isolated (FSI ... PDI) as the console prints every remote name.
wait_for 10 "Ann's key" grep -aq '^  [0-9a-z]\{6\}  .*Ann' "$work/Cleo.out"
ann=$(grep -a '^  [0-9a-z]\{6\}  .*Ann' "$work/Cleo.out" | head -1 | cut -c3-8)
shot main-window
say Cleo "connect $ann"
sleep 1
say Sara "connect $ann"
sleep 2
xdotool mousemove 700 400
shot request

# 3. Ann answers Cleo from the keyboard (Ctrl+R opens the request on the card, Enter accepts); they chat.
press Punchline ctrl+r
wait_for 10 "the request dialog" xdotool search --onlyvisible --name "Connection request"
press "Connection request" Return
wait_for 15 "the chat" grep -q 'Connected to' "$work/Cleo.out"
say Cleo "say Hi Ann! This goes straight to your computer, no server in between."
sleep 1
xdotool type --delay 30 "Hi Cleo, it works. Direct, through both our routers."
xdotool key Return
wait_for 10 "Ann's message at Cleo" grep -q 'it works' "$work/Cleo.out"
say Cleo "say Told you. See you tonight?"
# Meanwhile Ann asks Bob too (his row, then Connect): the list shows a pending request with Cancel.
# Cleo, a contact now and online, is the first row; Bob the second.
xdotool mousemove 150 181 click 1
sleep 0.3
xdotool mousemove 58 604 click 1
wait_for 10 "Bob to see the request" grep -q 'wants to connect' "$work/Bob.out"
xdotool mousemove 700 400
shot chat

# 4. The same window at its smallest (half of a 1366x768 laptop screen holds it): the chat's details
# open, Sara's request still waiting; the message box, Send and where friends join stay whole.
xdotool mousemove "$details_x" "$details_y" click 1 # "details" in the chat's header
win=$(window Punchline)
xdotool windowsize --sync "$win" 640 480 || xdotool windowsize "$win" 640 480
sleep 1
xdotool mousemove 10 470 # off every control
shot_window small-window "$win"

# 5. Contacts: Cleo leaves; she stays in the list, offline and greyed, below the people in the room.
xdotool windowsize --sync "$win" 1000 660 || xdotool windowsize "$win" 1000 660
say Cleo exit
sleep 3
xdotool mousemove 990 650 # off every control
shot people

if grep -q "Unsupported JavaFX configuration" "$work/app.log"; then
  echo "the app warned about its JavaFX setup:" >&2
  cat "$work/app.log" >&2
  exit 1
fi
echo "done"
