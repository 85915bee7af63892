#!/usr/bin/env bash
# Builds Punchline's distribution from the jars Maven made: a jlinked Java runtime with the JavaFX
# modules, the desktop app-image (jpackage) and its tarball, the .deb, and the server bundle.
# `mvn -Pdist package` runs it (packaging/pom.xml) with these variables:
#   JDK_HOME     the JDK whose jlink and jpackage to use (Maven's own)
#   VERSION      the project version (a -SNAPSHOT suffix is dropped: jpackage wants numbers)
#   DEPS_DIR     the desktop client's jar and every runtime dependency jar (maven-dependency-plugin)
#   SERVER_JAR   rendezvous-server/target/punchline-server.jar
#   CLIENT_JAR   desktop-client/target/punchline.jar (the fat jar; only checked here)
#   OUT          where everything goes (packaging/target)
# Needs binutils (jlink --strip-debug) and fakeroot (the .deb).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${JDK_HOME:?}" "${VERSION:?}" "${DEPS_DIR:?}" "${SERVER_JAR:?}" "${CLIENT_JAR:?}" "${OUT:?}"
version=${VERSION%-SNAPSHOT}
work=$OUT/work
dist=$OUT/dist
rm -rf "$work" "$dist"
mkdir -p "$work/fx" "$work/app" "$dist"

step() { printf "[dist %3ss] %s\n" "$SECONDS" "$*"; }

for tool in fakeroot objcopy dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-dist: $tool is missing: apt-get install fakeroot binutils" >&2; exit 1; }
done

# --- Jars: JavaFX's modular jars go into the runtime, everything else onto the class path ---------------
# The JavaFX artifacts come as an empty jar plus the real one with the platform classifier (-linux).
for jar in "$DEPS_DIR"/*.jar; do
  case "$(basename "$jar")" in
    javafx-*-linux.jar) cp "$jar" "$work/fx/" ;;
    javafx-*) ;;                                   # the empty, classifier-less ones
    *) cp "$jar" "$work/app/" ;;
  esac
done
main_jar=$(cd "$work/app" && ls desktop-client-*.jar)
# sqlite-jdbc carries its native library for 25 platforms (12 MB); the app-image runs on this one.
case "$(uname -m)" in
  x86_64) sqlite_native=Linux/x86_64/ ;;
  aarch64) sqlite_native=Linux/aarch64/ ;;
  *) sqlite_native= ;;
esac
if [ -n "$sqlite_native" ]; then
  for jar in "$work"/app/sqlite-jdbc-*.jar; do
    "$JDK_HOME/bin/java" "$here/lib/KeepNatives.java" "$jar" "$jar.slim" org/sqlite/native/ "$sqlite_native"
    mv "$jar.slim" "$jar"
  done
fi

# --- Runtime --------------------------------------------------------------------------------------------
# Modules: what jdeps finds in the class path jars (and what the JavaFX modules require), plus what it
# cannot see because it is looked up at run time: jdk.crypto.ec is the SunEC provider (EC P-256 keys
# and the key exchange of the TLS 1.3 peer links), java.logging the logger behind System.Logger.
step "jdeps"
found=$("$JDK_HOME/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  --module-path "$work/fx" --class-path "$work/app/*" "$work"/app/*.jar | tail -n 1)
modules=$(printf "%s\n" ${found//,/ } javafx.controls java.logging jdk.crypto.ec | sort -u | paste -sd, -)
step "jlink: $modules"
"$JDK_HOME/bin/jlink" --module-path "$work/fx" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 \
  --exclude-resources 'glob:/javafx.graphics/*.so' \
  --generate-cds-archive --output "$work/runtime" >"$work/jlink.log"
# The natives beside the JDK's own, where JavaFX looks first: no unpacking to ~/.openjfx/cache at start.
fx_graphics=$(ls "$work"/fx/javafx-graphics-*-linux.jar)
(cd "$work/runtime/lib" && "$JDK_HOME/bin/jar" xf "$fx_graphics" $("$JDK_HOME/bin/jar" tf "$fx_graphics" | grep '^lib.*\.so$'))
# The archive for heaps over 32 GiB is never used by a chat app: 11 MB saved.
rm -f "$work/runtime/lib/server/classes_nocoops.jsa"

# Class data sharing for the classes a start loads: the JDK's and JavaFX's, which live in the runtime
# image and so stay valid wherever the app is installed. packaging/cds/punchline.classlist lists them
# (packaging/update-classlist.sh records it from a real start); names the image lacks are skipped.
if [ -s "$here/cds/punchline.classlist" ]; then
  step "class data sharing archive"
  chmod u+w "$work/runtime/lib/server/classes.jsa"
  "$work/runtime/bin/java" -Xshare:dump -XX:SharedClassListFile="$here/cds/punchline.classlist" \
    -XX:SharedArchiveFile="$work/runtime/lib/server/classes.jsa" >"$work/cds.log" 2>&1 \
    || { cat "$work/cds.log"; exit 1; }
  chmod a-w "$work/runtime/lib/server/classes.jsa"
fi

# --- App-image ------------------------------------------------------------------------------------------
# ControlsFX reaches into two JavaFX internals; with JavaFX as named modules that needs these exports.
# Then the client's own JVM flags (desktop-client/jvm-options).
java_options=(
  --java-options '--add-exports=javafx.base/com.sun.javafx.event=ALL-UNNAMED'
  --java-options '--add-exports=javafx.controls/com.sun.javafx.scene.control.behavior=ALL-UNNAMED'
)
for flag in $(grep -v '^\s*#' "$here/../desktop-client/jvm-options"); do
  java_options+=(--java-options "$flag")
done
step "jpackage app-image"
"$JDK_HOME/bin/jpackage" --type app-image --dest "$dist/app-image" \
  --name punchline --app-version "$version" --vendor Punchline \
  --description "Peer-to-peer chat through home routers" \
  --input "$work/app" --main-jar "$main_jar" --main-class punchline.client.Main \
  --runtime-image "$work/runtime" --icon "$here/icons/punchline-128.png" "${java_options[@]}"
app=$dist/app-image/punchline
# -Xshare:on refuses to start unless the archive maps: the app-image's runtime must still match it.
JAVA_TOOL_OPTIONS=-Xshare:on "$app/bin/punchline" --help >/dev/null 2>"$work/share-check.log" \
  || { cat "$work/share-check.log" >&2; echo "the runtime's class data sharing archive is unusable" >&2; exit 1; }

# The contacts and history store on the packaged runtime and jars (java.sql, sqlite-jdbc's native library),
# and in the fat jar: open, write, reopen, read back (check/StoreCheck.java).
step "store check"
"$JDK_HOME/bin/javac" -d "$work/check" -cp "$app/lib/app/*" "$here/check/StoreCheck.java"
"$app/lib/runtime/bin/java" -cp "$app/lib/app/*:$work/check" StoreCheck "$work/check/config-app-image"
"$JDK_HOME/bin/java" -cp "$CLIENT_JAR:$work/check" StoreCheck "$work/check/config-fat-jar"

step "app-image tarball"
tar -C "$dist/app-image" -czf "$dist/punchline-$version-linux-x64.tar.gz" punchline

# --- .deb -----------------------------------------------------------------------------------------------
# linux/ holds the control template (libgtk-3-0 and libxtst6, which jpackage does not add) and the
# menu entry; jpackage fills in the placeholders.
step "jpackage deb"
"$JDK_HOME/bin/jpackage" --type deb --dest "$dist" --app-image "$app" \
  --name punchline --app-version "$version" --vendor Punchline \
  --description "Peer-to-peer chat through home routers" \
  --resource-dir "$here/linux" --icon "$here/icons/punchline-128.png" \
  --linux-package-name punchline --linux-deb-maintainer punchline@localhost \
  --linux-menu-group "Network;Chat;InstantMessaging;" --linux-app-category net --linux-shortcut
deb=$(ls "$dist"/punchline_*.deb)

# Check what we ship: the dependencies and a menu entry that the desktop accepts.
dpkg-deb -f "$deb" Depends | grep -q 'libgtk-3-0' || { echo "libgtk-3-0 missing from Depends" >&2; exit 1; }
dpkg-deb -f "$deb" Depends | grep -q 'libxtst6' || { echo "libxtst6 missing from Depends" >&2; exit 1; }
rm -rf "$work/deb" && dpkg-deb -x "$deb" "$work/deb"
desktop_file=$(ls "$work"/deb/opt/punchline/lib/*.desktop)
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$desktop_file"
else
  step "desktop-file-validate not installed (apt-get install desktop-file-utils): menu entry not validated"
fi

# --- Server ---------------------------------------------------------------------------------------------
step "server bundle"
mkdir -p "$work/punchline-server-$version"
cp "$SERVER_JAR" "$here/systemd/punchline-server.service" "$here/systemd/punchline-node@.service" \
  "$here/systemd/punchline-node.conf.example" "$here/../docs/operations.md" \
  "$work/punchline-server-$version/"
tar -C "$work" -czf "$dist/punchline-server-$version.tar.gz" "punchline-server-$version"

# --- Sizes ----------------------------------------------------------------------------------------------
{
  printf 'artifact\tbytes\n'
  printf 'app-image (folder)\t%s\n' "$(du -sb "$app" | cut -f1)"
  printf 'app-image runtime (folder)\t%s\n' "$(du -sb "$app/lib/runtime" | cut -f1)"
  for file in "$deb" "$dist"/*.tar.gz "$SERVER_JAR"; do
    printf '%s\t%s\n' "$(basename "$file")" "$(stat -c %s "$file")"
  done
  printf 'installed size of the .deb (KiB, control field)\t%s\n' "$(dpkg-deb -f "$deb" Installed-Size)"
} | tee "$dist/sizes.tsv" | awk -F '\t' '{ printf "%-50s %12s\n", $1, $2 }'
step "done: $dist"
