#!/usr/bin/env bash
# Render every implemented game screen in Chinese and English to out/screenshots/.
# Needs Xvfb and a software Vulkan driver when there is no display:
#   apt-get install -y xvfb mesa-vulkan-drivers
# Usage: scripts/screenshots.sh [--release]
# The play screens show SCENARIO (default gov_platform) after the expert bot's first weeks.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
cargo_flags=()
if [[ "${1:-}" == "--release" ]]; then
    profile=release
    cargo_flags=(--release)
fi
cargo build "${cargo_flags[@]}" --bin sandtable
bin="${CARGO_TARGET_DIR:-target}/$profile/sandtable"

run() {
    if [[ -n "${DISPLAY:-}" ]]; then
        "$@"
    else
        xvfb-run -a -s "-screen 0 1280x720x24" "$@"
    fi
}

scenario="${SCENARIO:-gov_platform}"
out=out/screenshots
mkdir -p "$out"
# The end-game screens use the expert bot's game on the tutorial; the debrief once per tab.
debrief_tabs="debrief:ranks debrief:people debrief:sources debrief:expert debrief:timeline"
for screen in $("$bin" screenshot --list) $debrief_tabs; do
    for lang in zh en; do
        file="$out/${screen/:/-}_${lang}.png"
        # The text shaper reports missing CJK segmentation data on every layout; keep
        # real errors visible and drop that noise.
        run "$bin" screenshot --scenario "$scenario" --screen "$screen" --lang "$lang" --out "$file" 2>&1 \
            | grep -E "ERROR|error:|panicked" | grep -v -e XDG_RUNTIME_DIR -e ICU4X || true
        if [[ -s "$file" ]]; then
            echo "wrote $file"
        else
            echo "FAILED $file" >&2
            exit 1
        fi
    done
done
