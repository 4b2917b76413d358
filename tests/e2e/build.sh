#!/usr/bin/env bash
# build.sh: `surimono build` renders every definition in layouts/ with its variants.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"

out=$("$SURIMONO" build . -o "$WORK/out" 2>&1); check_eq "build exit code" 0 "$?"
for f in confidential-documents-A3 confidential-documents-A4 checksheet-staffroom-question checksheet-staffroom-answer shredder-sign incident-statistics; do
  check_file "build output" "$WORK/out/$f.pdf"
done
check_contains "build summary" "$out" "built 6 PDFs"
check_eq "poster A4 size" "595.276 x 841.89 pts (A4)" "$(pdfinfo "$WORK/out/confidential-documents-A4.pdf" | sed -n 's/^Page size: *//p')"
check_eq "answer sheet is one page" 1 "$(pdfinfo "$WORK/out/checksheet-staffroom-answer.pdf" | awk '/^Pages:/ { print $2 }')"

# A broken definition fails the build, the others are still built.
mkdir -p "$WORK/proj/layouts/themes" "$WORK/proj/assets"
cp -r assets/poster "$WORK/proj/assets/"
cp layouts/themes/isen.yaml "$WORK/proj/layouts/themes/"
cp layouts/confidential-documents.yaml "$WORK/proj/layouts/a.yaml"
printf 'kind: page\ntitle: 壊れた定義\nbody: 3\n' >"$WORK/proj/layouts/b.yaml"
"$SURIMONO" build "$WORK/proj" 2>"$WORK/stderr" >/dev/null
check_eq "broken build exit code" 1 "$?"
check_contains "broken build names the file" "$(cat "$WORK/stderr")" "layouts/b.yaml:3:7: error"
check_file "the good one is built" "$WORK/proj/out/a-A3.pdf"

finish
