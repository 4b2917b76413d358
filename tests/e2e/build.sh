#!/usr/bin/env bash
# build.sh: `surimono build` — the pack from layouts/pack.yaml: every output, manifest.json,
# pack.pdf and the site; parallel and incremental builds, --force, --keep-going, query,
# shards merged back into the single build's manifest.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH

# A copy of the project, so the test may change it.
P="$WORK/proj"
mkdir -p "$P"
cp -r layouts assets "$P/"
outputs=$(grep -c 'paper:' "$P/layouts/pack.yaml")

out=$("$SURIMONO" build "$P" -j2 2>"$WORK/err"); check_eq "build exit code" 0 "$?"
check_contains "summary" "$out" "of 49 outputs"
check_contains "all built" "$out" "49 built, 0 up to date, 0 failed"
for f in confidential-documents-A3.pdf confidential-documents-A3-shop-tombo.pdf \
  confidential-documents-A4-gray.pdf checksheet-staffroom-A4-question.pdf \
  checksheet-staffroom-A4-answer.pdf shredder-sign-A4.pdf incident-statistics-A4.pdf \
  pack.pdf manifest.json index.html site/thumbs/confidential-documents.png \
  site/thumbs/checksheet-staffroom-answer.png site/text/checksheet-staffroom-question.html \
  site/text/checksheet-staffroom-answer.html; do
  check_file "output" "$P/out/$f"
done
check_eq "A4 poster size" "595.276 x 841.89 pts (A4)" "$(pdfinfo "$P/out/confidential-documents-A4.pdf" | sed -n 's/^Page size: *//p')"

# manifest.json: sorted, and true to the files (sha256, bytes, pages).
if command -v jq >/dev/null; then
  m="$P/out/manifest.json"
  check_eq "manifest outputs" 49 "$(jq '.outputs | length' "$m")"
  check_eq "manifest sorted" "$(jq -r '.outputs[].path' "$m")" "$(jq -r '.outputs[].path' "$m" | LC_ALL=C sort)"
  bad=0
  while read -r path sha bytes pages; do
    [ "$(sha256sum "$P/out/$path" | cut -d' ' -f1)" = "$sha" ] || bad=$((bad + 1))
    [ "$(stat -c %s "$P/out/$path")" = "$bytes" ] || bad=$((bad + 1))
    [ "$(pdfinfo "$P/out/$path" | awk '/^Pages:/ { print $2 }')" = "$pages" ] || bad=$((bad + 1))
  done < <(jq -r '.outputs[] | "\(.path) \(.sha256) \(.bytes) \(.pages)"' "$m")
  check_eq "manifest true to the files" 0 "$bad"
  # Written an output at a time, it is still the one format: two spaces, keys sorted (as
  # jq's own --indent 2 --sort-keys prints it).
  jq --indent 2 --sort-keys . "$m" | cmp -s - "$m" && pass || fail "manifest.json is not in the canonical format"
  check_contains "manifest input hashes" "$(jq -r '.outputs[] | select(.path | startswith("checksheet-staffroom")) | .inputs | keys[]' "$m")" "layouts/checksheet-staffroom.yaml"
  total=$(jq '[.outputs[].pages] | add' "$m")
  check_eq "pack.pdf has every page" "$total" "$(pdfinfo "$P/out/pack.pdf" | awk '/^Pages:/ { print $2 }')"
fi
qpdf --check "$P/out/pack.pdf" >/dev/null 2>&1 && pass || fail "qpdf --check pack.pdf"
# pack.pdf's bookmarks: a material, its variants under it with readable labels; page labels
# that say which material and variant a page belongs to.
qpdf --json --json-key=outlines --json-key=pagelabels "$P/out/pack.pdf" >"$WORK/pack.json"
check_eq "pack.pdf: a bookmark per material" "$(grep -c '^  - definition:' "$P/layouts/pack.yaml")" \
  "$(jq '.outlines | length' "$WORK/pack.json")"
check_eq "pack.pdf: the poster's variants" \
  "A4・カラー|A4・白黒|A4・カラー・印刷所用（塗り足し）|A3・カラー|A3・カラー・印刷所用（トンボ付き）|B4・カラー" \
  "$(jq -r '[.outlines[0].kids[].title] | join("|")' "$WORK/pack.json")"
check_contains "pack.pdf: check sheets' editions" "$(jq -r '[.outlines[].kids[].title] | join("|")' "$WORK/pack.json")" \
  "A4・カラー・問題|A4・カラー・解答編"
check_eq "pack.pdf: a page label" "u:機密書類からの情報漏えいを防ぐために（A4・カラー）" \
  "$(jq -r '.pagelabels[0].label."/P"' "$WORK/pack.json")"
# What the variants share is embedded once: a font subset (same name, same glyphs) appears
# once, and pack.pdf is at most 40 % of the sum of its parts. Its pages still look exactly
# like the outputs' own.
check_eq "pack.pdf: each font subset once" "" \
  "$(pdffonts "$P/out/pack.pdf" | tail -n +3 | awk '{ print $1 }' | sort | uniq -d | head -n 3)"
parts=$(find "$P/out" -maxdepth 1 -name '*.pdf' ! -name pack.pdf -printf '%s\n' | awk '{ s += $1 } END { print s }')
whole=$(stat -c %s "$P/out/pack.pdf")
[ $((whole * 100)) -le $((parts * 40)) ] && pass || fail "pack.pdf is $whole bytes, more than 40 % of its parts' $parts"
pdftoppm -r 30 -png -f 1 -l 1 "$P/out/pack.pdf" "$WORK/pack-page"
pdftoppm -r 30 -png -f 1 -l 1 "$P/out/confidential-documents-A4.pdf" "$WORK/part-page"
cmp -s "$WORK"/pack-page-*1.png "$WORK"/part-page-*1.png && pass || fail "pack.pdf's first page differs from its part"

# The site: every link and picture is there.
missing=0
for ref in $(grep -o -E '(href|src)="[^"#]+' "$P/out/index.html" | sed 's/^[a-z]*="//'); do
  case "$ref" in ../* | /* | *://*) missing=$((missing + 1)); echo "leaves the folder: $ref" >&2 ;; esac
  [ -e "$P/out/$ref" ] || { missing=$((missing + 1)); echo "missing: $ref" >&2; }
done
check_eq "catalogue links resolve, none leaves the output folder" 0 "$missing"
check_no_file "no stale index in site/" "$P/out/site/index.html"
check_contains "site in Japanese" "$(head -c 300 "$P/out/index.html")" 'lang="ja"'
check_contains "answer reachable from its question" "$(cat "$P/out/index.html")" 'href="#checksheet-staffroom-answer"'
# A card of the catalogue, by its id.
card() { tr -d '\n' <"$P/out/index.html" | grep -o "<article class=\"card\" id=\"$1\">.*" | sed 's|</article>.*||; s|<wbr>||g'; }
# The answers never reach the question sheet: not in its text version, not in its PDF's
# alt text (read by screen readers); both are in the answer sheet's.
alt_of() {
  qpdf --qdf --object-streams=disable "$1" "$WORK/alt.pdf"
  python3 -c '
import re, sys
raw = open(sys.argv[1], "rb").read().decode("latin-1")
print("\n".join(bytes.fromhex(h).decode("utf-16-be") for h in re.findall(r"/Alt <feff([0-9a-fA-F]*)>", raw)))' "$WORK/alt.pdf"
}
leaks=0
for sheet in staffroom cafe train; do
  q_text=$(cat "$P/out/site/text/checksheet-$sheet-question.html")
  a_text=$(cat "$P/out/site/text/checksheet-$sheet-answer.html")
  q_alt=$(alt_of "$P/out/checksheet-$sheet-A4-question.pdf")
  a_alt=$(alt_of "$P/out/checksheet-$sheet-A4-answer.pdf")
  while IFS= read -r item; do
    case "$q_text$q_alt" in *"$item"*) leaks=$((leaks + 1)); echo "leaks: $item" >&2 ;; esac
    check_contains "$sheet answer text version: $item" "$a_text" "$item"
    check_contains "$sheet answer alt text: $item" "$a_alt" "$item"
  done < <(sed -n 's/^    item: //p' "$P/layouts/checksheet-$sheet.yaml")
done
check_eq "question sheet: no hazard in its text version or alt text" 0 "$leaks"
check_contains "question card links its own text version" "$(card checksheet-staffroom-question)" 'href="site/text/checksheet-staffroom-question.html"'
# The catalogue: pack.pdf linked, materials counted (a question and its answer sheet are
# one), a card's variants in one order (A4 before A3, then B4, B5; colour, gray, print
# shop), titles with phrase boundaries for narrow screens.
index=$(cat "$P/out/index.html")
check_contains "catalogue: pack.pdf linked" "$index" '<a href="pack.pdf" type="application/pdf">すべての教材を1つにまとめたPDF</a>'
check_contains "catalogue: materials counted" "$index" "教材 $(grep -c '^  - definition:' "$P/layouts/pack.yaml") 点"
check_eq "catalogue: the poster's variants in order" \
  "A4・カラー|A4・白黒|A4・カラー・印刷所用（塗り足し）|A3・カラー|A3・カラー・印刷所用（トンボ付き）|B4・カラー" \
  "$(card confidential-documents | grep -o 'type="application/pdf">[^<]*' | sed 's/.*>//' | tr '\n' '|' | sed 's/|$//')"
check_contains "catalogue: a title broken between phrases" "$index" "<h2>機密書類からの<wbr>情報漏えいを<wbr>防ぐために</h2>"
# The documents' cards: title, kind, their files with page counts, the booklet named as one.
check_contains "card: glossary title" "$(card glossary)" "<h2>情報セキュリティ用語集</h2>"
check_contains "card: glossary kind" "$(card glossary)" "冊子・複数ページの資料"
check_contains "card: glossary A4, 3 pages" "$(card glossary)" 'glossary-A4.pdf" type="application/pdf">A4・カラー</a> <span class="meta">PDF・'
check_contains "card: glossary page count" "$(card glossary)" "・3ページ</span>"
check_contains "card: incident news" "$(card incident-news)" "<h2>情報セキュリティ事故ニュース</h2>"
check_contains "card: the guide" "$(card isen-guide)" "<h2>ISEN（教育ネットワーク情報セキュリティ推進委員会）ご案内</h2>"
check_contains "card: the guide, 4 pages" "$(card isen-guide)" "・4ページ</span>"
check_contains "card: the guide's booklet" "$(card isen-guide)" \
  'isen-guide-A4-shop-tombo-booklet.pdf" type="application/pdf">A4・カラー・印刷所用（トンボ付き）・中綴じ冊子（A3に見開きで面付け）</a>'
# In headless Chromium: every link resolves and every thumbnail loads as a browser sees
# them (site_check.html), and a screenshot to look at.
chrome=(timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  --user-data-dir="$WORK/chrome")
verdict=$("${chrome[@]}" --allow-file-access-from-files --virtual-time-budget=20000 --dump-dom \
  "file://$PWD/tests/e2e/site_check.html#file://$P/out/index.html" 2>/dev/null |
  sed -n '/<body>/,/<\/body>/p' | sed 's/<[^>]*>//g')
links=$(grep -o 'href="' "$P/out/index.html" | wc -l)
pictures=$(grep -o '<img ' "$P/out/index.html" | wc -l)
check_contains "chromium: links and thumbnails" "$verdict" "OK $links links, $pictures pictures"
case "$verdict" in *FAIL*) fail "chromium: $verdict" ;; esac
# Screenshots at a phone's 390 px and a desktop's 1280 px (SURIMONO_KEEP_SCREENSHOTS=DIR
# keeps them to look at).
for width in 390 1280; do
  "${chrome[@]}" --window-size=$width,1400 --screenshot="$WORK/site-$width.png" \
    "file://$P/out/index.html" >/dev/null 2>&1
  check_file "site screenshot at $width px" "$WORK/site-$width.png"
  [ -n "${SURIMONO_KEEP_SCREENSHOTS:-}" ] && cp "$WORK/site-$width.png" "$SURIMONO_KEEP_SCREENSHOTS/"
done

# Nothing changed: nothing rendered, same manifest.
cp "$P/out/manifest.json" "$WORK/first.json"
out=$("$SURIMONO" build "$P" -j2 2>/dev/null)
check_contains "rebuild skips everything" "$out" "0 built, 49 up to date"
cmp -s "$P/out/manifest.json" "$WORK/first.json" && pass || fail "manifest changed on a rebuild"
# The date written into the PDFs is an input too: SOURCE_DATE_EPOCH rebuilds everything,
# and then it is up to date again.
out=$(SOURCE_DATE_EPOCH=1700000000 "$SURIMONO" build "$P" -j2 2>/dev/null)
check_contains "SOURCE_DATE_EPOCH rebuilds" "$out" "49 built, 0 up to date"
check_contains "SOURCE_DATE_EPOCH written" "$(pdfinfo "$P/out/shredder-sign-A4.pdf")" "2023"
out=$(SOURCE_DATE_EPOCH=1700000000 "$SURIMONO" build "$P" -j2 2>/dev/null)
check_contains "SOURCE_DATE_EPOCH up to date" "$out" "0 built, 49 up to date"
"$SURIMONO" build "$P" -j2 -q 2>/dev/null
# Inputs are recorded relative to the project however build was called ("." or a folder).
(cd "$P" && "$SURIMONO" build . -o "$WORK/from-inside" -j2 -q 2>/dev/null)
check_eq "manifest inputs the same from inside and outside" \
  "$(jq -c '[.outputs[].inputs | keys]' "$P/out/manifest.json")" \
  "$(jq -c '[.outputs[].inputs | keys]' "$WORK/from-inside/manifest.json")"
check_eq "manifest inputs relative" "" "$(jq -r '.outputs[].inputs | keys[]' "$P/out/manifest.json" | grep "^$P" | head -n 1)"
# A changed asset rebuilds exactly the outputs that use it.
printf '\n<!-- edited -->\n' >>"$P/assets/poster/shredder.svg"
out=$("$SURIMONO" build "$P" -j2 2>/dev/null)
check_contains "changed asset" "$out" "12 built, 37 up to date" # 6 posters, 3 signs, 3 guides
# An edit that keeps the file's size is seen as well.
sed -i 's/<!-- edited -->/<!-- EDITED -->/' "$P/assets/poster/shredder.svg"
out=$("$SURIMONO" build "$P" -j2 2>/dev/null)
check_contains "same-size edit" "$out" "12 built, 37 up to date"
# pack.pdf of that incremental build (the ready outputs copied while the workers rendered
# the others) is the one a build from nothing makes.
"$SURIMONO" build "$P" -j2 -o "$WORK/fresh" -q >/dev/null 2>&1
cmp -s "$P/out/pack.pdf" "$WORK/fresh/pack.pdf" && pass || fail "incremental pack.pdf differs from a fresh build's"
# --force renders everything again, to the same bytes.
out=$("$SURIMONO" build "$P" --force -j1 2>/dev/null)
check_contains "force" "$out" "49 built, 0 up to date"
"$SURIMONO" build "$P" --force -j2 -o "$WORK/again" >/dev/null 2>&1
for f in confidential-documents-A3.pdf checksheet-staffroom-A4-answer.pdf pack.pdf; do
  cmp -s "$P/out/$f" "$WORK/again/$f" && pass || fail "$f differs between -j1 and -j2 builds"
done

# Query: the work units as JSON, with the hash shards use.
if command -v jq >/dev/null; then
  check_eq "query units" 49 "$("$SURIMONO" query --json "$P" | jq '.units | length')"
  # Three shards, merged, give the single build's manifest.
  for i in 0 1 2; do "$SURIMONO" build "$P" --shard $i/3 -o "$WORK/shard$i" -q >/dev/null 2>&1; done
  "$SURIMONO" manifest merge "$WORK/merged.json" "$WORK"/shard{0,1,2}/manifest.json
  cmp -s "$WORK/merged.json" "$P/out/manifest.json" && pass || fail "merged shard manifests differ from the single build's"
  check_eq "shards: PDFs and a manifest only (no site/)" "" "$(ls -d "$WORK"/shard*/site 2>/dev/null)"
  # The README's GNU parallel recipe, the local host as every worker (-S :), 4 shards.
  if command -v parallel >/dev/null; then
    parallel --will-cite -S : --wd "$P" "$SURIMONO build . --shard {}/4 -o $WORK/out-{} -q" ::: 0 1 2 3 \
      >"$WORK/parallel.log" 2>&1 || fail "parallel recipe: $(cat "$WORK/parallel.log")"
    "$SURIMONO" manifest merge "$WORK/parallel.json" "$WORK"/out-*/manifest.json
    cmp -s "$WORK/parallel.json" "$P/out/manifest.json" && pass || fail "the parallel recipe's manifest differs from the single build's"
  else
    fail "GNU parallel is needed for the recipe's test (apt-get install parallel)"
  fi
fi

# A broken definition and an output that fails to render (no font has the private-use
# character, a gaiji pasted from an old office file): with
# --keep-going the rest is built and each failure is listed with its position.
printf 'kind: page\ntitle: 壊れた定義\nbody: 3\n' >"$P/layouts/broken.yaml"
printf 'kind: page\ntitle: 外字\nbody:\n  - text: "顔\xee\x80\x80"\n' >"$P/layouts/emoji.yaml"
printf '  - definition: broken.yaml\n  - definition: emoji.yaml\n' >>"$P/layouts/pack.yaml"
"$SURIMONO" build "$P" --force -k -j2 -o "$WORK/broken" >"$WORK/out.txt" 2>"$WORK/err"
check_eq "broken: exit code" 1 "$?"
check_contains "broken: position" "$(cat "$WORK/err")" "broken.yaml:3:7: error"
check_contains "broken: the rest built" "$(cat "$WORK/out.txt")" "49 built"
check_contains "broken: summary" "$(cat "$WORK/err")" "1 output could not be made: its definition or its values have the errors above"
check_contains "render failure listed with its position" "$(cat "$WORK/err")" \
  "emoji.pdf: $P/layouts/emoji.yaml:4:13: error: no font in fonts/fonts.conf has the character"
check_no_file "render failure: no PDF" "$WORK/broken/emoji.pdf"
# pack.pdf holds what was built, without the failed output.
check_eq "broken: pack.pdf has the built pages" "$(pdfinfo "$P/out/pack.pdf" | awk '/^Pages:/ { print $2 }')" \
  "$(pdfinfo "$WORK/broken/pack.pdf" | awk '/^Pages:/ { print $2 }')"

# Per-school variants from Excel's CSV (CP932): one output per row, the row's columns as
# variables, names from a template; a bad row is reported with its line and skipped with -k.
S="$WORK/schools"
mkdir -p "$S/layouts"
cat >"$S/layouts/notice.yaml" <<'YAML'
kind: page
title: "{学校名}からのお知らせ"
vars:
  学校名: 各学校
  電話: ""
body:
  - heading: "{学校名}"
  - text: 機密書類は必ずシュレッダーへ。問い合わせ：{電話}
  - qr: "https://www.school-security.jp/?school={学校名}"
    alt: "{学校名}の案内ページ"
YAML
printf 'kind: pack\ntitle: 学校別\ndocuments:\n  - definition: notice.yaml\n' >"$S/layouts/pack.yaml"
printf '学校名,電話\r\n岡山市立北小学校,086-000-0000\r\nＩＳＥＮ中学校,086-111-1111,余分\r\n倉敷市立南小学校,086-222-2222\r\n' |
  iconv -f UTF-8 -t CP932 >"$S/schools.csv"
"$SURIMONO" build "$S" --data "$S/schools.csv" --name '{学校名}/{output}' -o "$WORK/per-school" >"$WORK/out.txt" 2>"$WORK/err"
check_eq "bad row: exit code" 1 "$?"
check_contains "bad row: its line" "$(cat "$WORK/err")" "schools.csv:3:"
check_no_file "bad row: nothing built without -k" "$WORK/per-school/岡山市立北小学校/notice.pdf"
"$SURIMONO" build "$S" --data "$S/schools.csv" --name '{学校名}/{output}' -k -o "$WORK/per-school" >"$WORK/out.txt" 2>"$WORK/err"
check_eq "bad row -k: exit code" 1 "$?"
check_file "school 1" "$WORK/per-school/岡山市立北小学校/notice.pdf"
check_file "school 3" "$WORK/per-school/倉敷市立南小学校/notice.pdf"
check_no_file "bad row skipped" "$WORK/per-school/ＩＳＥＮ中学校/notice.pdf"
text=$(pdftotext -enc UTF-8 "$WORK/per-school/岡山市立北小学校/notice.pdf" - | tr -d ' \n')
check_contains "variables filled: name" "$text" "岡山市立北小学校"
check_contains "variables filled: phone" "$text" "問い合わせ：086-000-0000"
check_eq "school title" "岡山市立北小学校からのお知らせ" "$(pdfinfo "$WORK/per-school/岡山市立北小学校/notice.pdf" | sed -n 's/^Title: *//p')"
if command -v zbarimg >/dev/null; then
  pdftoppm -r 150 -png "$WORK/per-school/倉敷市立南小学校/notice.pdf" "$WORK/notice"
  check_contains "school QR" "$(zbarimg -q "$WORK"/notice-1.png 2>/dev/null)" "school=倉敷市立南小学校"
fi
check_eq "per-school: no catalogue parts (no site/)" "" "$(ls -d "$WORK/per-school/site" 2>/dev/null)"
# Declared variables: each row's values are checked against the declarations; a row that
# breaks one is not built, the others are (with -k).
D="$WORK/declared"
mkdir -p "$D/layouts"
cat >"$D/layouts/notice.yaml" <<'YAML'
kind: page
title: "{学校名}からのお知らせ"
vars:
  学校名: {label: 学校名, required: true, max-length: 10}
  電話: {label: 電話番号, type: phone, default: 086-000-0000}
body:
  - heading: "{学校名}"
  - text: 問い合わせ：{電話}
YAML
printf 'kind: pack\ntitle: 学校別\ndocuments:\n  - definition: notice.yaml\n' >"$D/layouts/pack.yaml"
printf '学校名,電話\n北小学校,086-111-1111\n岡山県岡山市立とても長い名前の小学校,086-1\n南中学校,0861x\n' >"$D/schools.csv"
"$SURIMONO" build "$D" --data "$D/schools.csv" -k -o "$WORK/declared-out" >"$WORK/out.txt" 2>"$WORK/err"
check_eq "declared: exit code" 1 "$?"
check_contains "declared: too long" "$(cat "$WORK/err")" \
  "notice.yaml:4:8: error: the value '岡山県岡山市立とても長い名前の小学校' of {学校名} is 18 characters long, more than its max-length of 10"
check_contains "declared: not a phone number" "$(cat "$WORK/err")" "notice.yaml:5:7: error: the value '0861x' of {電話} is not a phone number"
check_file "declared: the good row" "$WORK/declared-out/北小学校/notice.pdf"
check_no_file "declared: the bad row" "$WORK/declared-out/南中学校/notice.pdf"
"$SURIMONO" render "$D/layouts/notice.yaml" -o "$WORK/declared.pdf" 2>"$WORK/err"
check_contains "declared: required" "$(cat "$WORK/err")" "notice.yaml:4:8: error: the variable {学校名} is required"
check_no_file "declared: required, no PDF" "$WORK/declared.pdf"
# Run again with nothing changed: every school's output is up to date (it has no thumbnail
# to miss).
"$SURIMONO" build "$S" --data "$S/schools.csv" --name '{学校名}/{output}' -k -o "$WORK/per-school" >"$WORK/out.txt" 2>"$WORK/err"
check_contains "per-school, nothing changed: all up to date" "$(cat "$WORK/out.txt")" "0 built, 2 up to date"

# Without --name, a folder per value of the first column; a definition that uses no column
# is made once (and the summary says so); a template naming no column is one clear error.
printf '学校名,電話\n岡山市立北小学校,086-000-0000\n倉敷市立南小学校,086-222-2222\n' >"$S/good.csv"
printf 'kind: page\ntitle: 共通のお知らせ\nbody:\n  - text: どの学校にも同じお知らせです。\n' >"$S/layouts/common.yaml"
printf '  - definition: common.yaml\n' >>"$S/layouts/pack.yaml"
out=$("$SURIMONO" build "$S" --data "$S/good.csv" -o "$WORK/default-names" 2>"$WORK/err")
check_eq "default names: exit code" 0 "$?"
check_file "default names: the school's folder" "$WORK/default-names/岡山市立北小学校/notice.pdf"
check_file "default names: the other school's" "$WORK/default-names/倉敷市立南小学校/notice.pdf"
check_file "no column used: made once" "$WORK/default-names/common.pdf"
check_eq "no column used: not per school" "" "$(ls "$WORK/default-names/岡山市立北小学校" | grep common)"
check_contains "no column used: said in the summary" "$out" "1 output uses no column of the CSV: made once, not once per row"
"$SURIMONO" build "$S" --data "$S/good.csv" --name '{学校}/{output}' -o "$WORK/bad-name" >/dev/null 2>"$WORK/err"
check_eq "unknown column in --name: exit code" 1 "$?"
check_eq "unknown column in --name: one error" 1 "$(grep -c 'error:' "$WORK/err")"
check_contains "unknown column in --name: the columns and a hint" "$(cat "$WORK/err")" \
  "the name template '{学校}/{output}' names '{学校}', which is no column of"
check_contains "unknown column in --name: did you mean" "$(cat "$WORK/err")" "(its columns: 学校名, 電話); did you mean '{学校名}'?"
# A definition's variable that is no column, said once (not once per school), with the column.
T="$WORK/typo" && mkdir -p "$T/layouts"
printf 'kind: page\ntitle: "{学校}のお知らせ"\nbody:\n  - text: 本文\n' >"$T/layouts/typo.yaml"
"$SURIMONO" build "$T" --data "$S/good.csv" -o "$WORK/typo-out" >/dev/null 2>"$WORK/err"
check_eq "variable no column: exit code" 1 "$?"
check_eq "variable no column: one error, not one per school" 1 "$(grep -c 'error:' "$WORK/err")"
check_contains "variable no column: the column" "$(cat "$WORK/err")" "typo.yaml:2:9: error: unknown variable '{学校}'; did you mean '{学校名}'?"

finish
