#!/usr/bin/env bash
# Print the report pages with a real browser and check the PDFs: play two teams of a
# workshop, make the pages in Chinese and in English, print each team page and the
# comparison page to PDF with headless Chromium, then check with poppler that the PDF text
# holds the expected words and that a Chinese font is embedded. Installs chromium and
# poppler-utils with apt when missing. Runs the binary `cargo test` already built.
# Usage: scripts/report-check.sh BINARY [KEEP_DIR]   (KEEP_DIR keeps the PDFs and PNGs)
set -euo pipefail
bin="$1"
keep="${2:-}"
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null; then
    echo "installing chromium and poppler-utils"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
export SANDTABLE_HOME="$PWD"
# Let the browser find the shipped Chinese font by name, as a system font: Chromium embeds
# system fonts in a PDF as named TrueType fonts (a font it loads from a file URL becomes an
# unnamed Type 3 font, which cannot be told apart from others).
source scripts/shipped-font.sh
use_shipped_font "$out"
"$bin" play tutorial --seed 20261202 --policy expert --team "甲队 <b>Alpha</b>" --out "$out/alpha.json" >/dev/null
"$bin" play tutorial --seed 20261202 --policy naive --team "Team Beta" --out "$out/beta.json" >/dev/null

fail() { echo "report check failed: $*"; exit 1; }

print_pdf() { # html pdf
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --no-pdf-header-footer --allow-file-access-from-files \
        --user-data-dir="$out/profile" --print-to-pdf="$2" "file://$1" >/dev/null 2>&1 || true
    [ -s "$2" ] || fail "chromium printed no PDF for $1"
}

for lang in zh en; do
    dir="$out/$lang"
    "$bin" report "$out/alpha.json" "$out/beta.json" --out "$dir" --lang "$lang" --csv >/dev/null
    team=$(ls "$dir"/*.html | grep -v workshop.html | head -1)
    print_pdf "$team" "$dir/team.pdf"
    print_pdf "$dir/workshop.html" "$dir/workshop.pdf"
    pdftotext -layout "$dir/team.pdf" "$dir/team.txt"
    pdftotext -layout "$dir/workshop.pdf" "$dir/workshop.txt"
    if [ "$lang" = zh ]; then
        words=("复盘" "评分卡" "总分" "真相与你的客户地图" "转折点")
        cwords=("工作坊成绩" "名次")
    else
        words=("Debrief" "Scorecard" "Total" "The truth beside your account map" "Turning points")
        cwords=("Workshop results" "Rank")
    fi
    for w in "${words[@]}"; do
        grep -q -- "$w" "$dir/team.txt" || fail "$lang team page: no \"$w\" in the PDF text"
    done
    for w in "${cwords[@]}" "Team Beta"; do
        grep -q -- "$w" "$dir/workshop.txt" || fail "$lang comparison page: no \"$w\" in the PDF text"
    done
    # The hostile team name prints as text, tags and all, never as markup.
    grep -q "甲队 <b>Alpha</b>" "$dir/team.txt" || grep -q "甲队 <b>Alpha</b>" "$dir/workshop.txt" \
        || fail "$lang: the team name is not printed literally"
    # A Chinese font is embedded (the shipped WenQuanYi Micro Hei, or a system CJK font).
    fonts=$(pdffonts "$dir/team.pdf")
    echo "$fonts" | grep -E -i "wenquanyi|wqy|microhei" | grep -q " yes " \
        || { echo "$fonts"; fail "$lang: the Chinese font (WenQuanYi Micro Hei) is not embedded in the team PDF"; }
    pages=$(pdfinfo "$dir/team.pdf" | awk '/^Pages:/ {print $2}')
    size=$(pdfinfo "$dir/team.pdf" | awk '/^Page size:/ {print $3 "x" $5}')
    case "$size" in 59[45]*x84[12]*) ;; *) fail "$lang: page size $size pt is not A4";; esac
    echo "$lang: team page $pages A4 pages, comparison page printed; words and Chinese font found"
    if [ -n "$keep" ]; then
        mkdir -p "$keep/$lang"
        cp "$dir"/*.pdf "$dir"/*.html "$keep/$lang/"
        pdftoppm -png -r 60 "$dir/team.pdf" "$keep/$lang/team"
        pdftoppm -png -r 60 "$dir/workshop.pdf" "$keep/$lang/workshop"
    fi
done
