#!/usr/bin/env bash
# cli.sh: the command line — help, version, check, fonts, schema, dump.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

help=$("$SURIMONO" --help); check_eq "--help exit code" 0 "$?"
for word in render check build fonts schema "exit codes" SOURCE_DATE_EPOCH; do check_contains "--help" "$help" "$word"; done
check_contains "--version" "$("$SURIMONO" --version)" "surimono 0."

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
  check_eq "schema kinds" 4 "$(printf '%s' "$schema" | jq '.oneOf | length')"
fi
for word in poster checksheet heading markers '"shrink"'; do check_contains "schema" "$schema" "$word"; done

model=$("$SURIMONO" dump --model layouts/checksheet-staffroom.yaml); check_eq "dump --model exit code" 0 "$?"
check_contains "dump --model pages" "$model" "page 2 answer"
boxes=$("$SURIMONO" dump --boxes layouts/checksheet-staffroom.yaml --edition question)
check_contains "dump --boxes" "$boxes" "page 1 595.28x841.89 question"
case "$boxes" in *"page 2"*) fail "--edition question gave two pages" ;; *) pass ;; esac

finish
