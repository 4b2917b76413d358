#!/usr/bin/env bash
# bench/scale.sh: the figures of speed at scale, each against a yardstick measured in the same
# run (runs interleaved, A B A B …, the ratio taken pair by pair): start-up against a
# hello-world linked against pangocairo; the A3 poster against a bare pango+cairo program that
# writes the same text (bench/yardsticks); per-school runs, the pack cold, with nothing
# changed and after one definition changed; pack.pdf's size against the sum of its parts.
# Usage: bench/scale.sh [RUNS] [ROWS...]   (default 11 runs; 50 and 1000 rows)
# SURIMONO=path times another binary (an older revision) with the same yardsticks.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
shift || true
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(50 1000)
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target surimono >/dev/null
bin=$(realpath "${SURIMONO:-build-bench/surimono}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for tool in pdftotext cc pkg-config; do
  command -v "$tool" >/dev/null || { echo "bench/scale.sh needs $tool" >&2; exit 1; }
done
cc -O2 bench/yardsticks/hello.c -o "$tmp/hello" $(pkg-config --cflags --libs pangocairo)
cc -O2 bench/yardsticks/timer.c -o "$tmp/timer"
cc -O2 bench/yardsticks/floor.c -o "$tmp/floor" $(pkg-config --cflags --libs pangocairo cairo-pdf)

# paired NAME -- A… -- B…: A and B in turn; medians and the median of the pair ratios.
paired() {
  local name=$1
  shift
  read -r ma mb ratio < <("$tmp/timer" "$runs" "$@")
  printf '%-46s %8.1f ms %8.1f ms %7.2fx\n' "$name" "$ma" "$mb" "$ratio"
}

# single NAME SETUP -- COMMAND…: SETUP (a shell line) untimed before each run; the median.
single() {
  local name=$1 setup=$2
  shift 2
  printf '%-46s %8.1f ms\n' "$name" "$("$tmp/timer" "$runs" --setup "$setup" "$@")"
}

printf '%-46s %11s %11s %8s\n' "what (median of $runs, whole process)" "surimono" "yardstick" "ratio"
paired "start-up: --version / pangocairo hello" -- "$bin" --version -- "$tmp/hello"
poster=layouts/confidential-documents.yaml
"$bin" render "$poster" -o "$tmp/poster.pdf"
pdftotext -nopgbrk "$tmp/poster.pdf" "$tmp/poster.txt"
paired "A3 poster / pango+cairo floor, same text" -- "$bin" render "$poster" -o "$tmp/p.pdf" -- \
  env FONTCONFIG_FILE="$PWD/fonts/fonts.conf" "$tmp/floor" "$tmp/poster.txt" "$tmp/f.pdf" 841.89 1190.55

# Per-school: the A3 poster with the school's name in its footer, one row per school.
S="$tmp/schools"
mkdir -p "$S/layouts/themes"
cp -r assets fonts "$S/"
cp layouts/themes/isen.yaml "$S/layouts/themes/"
sed -e 's/^footer: .*/footer: "{学校名}　情報セキュリティ担当"/' -e '/^kind: poster/a vars:\n  学校名: 各学校' \
  "$poster" >"$S/layouts/poster.yaml"
printf 'kind: pack\ntitle: 学校別\ndocuments:\n  - definition: poster.yaml\n    variants:\n      - paper: A3\n' \
  >"$S/layouts/pack.yaml"
for n in "${rows[@]}"; do
  { echo 学校名; for i in $(seq "$n"); do echo "市立第${i}小学校"; done; } >"$S/rows-$n.csv"
  single "per-school: $n A3 posters, -j2" "rm -rf '$tmp/ps'" -- \
    "$bin" build "$S" --data "$S/rows-$n.csv" -o "$tmp/ps" -j2 -q
done

# The pack: cold, nothing changed, one definition changed.
P="$tmp/pack"
mkdir -p "$P"
cp -r assets fonts layouts "$P/"
single "pack cold, -j2 ($(grep -c 'definition:' layouts/pack.yaml) definitions)" "rm -rf '$tmp/out'" -- \
  "$bin" build "$P" -o "$tmp/out" -j2 -q
single "pack, nothing changed" ":" -- "$bin" build "$P" -o "$tmp/out" -j2 -q
single "pack, the sign's definition changed" "echo '# edit' >>'$P/layouts/shredder-sign.yaml'" -- \
  "$bin" build "$P" -o "$tmp/out" -j2 -q
# The pack as it was when these targets were set: four materials, 20 outputs.
Q="$tmp/pack20"
mkdir -p "$Q"
cp -r assets fonts layouts "$Q/"
cat >"$Q/layouts/pack.yaml" <<'YAML'
kind: pack
title: 学校情報セキュリティ 教材パック
documents:
  - definition: confidential-documents.yaml
    variants: [{paper: A3}, {paper: A3, profile: shop-tombo}, {paper: A4},
               {paper: A4, color-mode: gray}, {paper: B4}, {paper: A4, profile: shop}]
  - definition: checksheet-staffroom.yaml
    variants: [{paper: A4}, {paper: A4, color-mode: gray}, {paper: A3}, {paper: B5}]
  - definition: shredder-sign.yaml
    variants: [{paper: A4}, {paper: A4, color-mode: gray}, {paper: A3}]
  - definition: incident-statistics.yaml
    variants: [{paper: A4}, {paper: A4, color-mode: gray}, {paper: A3}]
YAML
single "pack of 20 outputs (4 definitions) cold, -j2" "rm -rf '$tmp/out20'" -- \
  "$bin" build "$Q" -o "$tmp/out20" -j2 -q
parts=$(find "$tmp/out" -name '*.pdf' ! -name pack.pdf -printf '%s\n' | awk '{ s += $1 } END { print s }')
whole=$(stat -c %s "$tmp/out/pack.pdf")
printf '%-46s %8.1f MB %8.1f MB %7.2fx\n' "pack.pdf / the sum of its parts" \
  "$(awk -v v="$whole" 'BEGIN { print v / 1e6 }')" "$(awk -v v="$parts" 'BEGIN { print v / 1e6 }')" \
  "$(awk -v a="$whole" -v b="$parts" 'BEGIN { print a / b }')"
