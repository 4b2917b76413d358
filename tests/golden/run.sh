#!/usr/bin/env bash
# run.sh: golden dumps — the resolved model and the laid-out boxes of every layout and
# fixture, compared with tests/golden/expected. Regenerate after an intended change with
#   tests/golden/run.sh build/surimono . --update
# and read the diff before committing it.
set -u
SURIMONO=$1 ROOT=$2 MODE=${3:-}
. "$ROOT/tests/e2e/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH
expected=tests/golden/expected

# NAME FILE [OPTIONS…]: one case, the model and box dumps (WHAT overrides which).
golden() {
  local name=$1 file=$2
  shift 2
  for what in ${WHAT:-model boxes}; do
    local want="$expected/$name.$what.txt" got="$WORK/$name.$what.txt"
    if ! "$SURIMONO" dump --$what "$file" "$@" >"$got" 2>"$WORK/stderr"; then
      fail "$name: dump --$what failed: $(cat "$WORK/stderr")"
      continue
    fi
    if [ "$MODE" = "--update" ]; then
      cp "$got" "$want"
      pass
    elif diff -u "$want" "$got" >"$WORK/diff"; then
      pass
    else
      fail "$name.$what differs from $want:"
      head -n 40 "$WORK/diff" >&2
    fi
  done
}

golden confidential-documents layouts/confidential-documents.yaml
golden confidential-documents-A4 layouts/confidential-documents.yaml --paper A4
golden checksheet-staffroom layouts/checksheet-staffroom.yaml
golden checksheet-cafe layouts/checksheet-cafe.yaml
golden checksheet-train layouts/checksheet-train.yaml
golden elements tests/golden/fixtures/elements.yaml
golden variables tests/golden/fixtures/elements.yaml --set school=南中学校
golden shredder-sign layouts/shredder-sign.yaml
golden incident-statistics layouts/incident-statistics.yaml
golden incident-breakdown layouts/incident-breakdown.yaml
golden glossary layouts/glossary.yaml
golden incident-news layouts/incident-news.yaml
golden isen-guide layouts/isen-guide.yaml
WHAT=boxes golden flow tests/golden/fixtures/flow.yaml
golden sections tests/golden/fixtures/sections.yaml
golden charts tests/golden/fixtures/charts.yaml
golden poster4 tests/golden/fixtures/poster4.yaml
golden leaving-desk layouts/leaving-desk.yaml --paper A4
WHAT="boxes glyphs" golden composer tests/golden/fixtures/composer.yaml
WHAT="boxes glyphs" golden composer2 tests/golden/fixtures/composer2.yaml

finish
