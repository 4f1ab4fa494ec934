#!/usr/bin/env bash
# Render two screens with the real renderer (Xvfb + Mesa's software Vulkan) and let the
# screenshot mode check that a frame which draws nothing new shows the same picture as
# the frame that drew it (the window keeps its picture between changes; see
# src/game/retained.rs). Installs Xvfb and Mesa's Vulkan driver when they are missing.
# Usage: scripts/render-check.sh BINARY
set -euo pipefail
bin="$1"
if ! command -v xvfb-run >/dev/null || ! ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1; then
    echo "installing xvfb and mesa-vulkan-drivers"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth mesa-vulkan-drivers >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for shot in board:zh select:en; do
    screen=${shot%:*}
    lang=${shot#*:}
    log="$out/$screen-$lang.log"
    if ! xvfb-run -a -s "-screen 0 1280x720x24" \
        "$bin" screenshot --screen "$screen" --lang "$lang" --out "$out/$screen-$lang.png" >"$log" 2>&1; then
        grep -v -e ICU4X -e XDG_RUNTIME_DIR "$log" | tail -20
        echo "render check failed: $screen ($lang)"
        exit 1
    fi
    echo "$screen ($lang): drawn and kept"
done
