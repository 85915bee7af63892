#!/usr/bin/env bash
# Runs every test: codec and loopback tests of the server and the client core, the console
# client's tests, and the NAT lab. Installs what the tests need on a fresh Debian machine.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-packages.sh openjdk-17-jdk-headless maven
mvn -B verify
