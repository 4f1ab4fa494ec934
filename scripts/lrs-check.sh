#!/usr/bin/env bash
# Push statements to a real learning record store: Ralph (ralph-malph from PyPI, pinned,
# file-system backend) started on the loopback address with basic auth, then stopped.
# Plays two teams, writes their xAPI statements, pushes them with `sandtable xapi push`,
# reads them back through the xAPI GET API and checks them against the spec's required
# shape, then pushes again and checks that nothing was added. Fails if Ralph cannot run.
# Usage: scripts/lrs-check.sh BINARY   (a sandtable built with the `lrs` feature)
set -euo pipefail
bin="$1"
cd "$(dirname "$0")/.."
ralph_version=5.1.0
venv="${SANDTABLE_RALPH_VENV:-${HOME:-/root}/.cache/sandtable-ralph-$ralph_version}"
if [ ! -x "$venv/bin/ralph" ]; then
    echo "installing ralph-malph $ralph_version into $venv"
    python3 -m venv "$venv"
    # Ralph 5.1.0 imports `requests` without declaring it.
    "$venv/bin/pip" install -q "ralph-malph[cli,lrs]==$ralph_version" "requests==2.34.2"
fi
out=$(mktemp -d)
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    rm -rf "$out"
}
trap cleanup EXIT
fail() { echo "LRS check failed: $*"; [ -f "$out/ralph.log" ] && tail -20 "$out/ralph.log"; exit 1; }

export RALPH_APP_DIR="$out/ralph" RALPH_RUNSERVER_BACKEND=fs
mkdir -p "$RALPH_APP_DIR" "$out/data"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
"$venv/bin/ralph" auth -u sandtable -p "$password" -s all -M mailto:trainer@example.com -w \
    >"$out/auth.log" 2>&1 || { cat "$out/auth.log"; fail "ralph auth"; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Started from the scratch folder: the development server watches its working folder.
(cd "$out" && exec "$venv/bin/ralph" runserver -b fs --fs-default-directory-path "$out/data" \
    -h 127.0.0.1 -p "$port") >"$out/ralph.log" 2>&1 &
pid=$!
endpoint="http://127.0.0.1:$port/xAPI/"
for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$port/__heartbeat__" && break
    kill -0 "$pid" 2>/dev/null || fail "Ralph did not start"
    sleep 0.5
done
curl -s -o /dev/null "http://127.0.0.1:$port/__heartbeat__" || fail "Ralph does not answer on $endpoint"

export SANDTABLE_HOME="$PWD"
"$bin" play tutorial --seed 11 --policy expert --team "甲队" --out "$out/a.json" >/dev/null
"$bin" play tutorial --seed 11 --policy naive --team "Team B" --out "$out/b.json" >/dev/null
cat >"$out/roster.json" <<JSON
{"home_page": "https://lms.example.com",
 "teams": [{"team": "甲队", "learners": [{"name": "王五", "account": "wangwu"}, {"name": "李四", "account": "lisi"}]},
           {"team": "Team B", "learners": [{"name": "Ann", "account": "ann"}]}]}
JSON
"$bin" xapi "$out/a.json" "$out/b.json" --roster "$out/roster.json" --out "$out/statements.json" --lang zh >/dev/null

export SANDTABLE_LRS_USER=sandtable SANDTABLE_LRS_PASSWORD="$password"
first=$("$bin" xapi push "$out/statements.json" --endpoint "$endpoint") || fail "push: $first"
echo "$first"
echo "$first" | grep -q "6 statements: 6 stored, 0 already" || fail "first push: $first"
[ ! -e "$out/statements.json.outbox" ] || fail "the outbox is left after a complete push"
echo "$first" | grep -q -- "$password" && fail "the password was printed"

readback() {
    curl -s -f -u "sandtable:$password" -H "X-Experience-API-Version: 1.0.3" \
        "${endpoint}statements?limit=100" >"$out/$1" || fail "GET statements"
}
readback stored.json
python3 - "$out/statements.json" "$out/stored.json" <<'PY' || fail "stored statements do not match"
import json, re, sys
ours = json.load(open(sys.argv[1]))
stored = json.load(open(sys.argv[2]))["statements"]
uuid = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
by_id = {s["id"]: s for s in stored}
assert len(stored) == len(ours) == 6, (len(stored), len(ours))
for s in ours:
    t = by_id[s["id"]]
    assert uuid.match(t["id"]), t["id"]
    assert t["actor"]["account"] == s["actor"]["account"]
    assert t["verb"]["id"] == s["verb"]["id"]
    assert t["object"]["id"] == s["object"]["id"]
    r = t["result"]
    assert r["score"]["min"] <= r["score"]["raw"] <= r["score"]["max"]
    assert abs(r["score"]["scaled"] - r["score"]["raw"] / 100) < 1e-4
    assert r["success"] == s["result"]["success"] and r["completion"] is True
    assert re.match(r"^PT\d+S$", r["duration"]), r["duration"]
    c = t["context"]
    assert c["registration"] == s["context"]["registration"]
    assert c["team"]["objectType"] == "Group" and c["language"] == "zh-CN"
    assert "urn:sandtable:ext:replay-digest" in c["extensions"]
    assert "stored" in t and "timestamp" in t
verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in stored)
assert verbs.count("completed") == 3, verbs
print("read back: 6 statements, ids, scores, context and extensions as sent")
PY

# The same games exported and pushed again: the same ids, nothing added.
"$bin" xapi "$out/a.json" "$out/b.json" --roster "$out/roster.json" --out "$out/again.json" --lang en >/dev/null
second=$("$bin" xapi push "$out/again.json" --endpoint "$endpoint") || fail "second push: $second"
echo "$second"
echo "$second" | grep -q "6 statements: 0 stored, 6 already" || fail "re-send: $second"
readback stored2.json
python3 -c 'import json,sys; n=len(json.load(open(sys.argv[1]))["statements"]); assert n == 6, n' \
    "$out/stored2.json" || fail "a re-send added statements"
# Plain http to a non-loopback address is refused before anything is sent.
if "$bin" xapi push "$out/again.json" --endpoint "http://192.0.2.1/xAPI/" 2>"$out/err"; then
    fail "http to a non-loopback address was accepted"
fi
grep -q "must be an https:// URL" "$out/err" || fail "unclear refusal: $(cat "$out/err")"
echo "LRS check passed (Ralph $ralph_version)"
