#!/usr/bin/env bash
# Renders punchline.svg to the PNG sizes the desktop and jpackage use. The PNGs are committed, so a build
# needs no SVG renderer; run this after changing the SVG (needs rsvg-convert: apt-get install librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512; do
  rsvg-convert -w "$size" -h "$size" punchline.svg -o "punchline-$size.png"
done
# The window's own icons (taskbars, Alt-Tab) come from the app's resources.
for size in 16 32 64 256; do
  cp "punchline-$size.png" ../../desktop-client/src/main/resources/punchline/client/ui/icons/
done
