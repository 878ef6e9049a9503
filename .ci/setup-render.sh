#!/usr/bin/env bash
# Installs what the `render` tests need: Graphviz (dot, neato, sfdp) to draw SVG/PNG, headless
# Chromium to open the HTML explorer, and a font so labels and screenshots have glyphs.
# Idempotent and quiet; meant to run as root on Debian.
set -euo pipefail

need=()
command -v dot >/dev/null 2>&1 || need+=(graphviz)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)

if [ "${#need[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
