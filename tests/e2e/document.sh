#!/usr/bin/env bash
# document.sh: a document longer than a page (the glossary) — pages, page numbers, 五十音
# order, headings kept with what follows, no widow or orphan line — checked on the PDF's
# lines read back with pdftotext -bbox-layout (document_checks.py says what is checked).
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH
glossary=layouts/glossary.yaml

if "$SURIMONO" render "$glossary" -o "$WORK/g.pdf" 2>"$WORK/err"; then pass; else fail "render: $(cat "$WORK/err")"; fi
check_eq "no warnings" "" "$(cat "$WORK/err")"
pdftotext -bbox-layout "$WORK/g.pdf" "$WORK/g.html" || fail "pdftotext -bbox-layout"
"$SURIMONO" dump --boxes "$glossary" >"$WORK/boxes.txt" 2>/dev/null || fail "dump --boxes"
if python3 "$(dirname "$0")/document_checks.py" "$glossary" "$WORK/g.html" "$WORK/boxes.txt" \
  >"$WORK/out" 2>"$WORK/failures"; then
  pass
else
  fail "the glossary's pages: $(cat "$WORK/out")"
  cat "$WORK/failures" >&2
fi

# Bookmarks: the title, its rows (あ行 …) under it, every term under its row; page labels
# are the printed numbers.
qpdf --json --json-key=outlines --json-key=pagelabels "$WORK/g.pdf" >"$WORK/g.json"
check_eq "bookmarks: one title" 1 "$(jq '.outlines | length' "$WORK/g.json")"
check_eq "bookmarks: the rows" "あ行 か行 さ行 た行 な行 は行 ま行 や行 ら行 わ行" \
  "$(jq -r '[.outlines[0].kids[].title] | join(" ")' "$WORK/g.json")"
check_eq "bookmarks: every term" "$(grep -c '^      - term:' "$glossary")" \
  "$(jq '[.outlines[0].kids[].kids[]] | length' "$WORK/g.json")"
check_eq "page labels: decimal from 1" '/D 1' "$(jq -r '.pagelabels[0].label | "\(."/S") \(."/St")"' "$WORK/g.json")"

# The same on B5 and A5 (narrower columns, more pages).
for paper in B5 A5; do
  "$SURIMONO" render "$glossary" --paper $paper -o "$WORK/$paper.pdf" 2>"$WORK/err" || fail "$paper: $(cat "$WORK/err")"
  pdftotext -bbox-layout "$WORK/$paper.pdf" "$WORK/$paper.html"
  "$SURIMONO" dump --boxes "$glossary" --paper $paper >"$WORK/$paper.boxes" 2>/dev/null
  if python3 "$(dirname "$0")/document_checks.py" "$glossary" "$WORK/$paper.html" "$WORK/$paper.boxes" \
    >"$WORK/out" 2>"$WORK/failures"; then pass; else
    fail "$paper: $(cat "$WORK/out")"
    cat "$WORK/failures" >&2
  fi
done

# A 500-row table from CSV flows onto many pages: every row once, whole, in order, and the
# header row repeated at the top of every page.
P="$WORK/big" && mkdir -p "$P/layouts" && cp -r fonts "$P/" && cp -r layouts/themes "$P/layouts/"
python3 - "$P/layouts/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("番号,都道府県,公表日,組織区分,漏えい経路・媒体,個人情報数\n")
    for i in range(1, 501):
        f.write(f"No.{i},県{i % 47 + 1},2024年{i % 12 + 1}月{i % 28 + 1}日,市立小学校,書類,{i * 7}件\n")
PY
printf 'kind: document\ntitle: 事故一覧\nhead:\n  - heading: 事故一覧\nbody:\n  - table:\n    data: layouts/big.csv\n' >"$P/layouts/big.yaml"
"$SURIMONO" render "$P/layouts/big.yaml" -o "$WORK/big.pdf" 2>"$WORK/err" || fail "500 rows: $(cat "$WORK/err")"
pages=$(pdfinfo "$WORK/big.pdf" | awk '/^Pages:/ { print $2 }')
if [ "${pages:-0}" -ge 10 ]; then pass; else fail "500 rows: only ${pages:-0} pages"; fi
for n in $(seq "$pages"); do
  check_eq "500 rows: header row on page $n" 1 "$(pdftotext -f "$n" -l "$n" "$WORK/big.pdf" - | grep -c '^都道府県$')"
done
pdftotext -layout "$WORK/big.pdf" "$WORK/big.txt"
check_eq "500 rows: every row once, in order" "$(seq 1 500 | sed 's/^/No./' | tr '\n' ' ')" \
  "$(grep -o 'No\.[0-9]*' "$WORK/big.txt" | tr '\n' ' ')"

# The committee's guide: four pages, its diagrams drawn as boxes joined by arrows (the
# registration steps 3 boxes, delivery (1) 2 and (2) 3: 2 + 1 + 2 arrows).
"$SURIMONO" render layouts/isen-guide.yaml -o "$WORK/guide.pdf" 2>"$WORK/err" || fail "guide: $(cat "$WORK/err")"
check_eq "guide: no warnings" "" "$(cat "$WORK/err")"
check_eq "guide: four pages" 4 "$(pdfinfo "$WORK/guide.pdf" | awk '/^Pages:/ { print $2 }')"
check_eq "guide: arrows" 5 "$("$SURIMONO" dump --boxes layouts/isen-guide.yaml | grep -c ' arrow$')"
check_contains "guide: the steps in the text" "$(pdftotext -raw "$WORK/guide.pdf" - | tr -d ' \n')" \
  "トップページ右上バナー「メールマガジンの登録」をクリック必要事項記入"

# The guide as a print shop's booklet: A4 pages two-up on A3 (with trim marks' slug) in
# folding order, 4-1 then 2-3; the glossary's 3 pages padded to 4 with a blank one.
B="$WORK/booklet" && mkdir -p "$B/layouts" && cp -r fonts assets "$B/" && cp -r layouts/themes "$B/layouts/"
sed 's/^page-numbers: dash$/page-numbers: dash\nimposition: saddle-stitch\nprofile: shop-tombo/' \
  layouts/isen-guide.yaml >"$B/layouts/guide.yaml"
"$SURIMONO" render "$B/layouts/guide.yaml" -o "$WORK/booklet.pdf" 2>"$WORK/err" || fail "booklet: $(cat "$WORK/err")"
check_eq "booklet: two sheets" 2 "$(pdfinfo "$WORK/booklet.pdf" | awk '/^Pages:/ { print $2 }')"
check_eq "booklet: trim is A3 landscape" "1190.55 841.89" \
  "$(pdfinfo -box "$WORK/booklet.pdf" | awk '/^TrimBox:/ { printf "%.2f %.2f", $4 - $2, $5 - $3; exit }')"
# The page numbers of a sheet (digits at its foot), left to right.
numbers() {
  pdftotext -f "$1" -l "$1" -bbox "$WORK/booklet.pdf" - | python3 -c '
import re, sys
page = sys.stdin.read()
height = float(re.search(r"<page width=\"[\d.]+\" height=\"([\d.]+)\"", page).group(1))
words = re.findall(r"<word xMin=\"([\d.]+)\" yMin=\"([\d.]+)\"[^>]*>([^<]*)</word>", page)
foot = sorted((float(x), w) for x, y, w in words if w.isdigit() and float(y) > 0.85 * height)
print(" ".join(w for x, w in foot))'
}
check_eq "booklet: sheet 1 is 4-1" "4 1" "$(numbers 1)"
check_eq "booklet: sheet 2 is 2-3" "2 3" "$(numbers 2)"
sed 's/^page-numbers: dash$/page-numbers: dash\nimposition: saddle-stitch/' "$glossary" >"$B/layouts/glossary.yaml"
"$SURIMONO" render "$B/layouts/glossary.yaml" -o "$WORK/booklet.pdf" 2>"$WORK/err" || fail "glossary booklet: $(cat "$WORK/err")"
check_eq "booklet: 3 pages padded to 4 (page 4 blank)" "1|2 3" "$(numbers 1)|$(numbers 2)"

# Sections switch the number of columns on a page, columns balanced above each switch; a
# box with split: allow goes on over a page break (section_checks.py says what is checked).
sections=tests/golden/fixtures/sections.yaml
"$SURIMONO" render "$sections" -o "$WORK/sections.pdf" 2>"$WORK/err" || fail "sections: $(cat "$WORK/err")"
check_eq "sections: no warnings" "" "$(cat "$WORK/err")"
"$SURIMONO" dump --boxes "$sections" >"$WORK/sections.boxes" 2>/dev/null || fail "sections: dump --boxes"
if python3 "$(dirname "$0")/section_checks.py" "$WORK/sections.boxes" >"$WORK/out" 2>"$WORK/failures"; then
  pass
else
  fail "sections: $(cat "$WORK/out")"
  cat "$WORK/failures" >&2
fi
# The text version reads the sections in order, the split box's paragraphs once each.
S="$WORK/sections" && mkdir -p "$S/layouts" && cp -r fonts "$S/" && cp -r layouts/themes "$S/layouts/"
cp "$sections" "$S/layouts/"
"$SURIMONO" build "$S" >/dev/null 2>"$WORK/err" || fail "sections: build: $(cat "$WORK/err")"
check_eq "sections: the text version's headings in reading order" \
  "段組みの見本 校外へ持ち出す情報の扱い 持ち出す前に 持ち出している間 二つの方法を並べて比べる 紛失に気付いたら" \
  "$(grep -o '<h[1-6][^>]*>[^<]*' "$S/out/site/text/sections.html" | sed 's/<[^>]*>//' | tr '\n' ' ' | sed 's/ $//')"
check_eq "sections: the split box's paragraphs once each" 1 \
  "$(grep -c '報告を受けた教育委員会は' "$S/out/site/text/sections.html")"

# Byte-identical reruns.
"$SURIMONO" render "$glossary" -o "$WORK/g2.pdf" 2>/dev/null
cmp -s "$WORK/g.pdf" "$WORK/g2.pdf" && pass || fail "two renders of the glossary differ"
finish
