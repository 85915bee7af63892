#!/usr/bin/env bash
# Builds Punchline and starts the desktop app. On a fresh Debian machine this first installs Java 17,
# Maven and the libraries JavaFX needs. With no settings yet the app hosts its own rendezvous server,
# so it works at once; arguments go to the app (see --help).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-packages.sh openjdk-17-jdk-headless maven libgtk-3-0 libxtst6
mvn -B -q package -DskipTests
# shellcheck disable=SC2046 # one flag per word
exec java $(grep -v '^\s*#' desktop-client/jvm-options) -jar desktop-client/target/punchline.jar "$@"
