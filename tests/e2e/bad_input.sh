#!/usr/bin/env bash
# bad_input.sh: every class of bad input gives file:line:col: error: message, exit code 1,
# and no output file; a failed render never replaces a good file.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

# expect_error FIXTURE "LINE:COL: error: MESSAGE" [EXIT]
expect_error() {
  local file=$1 expected=$2 code=${3:-1} out="$WORK/out.pdf"
  rm -f "$out"
  "$SURIMONO" render "$file" -o "$out" 2>"$WORK/stderr"
  local rc=$?
  check_eq "$file: exit code" "$code" "$rc"
  check_contains "$file: message" "$(cat "$WORK/stderr")" "$file:$expected"
  check_no_file "$file: output" "$out"
  check_eq "$file: no temporary file left" "" "$(ls -A "$WORK" | grep '^\.out' || true)"
}

B=tests/bad
expect_error $B/unknown-key.yaml "5:5: error: unknown key 'colour' in text; did you mean 'color'?"
expect_error $B/wrong-type.yaml "3:8: error: expected a list, got '印刷したらすぐに回収'"
expect_error $B/out-of-range.yaml "5:11: error: 'size' must be between 1pt and 400pt, got 900pt"
expect_error $B/bad-paper.yaml "3:8: error: unknown paper 'A7' (one of A3, A4, A5, B4, B5, custom)"
expect_error $B/length-without-unit.yaml "3:9: error: bad length '15'; a length needs a unit (mm, pt, %, em)"
expect_error $B/bad-colour.yaml "5:12: error: bad colour '#12'; expected #rgb or #rrggbb"
expect_error $B/missing-alt.yaml "4:5: error: missing required key 'alt' in image"
expect_error $B/missing-kind.yaml "1:1: error: missing required key 'kind' (one of page, poster, checksheet, document, pack)"
expect_error $B/alias.yaml "4:11: error: YAML aliases are not supported (write the value out)"
expect_error $B/syntax.yaml "5:1: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at 4:11)"
expect_error $B/element-type.yaml "4:5: error: element needs one of: text, heading, image, box, stack, row, grid, list, lines, rule, space, table, qr, page-break, glossary, flow, section, chart; did you mean 'text'?"
expect_error $B/two-element-types.yaml "5:5: error: an element has one type, but this one has 'text' and 'heading'"
expect_error $B/not-utf8.yaml "2:8: error: the file is not UTF-8 (byte 0x8B); save it as UTF-8 (Shift_JIS/CP932 files must be converted)"
expect_error $B/missing-asset.yaml "4:12: error: cannot find image 'assets/poster/missing.svg' in the project root"
expect_error $B/outside-root.yaml "4:12: error: image '../../../../../../../../usr/share/icons/hicolor/scalable/apps/x.svg' is outside the project root"
expect_error $B/unknown-variable.yaml "6:15: error: unknown variable '{schol}'; did you mean '{school}'?"
expect_error $B/unknown-colour-name.yaml "6:12: error: unknown colour 'acent'; did you mean 'accent'?"
expect_error $B/unknown-theme.yaml "3:8: error: theme 'nosuch' not found (no layouts/themes/nosuch.yaml)"
# Content that does not fit is an error naming the element and by how much; nothing is
# placed past it, so no distance-to-edge errors follow from it.
expect_error $B/page-overflow.yaml "7:5: error: this element runs past the bottom margin: the page's content is 31.2 mm too tall"
expect_error $B/box-overflow.yaml "4:5: error: the content of this box needs 37.8 mm, inside its padding it has 0.0 mm (37.8 mm too tall)"
expect_error $B/text-overflow.yaml "4:5: error: text needs 37.8 mm, its box has 5.0 mm (32.8 mm too tall)"
expect_error $B/vertical-overflow.yaml "5:9: error: vertical text needs 41.5 mm across, its box has 20.0 mm (21.5 mm too wide)"
expect_error $B/scene-too-small.yaml "14:14: error: this element runs past the bottom margin of the answer page: the page's content is 13.7 mm too tall with the picture shrunk to 60 %"
expect_error $B/unbreakable-word.yaml "5:9: error: a word of this text is 70.4 mm wider than its box and has no place to break"
for f in page-overflow box-overflow text-overflow vertical-overflow unbreakable-word scene-too-small; do
  "$SURIMONO" render $B/$f.yaml -o "$WORK/x.pdf" 2>"$WORK/stderr"
  check_eq "$f: one error, nothing that follows from it" 1 "$(grep -c ': error: ' "$WORK/stderr")"
done
# Documents: what cannot be placed is an error where it is written.
expect_error $B/glossary-reading.yaml "6:18: error: a reading is written in kana (hiragana or katakana, ー allowed)"
expect_error $B/taller-than-column.yaml "6:5: error: this element is 300.0 mm tall, taller than a column (250.6 mm), and cannot be split"
expect_error $B/page-break-in-page.yaml "5:5: error: a page-break works between the elements of a kind: document body or section only"
expect_error $B/section-in-box.yaml "6:9: error: a section belongs directly in a kind: document body (not in another element)"
expect_error $B/split-callout.yaml "5:5: error: a callout (a box with a pointer) cannot be split"
expect_error $B/chart-not-a-number.yaml "9:23: error: expected a number, got '三百'"
expect_error $B/chart-negative-slice.yaml "9:22: error: a pie's slice cannot show a negative value (-4)"
expect_error $B/chart-series-longer.yaml "9:17: error: the series '訓告等' has 3 values for 2 categories: one value per category"
# A CSV file's bad cells: each error at its line and column in the CSV.
"$SURIMONO" render $B/chart-csv-missing.yaml -o "$WORK/x.pdf" 2>"$WORK/stderr"
check_eq "chart CSV: exit code" 1 "$?"
check_contains "chart CSV: empty cell" "$(cat "$WORK/stderr")" "tests/bad/chart-values.csv:3:7: error: a missing value: the cell of column '訓告等' is empty"
check_contains "chart CSV: not a number" "$(cat "$WORK/stderr")" "tests/bad/chart-values.csv:4:11: error: '七' is not a number (column '戒告')"
check_no_file "chart CSV: no output" "$WORK/x.pdf"
expect_error $B/poster-empty-qr.yaml "6:5: error: a QR code needs a URL or text to hold (this one is empty)"
expect_error $B/custom-paper-without-size.yaml "4:8: error: paper: custom needs paper-size: [width, height]"
expect_error $B/too-many-hazards.yaml "8:3: error: a check sheet has at most 20 hazards (①〜⑳), not 21"
expect_error $B/negative-at.yaml "8:10: error: 'at' must not be negative, got -5%"
expect_error $B/table-short-row.yaml "7:9: error: this row has 3 cells, the first row 4: every row needs one cell per column"
"$SURIMONO" render $B/table-csv-short-row.yaml -o "$WORK/x.pdf" 2>"$WORK/stderr"
check_contains "CSV short row: at its line" "$(cat "$WORK/stderr")" "tests/bad/table-short-row.csv:3:1: error: this row stops before column '個人情報数'"
check_no_file "CSV short row: no output" "$WORK/x.pdf"
expect_error $B/table-unknown-field.yaml "6:20: error: the CSV file layouts/data/incidents.csv has no column '市区町村'"
expect_error $B/table-outside-root.yaml "5:11: error: cannot read the table's data '../../../../../../../../etc/passwd': it is outside the project root"
expect_error $B/table-without-rows.yaml "4:5: error: a table needs its rows: table: or data: FILE.csv"
expect_error $B/line-taller-than-column.yaml "5:5: error: a line of this text is 239.9 mm tall, taller than a column"
expect_error $B/flow-empty.yaml "4:11: error: a flow needs at least one box"
expect_error $B/uncovered-character.yaml "4:15: error: no font in fonts/fonts.conf has the character 'अ' (U+0905)"
expect_error $B/unknown-font.yaml "4:5: error: font 'Comic Sans MS' is not in fonts/fonts.conf"
expect_error $B/unknown-style.yaml "5:12: error: unknown style 'tilte'; did you mean 'title'?"

# Limits: nesting depth, generated rather than stored.
{
  echo "kind: page"; echo "title: 深さ"; echo "body:"
  indent="  "
  for i in $(seq 1 70); do echo "${indent}- stack:"; indent="$indent    "; done
  echo "${indent}- text: 深い"
} >"$WORK/depth.yaml"
depth_file="$WORK/depth.yaml"
"$SURIMONO" check "$depth_file" 2>"$WORK/stderr"
check_eq "depth: exit code" 1 "$?"
check_contains "depth: message" "$(cat "$WORK/stderr")" "error: nested too deeply: at most 64 levels"

# Every problem in one run: three errors, three lines.
printf 'kind: page\ntitle: 複数\nbody:\n  - text: a\n    colr: red\n  - image: x.gif\n  - heading: b\n    size: 12\n' >"$WORK/many.yaml"
"$SURIMONO" check "$WORK/many.yaml" 2>"$WORK/stderr"
check_eq "several errors: exit code" 1 "$?"
check_eq "several errors: all reported" 3 "$(grep -c ': error: ' "$WORK/stderr")"

# A symlink inside the project that leads outside it is refused.
mkdir -p "$WORK/proj/layouts" "$WORK/proj/assets" "$WORK/outside"
cp assets/poster/printer.svg "$WORK/outside/secret.svg"
ln -s "$WORK/outside/secret.svg" "$WORK/proj/assets/link.svg"
printf 'kind: page\ntitle: リンク\nbody:\n  - image: assets/link.svg\n    alt: 外へのリンク\n' >"$WORK/proj/layouts/link.yaml"
"$SURIMONO" render "$WORK/proj/layouts/link.yaml" -o "$WORK/proj/link.pdf" 2>"$WORK/stderr"
check_eq "symlink: exit code" 1 "$?"
check_contains "symlink: message" "$(cat "$WORK/stderr")" "link.yaml:4:12: error: image 'assets/link.svg' is outside the project root"
check_no_file "symlink: output" "$WORK/proj/link.pdf"

# A failed render leaves a good file as it was.
"$SURIMONO" render layouts/confidential-documents.yaml -o "$WORK/good.pdf" 2>/dev/null
cp "$WORK/good.pdf" "$WORK/good-copy.pdf"
"$SURIMONO" render $B/unknown-key.yaml -o "$WORK/good.pdf" 2>/dev/null
check_eq "failed render: exit code" 1 "$?"
cmp -s "$WORK/good.pdf" "$WORK/good-copy.pdf" && pass || fail "a failed render changed the existing file"
"$SURIMONO" render layouts/confidential-documents.yaml -o "$WORK/no-such-dir/x.pdf" 2>"$WORK/stderr"
check_eq "unwritable output: exit code" 1 "$?"
check_contains "unwritable output: message" "$(cat "$WORK/stderr")" "x.pdf"

# Command-line mistakes exit 2.
"$SURIMONO" render 2>/dev/null; check_eq "no file: exit code" 2 "$?"
"$SURIMONO" render layouts/confidential-documents.yaml --frobnicate 2>/dev/null; check_eq "unknown option: exit code" 2 "$?"
"$SURIMONO" frobnicate 2>/dev/null; check_eq "unknown command: exit code" 2 "$?"
"$SURIMONO" render layouts/confidential-documents.yaml -o "$WORK/x.gif" 2>/dev/null; check_eq "bad output type: exit code" 2 "$?"
"$SURIMONO" render layouts/confidential-documents.yaml --paper A7 -o "$WORK/a7.pdf" 2>"$WORK/stderr"
check_eq "bad --paper: exit code" 1 "$?"
check_contains "bad --paper: message" "$(cat "$WORK/stderr")" "unknown paper 'A7'"
"$SURIMONO" render layouts/confidential-documents.yaml --set novalue -o "$WORK/s.pdf" 2>"$WORK/stderr"
check_eq "bad --set: exit code" 1 "$?"
check_contains "bad --set: message" "$(cat "$WORK/stderr")" "--set expects key=value"
"$SURIMONO" render /nonexistent/file.yaml -o "$WORK/n.pdf" 2>"$WORK/stderr"
check_eq "missing file: exit code" 1 "$?"
check_contains "missing file: message" "$(cat "$WORK/stderr")" "cannot read /nonexistent/file.yaml"

finish
