#!/usr/bin/env bash
# composer.sh: the composer's JLREQ rules checked on the PDF — renders the composer fixture
# and reads every glyph's position back with MuPDF (composer_checks.py says what is checked).
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH
fixture=tests/golden/fixtures/composer2.yaml

if "$SURIMONO" render "$fixture" -o "$WORK/c.pdf" 2>"$WORK/err"; then pass; else fail "render: $(cat "$WORK/err")"; fi
"$SURIMONO" dump --boxes "$fixture" >"$WORK/boxes.txt" 2>/dev/null || fail "dump --boxes"
mutool draw -q -F stext -o "$WORK/c.stext" "$WORK/c.pdf" 2>/dev/null || fail "mutool draw -F stext"
if python3 "$(dirname "$0")/composer_checks.py" "$WORK/c.stext" "$WORK/boxes.txt" >"$WORK/out" 2>"$WORK/failures"; then
  pass
else
  fail "glyph positions in the PDF: $(cat "$WORK/out")"
  cat "$WORK/failures" >&2
fi
finish
