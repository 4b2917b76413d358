#!/usr/bin/env bash
# bench/run.sh: whole-process timings — each layout rendered on its own, and the whole
# `build` — as median wall time and peak memory (max RSS) over N runs of a Release build.
# Usage: bench/run.sh [RUNS]   (default 21)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench >/dev/null
bin=build-bench/surimono
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x /usr/bin/time ] || { echo "bench needs GNU time: apt-get install time" >&2; exit 1; }

# measure NAME COMMAND…: runs the command `runs` times, prints median ms and peak MiB.
measure() {
  local name=$1
  shift
  "$@" >/dev/null 2>&1 # warm the page cache and the font cache
  : >"$tmp/walls"
  : >"$tmp/peaks"
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo $(((end - start) / 1000)) >>"$tmp/walls"
    cat "$tmp/rss" >>"$tmp/peaks"
  done
  local median peak
  median=$(sort -n "$tmp/walls" | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }')
  peak=$(sort -n "$tmp/peaks" | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }')
  printf '%-44s %9s ms %8s MiB\n' "$name" "$median" "$peak"
}

printf '%-44s %12s %12s\n' "what (median of $runs runs, whole process)" "wall" "peak RSS"
# What any process costs on this machine, and surimono before it does any work.
measure "baseline: /bin/true" /bin/true
measure "baseline: surimono --version (start-up)" "$bin" --version
for f in layouts/*.yaml; do
  name=$(basename "$f" .yaml)
  [ "$name" = pack ] && continue
  measure "render $name" "$bin" render "$f" -o "$tmp/$name.pdf"
  grep -q '^papers:.*A4' "$f" && measure "render $name --paper A4" "$bin" render "$f" --paper A4 -o "$tmp/$name-A4.pdf"
done
# The pack (layouts/pack.yaml): cold with one and two workers, then with nothing changed.
measure "build pack, cold, -j1" "$bin" build . -o "$tmp/out" --force -j1 -q
measure "build pack, cold, -j2" "$bin" build . -o "$tmp/out" --force -j2 -q
measure "build pack, nothing changed" "$bin" build . -o "$tmp/out" -j2 -q
printf '%s outputs in the pack\n' "$(grep -c '"path"' "$tmp/out/manifest.json")"
measure "check (load, resolve, layout; no output)" "$bin" check layouts/*.yaml
