#!/usr/bin/env bash
# bench/pages.sh: a flowing document of 1, 16 and 128 pages rendered whole-process (median
# of N runs, Release build), to show that the cost grows linearly with the pages.
# Usage: bench/pages.sh [RUNS]   (default 11)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench >/dev/null
bin=$PWD/build-bench/surimono
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/layouts" && cp -r fonts "$tmp/" && cp -r layouts/themes "$tmp/layouts/"

# document PAGES: one page of real text per page (a section heading, four paragraphs of the
# brochure's sentences in two columns), then a page break.
document() {
  local pages=$1 f="$tmp/layouts/doc$1.yaml"
  printf 'kind: document\ntheme: isen\ntitle: 長い文書\ncolumns: 2\ncolumn-rule: true\nbody:\n' >"$f"
  for i in $(seq "$pages"); do
    printf '  - heading: 第%s節　機密書類の取り扱い\n    style: section\n' "$i" >>"$f"
    for _ in 1 2 3 4 5 6 7; do
      printf '  - text: プリンターやコピー機に書類を出したままにすると、児童・生徒や来校者の目に触れたり、他の書類に紛れて持ち去られたりします。成績処理中ということもあり、先生方も細かいことに注意が向かなくなっています。席を離れるときや帰宅時は、重要な情報は見られないようにする配慮が必要です。\n' >>"$f"
    done
    [ "$i" -lt "$pages" ] && printf '  - page-break: page\n' >>"$f"
  done
  echo "$f"
}

printf '%-32s %10s %10s %8s\n' "document (median of $runs runs)" "wall" "per page" "pages"
for pages in 1 16 128; do
  f=$(document "$pages")
  "$bin" render "$f" -o "$tmp/out.pdf" >/dev/null 2>&1 # warm the caches
  got=$(pdfinfo "$tmp/out.pdf" | awk '/^Pages:/ { print $2 }')
  : >"$tmp/walls"
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$bin" render "$f" -o "$tmp/out.pdf" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000)) >>"$tmp/walls"
  done
  median=$(sort -n "$tmp/walls" | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }')
  printf '%-32s %7s ms %7.2f ms %8s\n' "$pages-page document" "$median" \
    "$(awk -v m="$median" -v p="$got" 'BEGIN { print m / p }')" "$got"
done
