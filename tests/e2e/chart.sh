#!/usr/bin/env bash
# chart.sh: the chart element — bars, slices and lines as their numbers say (chart_checks.py
# reads the laid-out boxes), one tagged Figure per chart whose alt text says the numbers,
# the text version's data table, gray mode's grey steps and hatching, labels that grow on
# A3, and the statistics sheets built from their CSV files.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH
charts=tests/golden/fixtures/charts.yaml

"$SURIMONO" render "$charts" -o "$WORK/charts.pdf" 2>"$WORK/err" || fail "render: $(cat "$WORK/err")"
check_eq "no warnings" "" "$(cat "$WORK/err")"
"$SURIMONO" dump --boxes "$charts" >"$WORK/boxes.txt" 2>/dev/null || fail "dump --boxes"
if python3 "$(dirname "$0")/chart_checks.py" "$WORK/boxes.txt" >"$WORK/out" 2>"$WORK/failures"; then
  pass
else
  fail "the charts: $(cat "$WORK/out")"
  cat "$WORK/failures" >&2
fi

# Tagged: six Figures, each with its alt text; the stacked chart's says every number.
qpdf --qdf --object-streams=disable "$WORK/charts.pdf" "$WORK/charts.qdf.pdf"
alts=$(python3 - "$WORK/charts.qdf.pdf" <<'PY'
import re, sys
raw = open(sys.argv[1], "rb").read().decode("latin-1")
for h in re.findall(r"/Alt <feff([0-9a-fA-F]*)>", raw):
    print(bytes.fromhex(h).decode("utf-16-be"))
PY
)
check_eq "six figures with alt text" 6 "$(printf '%s\n' "$alts" | grep -c .)"
check_contains "alt: the stacked chart's numbers" "$alts" \
  "棒グラフ（令和2年度、令和3年度、令和4年度）: 訓告等 245人、323人、398人; 監督責任による訓告・戒告等 151人、188人、204人"
check_contains "alt: the stacked totals" "$alts" "合計 411人、530人、613人。"
check_contains "alt: the donut's shares and total" "$alts" "ドーナツグラフ: 紛失・置き忘れ 21件（64%）、誤配布 4件（12%）"
check_contains "alt: the donut's total" "$alts" "合計33件。"
check_eq "figures in the structure" 6 "$(grep -c '/S /Figure' "$WORK/charts.qdf.pdf")"

# The text version shows the data as a table.
P="$WORK/proj" && mkdir -p "$P/layouts" && cp -r fonts "$P/" && cp -r layouts/themes "$P/layouts/"
cp "$charts" "$P/layouts/"
"$SURIMONO" build "$P" >/dev/null 2>"$WORK/err" || fail "build: $(cat "$WORK/err")"
html=$(tr -d '\n' <"$P/out/site/text/charts.html")
check_contains "text version: a row per year" "$html" \
  '<tr><th scope="row">令和2年度</th><td class="num">245人</td><td class="num">151人</td>'
check_contains "text version: the stacked total" "$html" '<td class="num">411人</td></tr>'
check_contains "text version: a pie's shares" "$html" \
  '<tr><th scope="row">紛失・置き忘れ</th><td class="num">21件</td><td class="num">64%</td></tr>'
check_eq "text version: a table per chart" 6 "$(grep -o '<figure class="chart">' "$P/out/site/text/charts.html" | wc -l)"

# Gray mode: the marks are grey steps far enough apart, every second one hatched, so that
# neighbours differ twice; lines dashed every second series.
sed 's/^theme: isen$/theme: isen\ncolor-mode: gray/' "$charts" >"$P/layouts/gray.yaml"
"$SURIMONO" render "$P/layouts/gray.yaml" -o "$WORK/gray.pdf" 2>"$WORK/err" || fail "gray: $(cat "$WORK/err")"
"$SURIMONO" dump --model "$P/layouts/gray.yaml" >"$WORK/gray.model" 2>/dev/null
if python3 - "$WORK/gray.model" <<'PY'
import re, sys

def check(keys):
    """Neighbours differ in grey by a visible step and in hatching."""
    good = True
    for (r1, _, _, h1), (r2, _, _, h2) in zip(keys, keys[1:]):
        good &= abs(r1 - r2) >= 20 and h1 != h2
    return good

keys, ok = [], True
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"\s*key (\d+) color=#(..)(..)(..)ff hatch=(\d)", line)
    if m:
        n, r, g, b, hatch = int(m.group(1)), *(int(m.group(i), 16) for i in (2, 3, 4)), int(m.group(5))
        if n == 1 and keys:
            ok &= check(keys)
            keys = []
        keys.append((r, g, b, hatch))
ok &= check(keys) if keys else False
sys.exit(0 if ok else 1)
PY
then pass; else fail "gray: neighbouring marks do not differ in grey and hatching"; fi
check_contains "gray: hatched bars drawn" "$("$SURIMONO" dump --boxes "$P/layouts/gray.yaml")" " hatch 1"
check_contains "gray: a dashed line" "$("$SURIMONO" dump --boxes "$P/layouts/gray.yaml")" " dashed points"

# On A3 the labels grow with the paper.
# (The fixture is a page designed on A4: on A3 it is enlarged whole, charts included.)
"$SURIMONO" render "$charts" --paper A3 -o "$WORK/a3.pdf" 2>"$WORK/err" || fail "charts A3: $(cat "$WORK/err")"
check_contains "A3: the page enlarged whole" "$("$SURIMONO" dump --boxes "$charts" --paper A3 | head -n 1)" "scale 1.41"
# (A page is enlarged whole on A3: its boxes are the design's, drawn × the page's scale.)
size_of_25() {
  awk '/^page / { s = 1; for (i = 1; i < NF; i++) if ($i == "scale") s = $(i + 1) }
       /text "25"$/ && !done { match($0, /font "[^"]* [0-9.]+"/); f = substr($0, RSTART, RLENGTH);
                               gsub(/.* |"/, "", f); print f * s; done = 1 }'
}
a4=$("$SURIMONO" dump --boxes layouts/incident-breakdown.yaml | size_of_25)
a3=$("$SURIMONO" dump --boxes layouts/incident-breakdown.yaml --paper A3 | size_of_25)
if awk -v a="$a4" -v b="$a3" 'BEGIN { exit !(a > 0 && b / a > 1.35) }'; then pass; else fail "A3 tick labels $a3 pt vs A4 $a4 pt"; fi

# The statistics sheets, their numbers read from CSV: every variant renders, without
# warnings, and says its numbers.
for f in incident-statistics incident-breakdown; do
  for opt in "" "--gray" "--paper A3"; do
    # shellcheck disable=SC2086
    "$SURIMONO" render layouts/$f.yaml $opt -o "$WORK/$f.pdf" 2>"$WORK/err" || fail "$f $opt: $(cat "$WORK/err")"
    check_eq "$f $opt: no warnings" "" "$(cat "$WORK/err")"
  done
done
check_contains "statistics: the totals over the bars" "$(pdftotext -layout "$WORK/incident-statistics.pdf" - | tr -d ' ')" "613人"
text=$(pdftotext "$WORK/incident-breakdown.pdf" - | tr -d ' \n')
check_contains "breakdown: the period" "$text" "2024年3月27日～2024年5月22日に合計33件の事故が発生しました。"
check_contains "breakdown: the total in the donut" "$text" "合計33件"
check_contains "breakdown: 件 labels" "$text" "21件"
check_contains "breakdown: the source" "$text" "https://school-security.jp/leak/"
finish
