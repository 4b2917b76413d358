#!/usr/bin/env bash
# bench/compare.sh: times this tree's surimono against another revision's on the layouts
# that revision has (its own files, so both render the same definitions), whole process,
# median of N runs. Used to hold the composer to "at most 1.5× the Pango-only path".
# Usage: bench/compare.sh REVISION [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rev=${1:?usage: bench/compare.sh REVISION [RUNS]}
runs=${2:-21}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/old" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/old" "$rev" >/dev/null 2>&1
cmake -S "$tmp/old" -B "$tmp/old/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$tmp/old/build" --target surimono >/dev/null
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target surimono >/dev/null

median_ms() { # COMMAND…: median wall time of `runs` runs, in ms
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    e=$(date +%s%N)
    echo $(((e - s) / 1000))
  done | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

printf '%-40s %12s %12s %8s\n' "what (median of $runs, whole process)" "$rev" "this tree" "ratio"
compare() { # NAME ARGS… (run in the old tree, so both use its layouts and assets)
  local name=$1
  shift
  local old new
  old=$(cd "$tmp/old" && median_ms "$tmp/old/build/surimono" "$@")
  new=$(cd "$tmp/old" && median_ms "$OLDPWD/build-bench/surimono" "$@")
  printf '%-40s %9s ms %9s ms %7.2fx\n' "$name" "$old" "$new" "$(awk -v a="$old" -v b="$new" 'BEGIN { print b / a }')"
}
for f in "$tmp"/old/layouts/*.yaml; do
  name=$(basename "$f" .yaml)
  compare "render $name" render "layouts/$name.yaml" -o "$tmp/$name.pdf"
done
compare "build (every layout, every variant)" build . -o "$tmp/out"
