#!/usr/bin/env bash
# cli.sh: the command line — help, version, check, fonts, schema, dump.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

help=$("$SURIMONO" --help); check_eq "--help exit code" 0 "$?"
for word in render check build fonts schema "exit codes" SOURCE_DATE_EPOCH; do check_contains "--help" "$help" "$word"; done
check_contains "--version" "$("$SURIMONO" --version)" "surimono 0."
version=$("$SURIMONO" --version)
for lib in cairo pango harfbuzz fontconfig librsvg libyaml qpdf; do
  check_contains "--version: $lib" "$version" "$lib "
done
check_contains "--version: the fonts in use" "$version" "BIZ UDGothic"
# qpdf, librsvg and MeCab are loaded when a run needs them: the
# binary does not name them, so a start-up that needs none of them does not load them.
check_contains "--version: the libraries loaded when needed" "$version" "loaded when needed: librsvg"
check_eq "start-up loads no qpdf, librsvg, MeCab or libsoup" "" \
  "$(ldd "$SURIMONO" | grep -E 'libqpdf|librsvg|libmecab|libsoup' | head -n 3)"
check_contains "--version: libsoup for serve" "$version" "libsoup 3."
check_contains "--help: every paper" "$("$SURIMONO" --help)" "--paper A4|A3|A5|B4|B5"
# A paper is written the same way on the command line as in a definition: a4 is refused
# in both, with a hint.
out=$("$SURIMONO" render layouts/shredder-sign.yaml --paper a4 -o "$WORK/a4.pdf" 2>&1)
check_eq "--paper a4: exit code" 1 "$?"
check_contains "--paper a4: did you mean" "$out" "unknown paper 'a4' (expected A3, A4, A5, B4 or B5); did you mean 'A4'?"

out=$("$SURIMONO" check $(ls layouts/*.yaml | grep -v pack.yaml) 2>&1); check_eq "check exit code" 0 "$?"
check_contains "check" "$out" "checksheet-staffroom.yaml: ok (2 pages)"
check_contains "check" "$out" "confidential-documents.yaml: ok (1 pages)"
before=$(ls -A)
"$SURIMONO" check layouts/confidential-documents.yaml >/dev/null 2>&1
check_eq "check writes nothing" "$before" "$(ls -A)"

fonts=$("$SURIMONO" fonts layouts/confidential-documents.yaml); check_eq "fonts exit code" 0 "$?"
check_contains "fonts lists BIZ UD Gothic" "$fonts" "BIZUDPGothic-Bold.ttf"
check_contains "fonts lists Noto Sans CJK" "$fonts" "NotoSansCJK-Regular.ttc"
check_contains "fonts coverage" "$fonts" "BIZ UDPGothic bold:"
case "$fonts" in *missing:*) fail "fonts reports missing characters for the poster" ;; *) pass ;; esac
fonts=$("$SURIMONO" fonts tests/bad/uncovered-character.yaml)
check_contains "fonts reports a gap" "$fonts" "missing: अ"

# The JSON Schema parses, is draft-07, and knows the kinds and elements.
schema=$("$SURIMONO" schema); check_eq "schema exit code" 0 "$?"
if command -v jq >/dev/null; then
  check_eq "schema draft" "http://json-schema.org/draft-07/schema#" "$(printf '%s' "$schema" | jq -r '."$schema"')"
  check_eq "schema kinds" 5 "$(printf '%s' "$schema" | jq '.allOf | length')"
fi
for word in poster checksheet heading markers '"shrink"'; do check_contains "schema" "$schema" "$word"; done

# Starting out: `new` writes a starting definition of each kind into an empty project (no
# themes, no assets): each renders as it is, without a warning, and validates against the
# schema written beside it; nothing is overwritten.
N="$WORK/newproject" && mkdir -p "$N"
for kind in poster checksheet page document; do
  "$SURIMONO" new $kind my-$kind "$N" >"$WORK/out" 2>&1 || fail "new $kind: $(cat "$WORK/out")"
  check_contains "new $kind: says how to render" "$(cat "$WORK/out")" "surimono render $N/layouts/my-$kind.yaml"
  check_contains "new $kind: the schema line" "$(head -n 1 "$N/layouts/my-$kind.yaml")" \
    "# yaml-language-server: \$schema=surimono.schema.json"
  "$SURIMONO" render "$N/layouts/my-$kind.yaml" -o "$WORK/new-$kind.pdf" 2>"$WORK/err" || fail "new $kind renders: $(cat "$WORK/err")"
  check_eq "new $kind: no warnings" "" "$(cat "$WORK/err")"
done
check_file "new checksheet: its placeholder scene" "$N/assets/scenes/my-checksheet.svg"
check_eq "new checksheet: two editions" 2 "$(pdfinfo "$WORK/new-checksheet.pdf" | awk '/^Pages:/ { print $2 }')"
out=$("$SURIMONO" new poster my-poster "$N" 2>&1)
check_eq "new: an existing definition is kept" 1 "$?"
check_contains "new: says so" "$out" "my-poster.yaml exists; not overwritten"
out=$("$SURIMONO" new flyer x "$N" 2>&1)
check_eq "new: unknown kind" 2 "$?"
check_contains "new: the kinds" "$out" "one of poster, checksheet, page, document"
styles=$("$SURIMONO" styles)
for word in title subtitle section label footer accent-light "font roles" cmyk "styles "; do
  check_contains "styles: $word" "$(printf '%s' "$styles" | tr 'F' 'f')" "$word"
done
if python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  python3 "$(dirname "$0")/schema_check.py" "$N/layouts/surimono.schema.json" --valid "$N"/layouts/my-*.yaml \
    >"$WORK/out" 2>"$WORK/failures" && pass || fail "new: $(cat "$WORK/failures")"
fi

# watch: a save re-renders (editors save by renaming a new file over the old); a broken
# save prints its error with the position and keeps the last good PDF; a picture saved
# re-renders too; SIGTERM stops it cleanly.
W="$WORK/watch" && mkdir -p "$W" && cp -r layouts assets fonts "$W/"
"$SURIMONO" watch "$W/layouts/shredder-sign.yaml" -o "$W/sign.pdf" >"$WORK/watch.log" 2>&1 &
watcher=$!
wait_change() { # FILE OLD-SUM: waits up to 5 s for FILE's checksum to differ from OLD-SUM
  for _ in $(seq 100); do
    [ -f "$1" ] && [ "$(cksum <"$1")" != "$2" ] && return 0
    sleep 0.05
  done
  return 1
}
wait_change "$W/sign.pdf" "" && pass || fail "watch: no first render"
sum=$(cksum <"$W/sign.pdf")
sed 's/{掲示場所}のゴミ箱とシュレッダーの前に/{掲示場所}のシュレッダーの前に/' "$W/layouts/shredder-sign.yaml" >"$W/new.yaml"
mv "$W/new.yaml" "$W/layouts/shredder-sign.yaml"
wait_change "$W/sign.pdf" "$sum" && pass || fail "watch: a save did not re-render"
check_contains "watch: the new words" "$(pdftotext "$W/sign.pdf" - | tr -d ' \n')" "職員室のシュレッダーの前に"
renders=$(grep -c "sign.pdf: rendered" "$WORK/watch.log")
printf '\n<!-- saved -->\n' >>"$W/assets/poster/shredder.svg"
for _ in $(seq 100); do [ "$(grep -c "sign.pdf: rendered" "$WORK/watch.log")" -gt "$renders" ] && break; sleep 0.05; done
[ "$(grep -c "sign.pdf: rendered" "$WORK/watch.log")" -gt "$renders" ] && pass ||
  fail "watch: a picture's save did not re-render"
sum=$(cksum <"$W/sign.pdf")
lines=$(wc -l <"$WORK/watch.log")
printf 'kind: page\ntitle: [broken\n' >"$W/layouts/shredder-sign.yaml"
for _ in $(seq 100); do [ "$(wc -l <"$WORK/watch.log")" -gt "$lines" ] && grep -q "not replaced" "$WORK/watch.log" && break; sleep 0.05; done
check_contains "watch: the error with its position" "$(cat "$WORK/watch.log")" "shredder-sign.yaml:3:1: error: YAML syntax error"
check_contains "watch: says it kept the PDF" "$(cat "$WORK/watch.log")" "sign.pdf: not replaced"
check_eq "watch: the last good PDF kept" "$sum" "$(cksum <"$W/sign.pdf")"
kill -TERM "$watcher"
wait "$watcher"
check_eq "watch: stops on SIGTERM" 0 "$?"
check_eq "watch: nothing critical" "" "$(grep -i critical "$WORK/watch.log")"

# A real validator agrees with surimono: every definition, theme and pack of the project
# validates against its schema; the bad inputs the schema can express are rejected.
"$SURIMONO" schema >"$WORK/definition.json"
"$SURIMONO" schema --theme >"$WORK/theme.json"
"$SURIMONO" schema --pack >"$WORK/pack.json"
check_eq "schema --theme: its root" "#/definitions/theme" "$(jq -r '."$ref"' "$WORK/theme.json")"
check_eq "schema --pack: its root" "#/definitions/kind.pack" "$(jq -r '."$ref"' "$WORK/pack.json")"
if python3 -c 'import jsonschema, yaml' 2>/dev/null; then
  check_py() { python3 "$(dirname "$0")/schema_check.py" "$@" >"$WORK/out" 2>"$WORK/failures" && pass || {
    fail "schema: $(cat "$WORK/failures")"; }; }
  definitions=$(ls layouts/*.yaml tests/golden/fixtures/*.yaml | grep -v '/pack.yaml$')
  # shellcheck disable=SC2086
  check_py "$WORK/definition.json" --valid $definitions layouts/pack.yaml
  check_py "$WORK/theme.json" --valid layouts/themes/*.yaml
  check_py "$WORK/pack.json" --valid layouts/pack.yaml
  B=tests/bad
  check_py "$WORK/definition.json" --invalid $B/bad-colour.yaml $B/bad-paper.yaml \
    $B/chart-not-a-number.yaml $B/element-type.yaml $B/length-without-unit.yaml \
    $B/missing-alt.yaml $B/missing-kind.yaml $B/two-element-types.yaml $B/unknown-key.yaml \
    $B/wrong-type.yaml $B/custom-paper-without-size.yaml $B/too-many-hazards.yaml \
    $B/negative-at.yaml $B/flow-empty.yaml
  # The kind chooses the schema: the validator's message points inside it, not at the root.
  python3 - "$WORK/definition.json" tests/bad/unknown-key.yaml >"$WORK/out" 2>&1 <<'PY'
import json, sys, jsonschema, yaml
errors = list(jsonschema.Draft7Validator(json.load(open(sys.argv[1]))).iter_errors(yaml.safe_load(open(sys.argv[2]))))
print(jsonschema.exceptions.best_match(errors).message)
PY
  check_contains "schema: a precise message" "$(cat "$WORK/out")" "'colour' was unexpected"
else
  fail "schema: Python's jsonschema and yaml modules are needed (python3-jsonschema, python3-yaml)"
fi

# Headings: a poster title written on one line may take two, broken between phrases; one
# too long for two lines even at the steps' size says so once, with its position, and is
# never set smaller than the steps under it.
mkdir -p "$WORK/p/layouts" && cp -r assets fonts "$WORK/p/"
sed 's/^title: |$/title: 学校で起きた機密書類からの情報漏えい事故を防ぐために教職員が毎日できる取り組みの一覧と手順/; /^  機密書類からの$/d; /^  情報漏えいを防ぐために$/d' \
  layouts/confidential-documents.yaml >"$WORK/p/layouts/long.yaml"
cp -r layouts/themes "$WORK/p/layouts/" 2>/dev/null
"$SURIMONO" render "$WORK/p/layouts/long.yaml" -o "$WORK/long.pdf" 2>"$WORK/err"
check_eq "long title: still renders" 0 "$?"
check_eq "long title: one warning" 1 "$(grep -c 'does not fit 2 lines even at min-size' "$WORK/err")"
check_contains "long title: its position" "$(cat "$WORK/err")" "long.yaml:7:8: warning: heading"
size_of() { sed -n "s/.*$1 .*font \"[^\"]* \([0-9.]*\)\".*/\1/p" | head -n 1; }
"$SURIMONO" dump --boxes "$WORK/p/layouts/long.yaml" >"$WORK/boxes" 2>/dev/null
title_size=$(size_of long.yaml:7:8 <"$WORK/boxes") step_size=$(size_of long.yaml:11:11 <"$WORK/boxes")
if awk -v t="$title_size" -v s="$step_size" 'BEGIN { exit !(t + 0 >= s + 0 && s + 0 > 0) }'; then pass; else
  fail "long title: set at $title_size pt, below the steps' $step_size pt"; fi
sed 's/^title: |$/title: 機密書類からの情報漏えいを防ぐために/; /^  機密書類からの$/d; /^  情報漏えいを防ぐために$/d' \
  layouts/confidential-documents.yaml >"$WORK/p/layouts/one.yaml"
boxes=$("$SURIMONO" dump --boxes "$WORK/p/layouts/one.yaml" 2>"$WORK/err")
check_eq "one-line title: no warning" "" "$(cat "$WORK/err")"
check_contains "one-line title: two lines between phrases" "$(printf '%s' "$boxes" | grep 'one.yaml:7:8')" \
  'lines 2 baselines'

model=$("$SURIMONO" dump --model layouts/checksheet-staffroom.yaml); check_eq "dump --model exit code" 0 "$?"
check_contains "dump --model pages" "$model" "page 2 answer"
boxes=$("$SURIMONO" dump --boxes layouts/checksheet-staffroom.yaml --edition question)
check_contains "dump --boxes" "$boxes" "page 1 595.28x841.89 question"
case "$boxes" in *"page 2"*) fail "--edition question gave two pages" ;; *) pass ;; esac

finish
