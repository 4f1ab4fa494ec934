#!/bin/sh
# Launch → first drawn frame with text, for the title and for the empty app, RUNS times each
# (alternating), under Xvfb. Usage: scripts/bench-startup.sh BINARY [RUNS]
set -eu
bin=$1
runs=${2:-5}
for i in $(seq "$runs"); do
    for target in title empty; do
        xvfb-run -a -s "-screen 0 1280x720x24" sh -c \
            'SANDTABLE_LAUNCH_NS=$(date +%s%N) exec "$0" --bench-startup "$1"' "$bin" "$target" \
            2>/dev/null | grep -v '^first drawn'
    done
done
