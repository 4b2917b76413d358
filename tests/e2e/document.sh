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

# Byte-identical reruns.
"$SURIMONO" render "$glossary" -o "$WORK/g2.pdf" 2>/dev/null
cmp -s "$WORK/g.pdf" "$WORK/g2.pdf" && pass || fail "two renders of the glossary differ"
finish
