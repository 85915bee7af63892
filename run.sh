#!/usr/bin/env bash
# Builds Punchline and starts it. On a fresh Debian machine this installs Java 17 and Maven first.
# Extra arguments go to the program (for example: ./run.sh --port 4000).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure-packages.sh openjdk-17-jdk-headless maven
mvn -B -q package -DskipTests
exec java -jar rendezvous-server/target/punchline-server.jar "$@"
