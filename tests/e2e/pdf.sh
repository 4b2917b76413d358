#!/usr/bin/env bash
# pdf.sh: renders the layouts and checks the PDFs with poppler's tools — page sizes, fonts
# embedded, expected text, metadata, byte-identical reruns, PNG output.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH

poster=layouts/confidential-documents.yaml
sheet=layouts/checksheet-staffroom.yaml

page_size() { pdfinfo -f "$2" -l "$2" "$1" | awk -v p="$2" '$1 == "Page" && $2 == p && $3 == "size:" { print $4, $6 }'; }

# Page sizes: A3 841.89 × 1190.55 pt, A4 595.28 × 841.89 pt (±0.01).
"$SURIMONO" render "$poster" -o "$WORK/poster-a3.pdf" 2>"$WORK/err" || fail "render A3: $(cat "$WORK/err")"
"$SURIMONO" render "$poster" --paper A4 -o "$WORK/poster-a4.pdf" 2>"$WORK/err" || fail "render A4: $(cat "$WORK/err")"
"$SURIMONO" render "$sheet" -o "$WORK/sheet.pdf" 2>"$WORK/err" || fail "render sheet: $(cat "$WORK/err")"
read -r w h <<<"$(page_size "$WORK/poster-a3.pdf" 1)"
check_close "A3 width" 841.89 "$w" 0.01
check_close "A3 height" 1190.55 "$h" 0.01
read -r w h <<<"$(page_size "$WORK/poster-a4.pdf" 1)"
check_close "A4 width" 595.28 "$w" 0.01
check_close "A4 height" 841.89 "$h" 0.01
check_eq "check sheet pages" 2 "$(pdfinfo "$WORK/sheet.pdf" | awk '/^Pages:/ { print $2 }')"
for p in 1 2; do
  read -r w h <<<"$(page_size "$WORK/sheet.pdf" $p)"
  check_close "sheet page $p width" 595.28 "$w" 0.01
done
"$SURIMONO" render "$sheet" --paper B5 --edition answer -o "$WORK/b5.pdf" 2>/dev/null || fail "render B5"
read -r w h <<<"$(page_size "$WORK/b5.pdf" 1)"
check_close "B5 width" 515.91 "$w" 0.01
check_eq "one edition, one page" 1 "$(pdfinfo "$WORK/b5.pdf" | awk '/^Pages:/ { print $2 }')"

# Every font embedded (and subset): pdffonts' emb column is "yes" on every row.
for f in poster-a3 poster-a4 sheet; do
  fonts=$(pdffonts "$WORK/$f.pdf" | tail -n +3)
  [ -n "$fonts" ] && pass || fail "$f: no fonts listed"
  check_eq "$f: fonts not embedded" "" "$(printf '%s\n' "$fonts" | awk '$(NF-4) != "yes" { print }')"
done

# The wording of the brochure is in the PDFs (pdftotext joins lines; compare without spaces).
text=$(pdftotext -enc UTF-8 "$WORK/poster-a3.pdf" - | tr -d ' \n')
for s in 機密書類からの 情報漏えいを防ぐために 印刷したらすぐに回収 廃棄時はシュレッダーで; do
  check_contains "poster text" "$text" "$s"
done
text=$(pdftotext -enc UTF-8 "$WORK/sheet.pdf" - | tr -d ' \n')
for s in セキュリティ危険予測シート 学期末の職員室 山積みで落ちそうな書類 下に置かれたゴミ箱に落下する \
  コーヒーカップ パソコンに貼られたふせん 開きっぱなしの書類 机の境界に積まれた書類 \
  ついたままのディスプレイ 机に置かれたUSBメモリ 机に置かれた重要書類 開きっぱなしの引出し \
  中身がつまったゴミ箱 機密書類はシュレッダーが必要 解説 成績処理中ということもあり; do
  check_contains "sheet text" "$text" "$s"
done
question=$(pdftotext -enc UTF-8 -f 1 -l 1 "$WORK/sheet.pdf" - | tr -d ' \n')
case "$question" in *下に置かれたゴミ箱に落下する*) fail "the question sheet shows an answer" ;; *) pass ;; esac

# The answer list breaks between phrases: シュレッダー and 紛失する are never cut.
lines=$(pdftotext -enc UTF-8 -layout -f 2 -l 2 "$WORK/sheet.pdf" -)
check_contains "answer list: シュレッダー whole" "$lines" "シュレッダー"
check_contains "answer list: 紛失する whole" "$lines" "紛失する"
case "$lines" in *シュレッ$'\n'*|*紛失$'\n'*) fail "answer list: a word cut at a line end" ;; *) pass ;; esac

# The scene uses the page: the content width on the question sheet; on the answer sheet,
# shrunk only as far as the list and the 解説 need, centred, never below 60 %.
for sheet_paper in staffroom:A4 staffroom:A3 staffroom:B5 cafe:A4 cafe:B5 train:A4 train:B5; do
  paper=${sheet_paper#*:}
  "$SURIMONO" dump --boxes "layouts/checksheet-${sheet_paper%:*}.yaml" --paper $paper >"$WORK/sheet-$paper.boxes" 2>/dev/null
  if python3 - "$WORK/sheet-$paper.boxes" <<'PY'
import sys
pages, ok = [], True
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("page "):
        pages.append({"width": float(line.split()[2].split("x")[0]), "images": []})
    elif line.startswith("  image "):
        pages[-1]["images"].append(list(map(float, line.split()[1:5])))
margin = 42.52
for n, page in enumerate(pages):
    content = page["width"] - 2 * margin
    x, y, w, h = page["images"][0]
    left, right = x - margin, page["width"] - margin - (x + w)
    if n == 0 and abs(w - content) > 0.05:
        print(f"question scene {w:.1f} of {content:.1f} pt", file=sys.stderr); ok = False
    if abs(left - right) > 0.05 or w < 0.6 * content - 0.05:
        print(f"page {n + 1}: scene {w:.1f} pt, margins {left:.1f} / {right:.1f}", file=sys.stderr); ok = False
sys.exit(0 if ok else 1)
PY
  then pass; else fail "$sheet_paper: the scene does not use the page"; fi
done

# Posters of 1 to 4 steps fill the page: one under the other up to three, a 2 × 2 grid
# for four; type grows from A4 to A3; the site's QR code under the steps scans back.
cards() { grep '^  rect .* fill #eaf2fbff' | awk '$5 > 100 { print $2, $3, $4, $5 }'; }
g4=$("$SURIMONO" dump --boxes tests/golden/fixtures/poster4.yaml | cards)
check_eq "4 steps: four cards" 4 "$(printf '%s\n' "$g4" | grep -c .)"
check_eq "4 steps: two columns" 2 "$(printf '%s\n' "$g4" | awk '{ print $1 }' | sort -u | wc -l)"
check_eq "4 steps: two rows" 2 "$(printf '%s\n' "$g4" | awk '{ print $2 }' | sort -u | wc -l)"
check_eq "4 steps: cards of one size" 1 "$(printf '%s\n' "$g4" | awk '{ print $3, $4 }' | sort -u | wc -l)"
for n in 1 2 3; do
  P4="$WORK/poster$n" && mkdir -p "$P4/layouts" && cp -r fonts assets "$P4/" && cp -r layouts/themes "$P4/layouts/"
  python3 - tests/golden/fixtures/poster4.yaml "$n" >"$P4/layouts/p.yaml" <<'PY'
import sys
text, n, out, steps = open(sys.argv[1], encoding="utf-8").read(), int(sys.argv[2]), [], 0
for line in text.splitlines():
    steps += line.startswith("  - text:")
    if steps <= n or not line.startswith("    ") and not line.startswith("  - "):
        out.append(line)
print("\n".join(out))
PY
  "$SURIMONO" render "$P4/layouts/p.yaml" -o "$WORK/p$n.pdf" 2>"$WORK/err" || fail "$n steps: $(cat "$WORK/err")"
  check_eq "$n steps: no warnings" "" "$(cat "$WORK/err")"
  check_eq "$n steps: cards one under the other" "$n 1" \
    "$("$SURIMONO" dump --boxes "$P4/layouts/p.yaml" | cards | awk '{ n++; x[$1] } END { print n, length(x) }')"
done
for paper in A4 A3; do
  "$SURIMONO" render layouts/leaving-desk.yaml --paper $paper -o "$WORK/leaving-$paper.pdf" 2>"$WORK/err" || fail "leaving-desk $paper"
  check_eq "leaving-desk $paper: no warnings" "" "$(cat "$WORK/err")"
done
a4=$("$SURIMONO" dump --boxes layouts/leaving-desk.yaml --paper A4 | grep -m1 'text "画面ロックをかける"' | sed -E 's/.*font "[^"]* ([0-9.]+)".*/\1/')
a3=$("$SURIMONO" dump --boxes layouts/leaving-desk.yaml --paper A3 | grep -m1 'text "画面ロックをかける"' | sed -E 's/.*font "[^"]* ([0-9.]+)".*/\1/')
if awk -v a="$a4" -v b="$a3" 'BEGIN { exit !(a > 0 && b / a > 1.3) }'; then pass; else fail "poster type A4 $a4 pt, A3 $a3 pt"; fi
if command -v zbarimg >/dev/null; then
  "$SURIMONO" render layouts/leaving-desk.yaml --paper A4 -o "$WORK/leaving.png" --dpi 150 2>/dev/null
  check_contains "poster QR decodes" "$(zbarimg -q "$WORK/leaving.png" 2>/dev/null)" "QR-Code:https://www.school-security.jp"
fi

# A page designed on A4 and printed on A3 is enlarged whole (× 1.414): the same layout,
# every word 1.414 times as large, on exactly A3.
for f in shredder-sign incident-statistics; do
  "$SURIMONO" render layouts/$f.yaml --paper A4 -o "$WORK/$f-a4.pdf" 2>/dev/null
  "$SURIMONO" render layouts/$f.yaml --paper A3 -o "$WORK/$f-a3.pdf" 2>"$WORK/err" || fail "$f A3: $(cat "$WORK/err")"
  read -r w h <<<"$(page_size "$WORK/$f-a3.pdf" 1)"
  check_close "$f A3: the paper" "$(awk -v w="$w" 'BEGIN { print (w > 1000) ? 1190.55 : 841.89 }')" "$w" 0.01
  if python3 - "$WORK/$f-a4.pdf" "$WORK/$f-a3.pdf" <<'PY'
import re, subprocess, sys
def words(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in
            re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', out)]
small, large = words(sys.argv[1]), words(sys.argv[2])
ok = len(small) == len(large) and len(small) > 10
for (a0, b0, a1, b1, t), (c0, d0, c1, d1, u) in zip(small, large):
    ok &= t == u and abs((d1 - d0) / (b1 - b0) - 1.4142) < 0.01 and abs(c0 / a0 - 1.4142) < 0.01
sys.exit(0 if ok else 1)
PY
  then pass; else fail "$f: A3 is not the A4 page enlarged"; fi
done

# Metadata: title, author, subject; no clock date.
info_field() { pdfinfo "$1" | sed -n "s/^$2: *//p"; }
check_eq "title" "機密書類からの情報漏えいを防ぐために" "$(info_field "$WORK/poster-a3.pdf" Title)"
check_eq "author" "ISEN（教育ネットワーク情報セキュリティ推進委員会）" "$(info_field "$WORK/poster-a3.pdf" Author)"
check_eq "subject" "機密書類の取り扱い（印刷物の回収と廃棄）" "$(info_field "$WORK/poster-a3.pdf" Subject)"
check_contains "creator" "$(info_field "$WORK/poster-a3.pdf" Creator)" "surimono"
check_contains "date from the definition" "$(info_field "$WORK/poster-a3.pdf" CreationDate)" "Jun  1 00:00:00 2024"

# Deterministic: a second render, later, is byte-identical.
sleep 1
"$SURIMONO" render "$poster" -o "$WORK/poster-a3-again.pdf" 2>/dev/null
cmp -s "$WORK/poster-a3.pdf" "$WORK/poster-a3-again.pdf" && pass || fail "two renders of the poster differ"
"$SURIMONO" render "$sheet" -o "$WORK/sheet-again.pdf" 2>/dev/null
cmp -s "$WORK/sheet.pdf" "$WORK/sheet-again.pdf" && pass || fail "two renders of the check sheet differ"
SOURCE_DATE_EPOCH=1700000000 "$SURIMONO" render "$poster" -o "$WORK/epoch.pdf" 2>/dev/null
check_contains "SOURCE_DATE_EPOCH wins" "$(info_field "$WORK/epoch.pdf" CreationDate)" "Nov 14 22:13:20 2023"

# Structure is sound.
if command -v qpdf >/dev/null; then
  for f in poster-a3 sheet; do qpdf --check "$WORK/$f.pdf" >/dev/null 2>&1 && pass || fail "qpdf --check $f"; done
fi

# PNG of a chosen page at a chosen resolution: A4 at 50 dpi is 414 × 585 px.
"$SURIMONO" render "$sheet" -o "$WORK/p2.png" --page 2 --dpi 50 2>/dev/null || fail "render PNG"
check_eq "PNG signature" "89504e47" "$(head -c 4 "$WORK/p2.png" | od -An -tx1 | tr -d ' \n')"
dims=$(od -An -tu1 -j16 -N8 "$WORK/p2.png" | awk '{ print $3*256 + $4, $7*256 + $8 }')
check_eq "PNG size" "414 585" "$dims"

# The sign: A4 landscape, a vertical title, ruby over the base text.
"$SURIMONO" render layouts/shredder-sign.yaml -o "$WORK/sign.pdf" 2>/dev/null || fail "render sign"
read -r w h <<<"$(page_size "$WORK/sign.pdf" 1)"
check_close "A4 landscape width" 841.89 "$w" 0.01
check_close "A4 landscape height" 595.28 "$h" 0.01
check_eq "sign: fonts not embedded" "" "$(pdffonts "$WORK/sign.pdf" | tail -n +3 | awk '$(NF-4) != "yes" { print }')"
text=$(pdftotext -enc UTF-8 "$WORK/sign.pdf" - | tr -d ' \n')
check_contains "sign: base text whole despite its ruby" "$text" "必ずシュレッダーにかけてから捨てます。"
check_contains "sign: ruby readings" "$text" "なまえ"
# The vertical title's columns run right to left: 廃 (first column) right of シ (second).
bbox=$(pdftotext -bbox "$WORK/sign.pdf" - 2>/dev/null)
x_first=$(printf '%s\n' "$bbox" | grep '>廃<' | sed 's/.*xMin="\([0-9.]*\)".*/\1/' | head -n 1)
x_second=$(printf '%s\n' "$bbox" | grep '>シ<' | sed 's/.*xMin="\([0-9.]*\)".*/\1/' | tail -n 1)
if [ -n "$x_first" ] && [ -n "$x_second" ] && awk -v a="$x_first" -v b="$x_second" 'BEGIN { exit !(a > b + 20) }'; then
  pass
else
  fail "vertical columns: 廃 at x=$x_first should be right of シ at x=$x_second"
fi

# The statistics: a tagged table (Table > TR > TH/TD) and a chart (a Figure), every figure
# of the brochure in them; the incidents by cause on their own sheet.
"$SURIMONO" render layouts/incident-statistics.yaml -o "$WORK/stats.pdf" 2>"$WORK/err" || fail "render statistics: $(cat "$WORK/err")"
"$SURIMONO" render layouts/incident-breakdown.yaml -o "$WORK/breakdown.pdf" 2>"$WORK/err" || fail "render breakdown: $(cat "$WORK/err")"
text=$(pdftotext -enc UTF-8 "$WORK/stats.pdf" - | tr -d ' \n')
for s in 監督責任による訓告・戒告等 151人 188人 204人 398人 411人 530人 613人; do
  check_contains "statistics text" "$text" "$s"
done
text=$(pdftotext -enc UTF-8 "$WORK/breakdown.pdf" - | tr -d ' \n')
for s in 紛失・置き忘れ 21件 誤配布 4件 誤送信 3件 誤廃棄 盗難 1件 33件; do
  check_contains "breakdown text" "$text" "$s"
done
qpdf --qdf --object-streams=disable "$WORK/stats.pdf" "$WORK/stats-qdf.pdf"
tags=$(tr -d '\000' <"$WORK/stats-qdf.pdf" | grep -a -o "/S /[A-Za-z0-9]*" | sort | uniq -c | tr -s ' ')
for t in "1 /S /Table" "7 /S /TR" "4 /S /TH" "24 /S /TD" "1 /S /Figure"; do check_contains "table structure" "$tags" "$t"; done

# Images: the JPEG goes into the PDF byte for byte, the PNG as an image, the SVG as vectors.
"$SURIMONO" render tests/golden/fixtures/elements.yaml -o "$WORK/elements.pdf" 2>/dev/null || fail "render elements"
list=$(pdfimages -list "$WORK/elements.pdf" | tail -n +3)
check_eq "two raster images (the SVG is vectors)" 2 "$(printf '%s\n' "$list" | grep -c .)"
check_contains "JPEG kept as JPEG" "$(printf '%s\n' "$list" | awk '{ print $9 }')" "jpeg"
mkdir -p "$WORK/images"
pdfimages -j "$WORK/elements.pdf" "$WORK/images/i"
jpeg=$(ls "$WORK/images"/*.jpg 2>/dev/null | head -n 1)
if [ -n "$jpeg" ] && cmp -s "$jpeg" tests/fixtures/photo.jpg; then pass; else fail "the JPEG in the PDF differs from the file"; fi
check_contains "element text" "$(pdftotext -enc UTF-8 "$WORK/elements.pdf" - | tr -d ' \n')" "見本北小学校"

# The QR code scans back to its text (zbarimg), and is tagged as a figure with its alt.
if command -v zbarimg >/dev/null; then
  "$SURIMONO" render tests/golden/fixtures/elements.yaml -o "$WORK/elements.png" --dpi 150 2>/dev/null
  check_contains "QR decodes" "$(zbarimg -q "$WORK/elements.png" 2>/dev/null)" "QR-Code:https://www.school-security.jp"
fi

# Landscape and custom paper.
printf 'kind: page\ntitle: 横\npaper: B4\norientation: landscape\nbody:\n  - heading: 横向きのB4\n' >"$WORK/landscape.yaml"
"$SURIMONO" render "$WORK/landscape.yaml" -o "$WORK/landscape.pdf" 2>/dev/null || fail "render landscape"
read -r w h <<<"$(page_size "$WORK/landscape.pdf" 1)"
check_close "B4 landscape width" 1031.81 "$w" 0.01
check_close "B4 landscape height" 728.50 "$h" 0.01
printf 'kind: page\ntitle: 名刺\npaper: custom\npaper-size: [91mm, 55mm]\nmargin: 5mm\nbody:\n  - text: 名刺の大きさ\n' >"$WORK/custom.yaml"
"$SURIMONO" render "$WORK/custom.yaml" -o "$WORK/custom.pdf" 2>/dev/null || fail "render custom"
read -r w h <<<"$(page_size "$WORK/custom.pdf" 1)"
check_close "custom width" 257.95 "$w" 0.01
check_close "custom height" 155.91 "$h" 0.01

# Reading from stdin.
"$SURIMONO" render - -o "$WORK/stdin.pdf" <"$poster" 2>/dev/null && check_file "stdin render" "$WORK/stdin.pdf" || fail "render from stdin"

finish
