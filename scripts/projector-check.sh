#!/usr/bin/env bash
# The room's projector page in a real browser: serve a room on the loopback address with
# bot teams and one idle team with a hostile name, then screenshot the page at 1920×1080
# with headless Chromium in Chinese and in English, during play and after the reveal, and
# check its text (the DOM after the page's script ran). The facilitator's page too, at
# 1440×900 in both languages, opened with the address `room serve` printed (the token in
# the fragment), and driven through it: pause, extend, resume, end the week, lock, reveal
# and export are clicked on the page (its `do=` self-test clicks one button, and its
# confirmation, once the room answered). Installs chromium with apt when missing. Runs the
# binary `cargo test` already built.
# Usage: scripts/projector-check.sh BINARY [KEEP_DIR]   (KEEP_DIR keeps the screenshots)
set -euo pipefail
bin="$1"
keep="${2:-}"
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null; then
    echo "installing chromium"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
command -v curl >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
out=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    rm -rf "$out"
}
trap cleanup EXIT
export SANDTABLE_HOME="$PWD"
# The shipped Chinese font as a system font too (the page also loads it from the room).
source scripts/shipped-font.sh
use_shipped_font "$out"

fail() { echo "projector check failed: $*"; [ -f "$out/serve.log" ] && tail -5 "$out/serve.log"; exit 1; }

"$bin" --lang zh room serve --scenario tutorial --seed 20261202 --week-seconds 5 \
    --port 0 --bind 127.0.0.1 --data "$out/room" >"$out/serve.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -qs "/facilitator#token=" "$out/serve.log" && break; sleep 0.1; done
url="http://$(sed -n 's/^listening on //p' "$out/serve.log" | head -1)"
token=$(sed -n 's/^ *Authorization: Bearer //p' "$out/serve.log" | head -1)
[ -n "$token" ] || fail "the room did not start"
facil=$(sed -n 's|^ *\(http://[^ ]*/facilitator#token=[0-9a-f]*\)$|\1|p' "$out/serve.log" | head -1)
[ "$facil" = "$url/facilitator#token=$token" ] || fail "room serve printed no facilitator page with the token in its fragment ($facil)"
ctl() { "$bin" room control --url "$url" --token "$token" "$@" >/dev/null; }
progress() { curl -sf "$url/api/progress"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

# An idle team with a hostile name (it never acts: the room's clock ends its weeks).
version=$(curl -sf "$url/api/hello" | json 'd["engine_version"]')
rules=$(curl -sf "$url/api/hello" | json 'd["rules_version"]')
hostile='<img src=x onerror=alert(1)>队'
curl -sf -H 'Content-Type: application/json' \
    -d "{\"name\": \"$hostile\", \"engine_version\": \"$version\", \"rules_version\": $rules}" \
    "$url/api/join" >/dev/null || fail "the idle team could not join"
"$bin" room bots --url "$url" --teams 4 --prefix '<b>乙</b>' >"$out/bots.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ "$(progress | json 'len(d["teams"])')" = 5 ] && break; sleep 0.1; done
[ "$(progress | json 'len(d["teams"])')" = 5 ] || fail "the bot teams did not join"
ctl start
for _ in $(seq 200); do
    [ "$(progress | json 'sum(t["actions"] for t in d["teams"])')" -ge 12 ] && break; sleep 0.1
done

ctl inject budget_cut

shot() { # lang phase
    local page="$url/projector?lang=$1" png="$out/$1-$2.png" dom="$out/$1-$2.html"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --user-data-dir="$out/profile" --window-size=1920,1080 --screenshot="$png" "$page" >/dev/null 2>&1 || true
    [ -s "$png" ] || fail "chromium took no screenshot of $page"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --user-data-dir="$out/profile" --virtual-time-budget=3000 --dump-dom "$page" >"$dom" 2>/dev/null || true
    [ -s "$dom" ] || fail "chromium dumped no DOM of $page"
}
has() { grep -q -- "$2" "$1" || fail "$(basename "$1"): no \"$2\""; }
hasnt() { ! grep -q -- "$2" "$1" || fail "$(basename "$1"): \"$2\" should not be there"; }

# During play: the clock, the teams, their stage; no scores, no notes, no token; the
# hostile names as text (the DOM holds them escaped, never as elements).
for lang in zh en; do
    shot "$lang" during
    dom="$out/$lang-during.html"
    if [ "$lang" = zh ]; then words=("第 " "队伍" "阶段" "行动数" "预算下调 30 万元"); bad=("成绩榜" "讨论问题" "隐藏真相")
    else words=("Week " "Team" "Stage" "Actions" "budget is cut by 300,000 yuan"); bad=("Scoreboard" "Debrief questions" "Hidden truth"); fi
    for w in "${words[@]}" '&lt;b&gt;乙&lt;/b&gt;-01-expert' '&lt;img src=x onerror=alert(1)&gt;队'; do has "$dom" "$w"; done
    for w in "${bad[@]}" "$token" '<img src="x"' '<b>乙'; do hasnt "$dom" "$w"; done
    grep -Eq 'id="timer"[^>]*>[0-9]+:[0-5][0-9]<' "$dom" || fail "$lang: no timer m:ss in the page"
    echo "$lang during play: timer, teams, stages and the inject shown; no scores, notes or token"
done
[ "$(curl -s -o /dev/null -w '%{http_code}' "$url/api/results.csv")" = 403 ] || fail "the CSV is served before the reveal"

# The facilitator's page: one page load gives the screenshot and the DOM after its script
# ran; a third argument is the button its self-test clicks (with its confirmation).
# A fresh browser profile each time: no token is left over from an earlier visit.
fshot() { # lang name [button [token: "" for none]]
    local t="${4-$token}" png="$out/facil-$1-$2.png" dom="$out/facil-$1-$2.html" page="$url/facilitator?lang=$1"
    [ -n "$t" ] && page="$page#token=$t${3:+&do=$3}"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
        --user-data-dir="$out/fprofile-$1-$2" --window-size=1440,900 --virtual-time-budget=3000 \
        --screenshot="$png" --dump-dom "$page" >"$dom" 2>/dev/null || true
    [ -s "$png" ] || fail "chromium took no screenshot of the facilitator page ($1 $2)"
    [ -s "$dom" ] || fail "chromium dumped no DOM of the facilitator page ($1 $2)"
}
said() { # dom text: the page's result line says it
    grep -q "id=\"result\"[^>]*>[^<]*$2" "$1" || fail "$(basename "$1"): the page did not say \"$2\" ($(grep -o 'id="result"[^>]*>[^<]*' "$1"))"
}
status() { progress | json 'd["status"]'; }

for lang in zh en; do
    fshot "$lang" during
    dom="$out/facil-$lang-during.html"
    if [ "$lang" = zh ]; then words=("讲师控制台" "第 " "突发事件" "重新加入码" "立即结束本周" "公布结果")
    else words=("Facilitator controls" "Week " "Injects" "Rejoin code" "End the week now" "Reveal the results"); fi
    for w in "${words[@]}" '&lt;b&gt;乙&lt;/b&gt;-01-expert' '&lt;img src=x onerror=alert(1)&gt;队' \
        'data-inject="suda_price_cut"' 'data-inject="zhao_audit"'; do has "$dom" "$w"; done
    for w in "$token" '<img src="x"' '<b>乙' 'data-inject="budget_cut"'; do hasnt "$dom" "$w"; done
    grep -Eq '<li>[^<]*budget_cut[^<]*</li>' "$dom" || fail "$lang: the fired inject is not listed as fired"
    [ "$(grep -Eo 'class="code">[A-Z2-9]{8}<' "$dom" | wc -l)" = 5 ] || fail "$lang: not every team's rejoin code is on the page"
    grep -Eq 'id="timer"[^>]*>[0-9]+:[0-5][0-9]<' "$dom" || fail "$lang: no timer m:ss on the facilitator page"
    echo "$lang facilitator page: clock, teams with codes, injects to fire and fired; names escaped, no token"
done
# Without the token, or with another room's, the page shows no room and says what to open.
fshot zh no-token "" ""
fshot en bad-token "" 0123456789abcdef0123456789abcdef
has "$out/facil-zh-no-token.html" "这个页面需要讲师链接"
has "$out/facil-en-bad-token.html" "The token is missing or wrong"
for dom in "$out/facil-zh-no-token.html" "$out/facil-en-bad-token.html"; do
    hasnt "$dom" "-01-expert"
    grep -Eq '<body[^>]*class="noauth"' "$dom" || fail "$(basename "$dom"): the controls are shown without the token"
done
for dom in "$out"/facil-*-during.html; do
    ! grep -Eq '<body[^>]*class="[^"]*noauth' "$dom" || fail "$(basename "$dom"): the controls are hidden with the token"
done
echo "without the token, or with a wrong one, the page shows no room, only what to open"
# Click-through: pause, add two minutes, resume, each answered on the page in its language.
fshot zh pause pause
said "$out/facil-zh-pause.html" "已暂停"
[ "$(status)" = paused ] || fail "the page's pause did not pause the room"
before=$(progress | json 'd["seconds_left"]')
fshot en extend extend-2
said "$out/facil-en-extend.html" "Added 2 min"
python3 -c "import sys; sys.exit(0 if abs(float('$(progress | json 'd["seconds_left"]')') - $before - 120) < 0.5 else 1)" \
    || fail "the page's +2 min did not add two minutes"
fshot zh resume resume
said "$out/facil-zh-resume.html" "已继续"
[ "$(status)" = running ] || fail "the page's resume did not resume the room"
# End the (now long) week from the page, through its confirmation.
week=$(progress | json 'd["room_week"]')
fshot en end-week end-week
said "$out/facil-en-end-week.html" "Week $week ended; week $((week + 1)) has begun"
[ "$(progress | json 'd["room_week"]')" -gt "$week" ] || fail "the page's end of the week did not end it"
echo "click-through during play: pause, +2 min, resume and end the week from the page"

# Play to the end (the clock ends the idle team's weeks), then lock and reveal from the
# facilitator's page (each through its confirmation).
for _ in $(seq 1200); do
    [ "$(progress | json 'all(t["over"] for t in d["teams"])')" = True ] && break; sleep 0.1
done
[ "$(progress | json 'all(t["over"] for t in d["teams"])')" = True ] || fail "the games did not end"
fshot zh lock lock
said "$out/facil-zh-lock.html" "房间已锁定"
[ "$(status)" = locked ] || fail "the page's lock did not lock the room"
fshot en reveal reveal
said "$out/facil-en-reveal.html" "Results revealed"
[ "$(progress | json 'd["revealed"]')" = True ] || fail "the page's reveal did not reveal the results"
echo "click-through: lock and reveal from the page, each through its confirmation"
for lang in zh en; do
    shot "$lang" after
    dom="$out/$lang-after.html"
    if [ "$lang" = zh ]; then words=("成绩榜" "各队逐周对照" "讨论问题" "回放已验证" "下载成绩表" "已锁定")
    else words=("Scoreboard" "Side by side, week by week" "Debrief questions" "Replay verified" "Download the results" "Locked"); fi
    for w in "${words[@]}" '&lt;b&gt;乙&lt;/b&gt;-01-expert' '&lt;img src=x onerror=alert(1)&gt;队'; do has "$dom" "$w"; done
    for w in "$token" '<img src="x"' '<b>乙' 'class="no"'; do hasnt "$dom" "$w"; done
    [ "$(grep -o 'class="ok"' "$dom" | wc -l)" = 5 ] || fail "$lang: not every replay shows as verified"
    curl -sf "$url/api/results.csv?lang=$lang" >"$out/$lang.csv" || fail "$lang: no CSV after the reveal"
    [ "$(wc -l <"$out/$lang.csv")" = 6 ] || fail "$lang: the CSV has not a header and five teams"
    echo "$lang after the reveal: scoreboard, side by side, questions and CSV shown"
done
# Export from the page: it names the folder; the verified replays are there.
fshot zh export export
said "$out/facil-zh-export.html" "已导出 5 份回放（5 份已验证）"
has "$out/facil-zh-export.html" "$out/room/export"
[ "$(ls "$out/room/export"/*.json | wc -l)" = 5 ] || fail "the page's export wrote no five replays"
has "$out/facil-zh-export.html" 'href="/api/results.csv?lang=zh"'
echo "click-through: export from the page, its folder shown"
if [ -n "$keep" ]; then
    # The whole revealed page too (the projector scrolls to its sections), for a reviewer.
    for lang in zh en; do
        timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
            --user-data-dir="$out/profile" --window-size=1920,3600 --screenshot="$out/$lang-after-full.png" \
            "$url/projector?lang=$lang" >/dev/null 2>&1 || true
    done
    mkdir -p "$keep"
    cp "$out"/*.png "$out"/*-*.html "$out"/*.csv "$keep/"
fi
