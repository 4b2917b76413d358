#!/usr/bin/env bash
# run.sh: builds the libFuzzer harnesses (build-fuzz, clang, ASan + UBSan) and runs each for a
# while on a copy of the committed corpus; exits 1 on any crash, leak or timeout, 77 (skip)
# when clang or libFuzzer is missing.
#
# Usage: tests/fuzz/run.sh [--grow] [--replay] SECONDS [HARNESS...]
#   SECONDS   how long each harness runs (two run at a time)
#   HARNESS   load markup csv compose pdf pack render (default: all), with or without fuzz_
#   --grow    merge the inputs that found new coverage back into tests/fuzz/corpus/
#   --replay  only run the inputs of tests/fuzz/crashes/ (open findings) and say which still fail
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_JOBS (harnesses at once, default 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
FUZZ=$ROOT/tests/fuzz
BUILD=${FUZZ_BUILD_DIR:-$ROOT/build-fuzz}
JOBS=${FUZZ_JOBS:-2}
ALL=(load markup csv compose pdf pack render svg)

grow=false replay=false
while [ $# -gt 0 ]; do
  case $1 in
    --grow) grow=true ;;
    --replay) replay=true ;;
    -h | --help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    --*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
  shift
done
seconds=0
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
elif ! $replay; then
  echo "usage: tests/fuzz/run.sh [--grow] [--replay] SECONDS [HARNESS...]" >&2
  exit 2
fi
[ $# -gt 0 ] || set -- "${ALL[@]}"
harnesses=()
for h in "$@"; do
  h=${h#fuzz_}
  [ -f "$FUZZ/fuzz_$h.c" ] || { echo "run.sh: no harness fuzz_$h" >&2; exit 2; }
  harnesses+=("$h")
done

# ---- clang and libFuzzer, or skip (ctest counts exit 77 as skipped, with this message) ------
skip() {
  echo "fuzz: SKIPPED: $1 (Debian: apt-get install clang libclang-rt-14-dev, or ./setup.sh)"
  exit 77
}
command -v clang >/dev/null 2>&1 || skip "clang is not installed"
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$probe/p.c"
clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >"$probe/log" 2>&1 ||
  skip "clang cannot link libFuzzer: $(head -c 300 "$probe/log")"
rm -rf "$probe"
trap - EXIT

# ---- build (one at a time: a lock on the build directory) ----------------------------------
mkdir -p "$BUILD"
{
  flock 9
  if ! grep -q '^SM_FUZZ:BOOL=ON' "$BUILD/CMakeCache.txt" 2>/dev/null || [ ! -f "$BUILD/build.ninja" ]; then
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_C_COMPILER=clang -DSM_FUZZ=ON \
      -DCMAKE_BUILD_TYPE=Asan >"$BUILD/configure.log" 2>&1 ||
      { cat "$BUILD/configure.log" >&2; exit 1; }
  fi
  targets=()
  for h in "${harnesses[@]}"; do targets+=("fuzz_$h"); done
  cmake --build "$BUILD" --target "${targets[@]}" >"$BUILD/build.log" 2>&1 ||
    { tail -40 "$BUILD/build.log" >&2; exit 1; }
} 9>"$BUILD/.fuzz.lock"

# ---- sanitizers ----------------------------------------------------------------------------
# Leaks inside the system libraries (fontconfig's and cairo's caches, GLib type data) are
# theirs; everything surimono allocates is checked, per input and at exit.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:allocator_may_return_null=0:detect_stack_use_after_return=0"
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
for s in llvm-symbolizer llvm-symbolizer-14; do
  if command -v "$s" >/dev/null 2>&1; then export ASAN_SYMBOLIZER_PATH; ASAN_SYMBOLIZER_PATH=$(command -v "$s"); break; fi
done
export SOURCE_DATE_EPOCH=1700000000

WORK=$(mktemp -d "${TMPDIR:-/tmp}/surimono-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export TMPDIR=$WORK # what a harness leaves behind goes with the run
ARTIFACTS=$BUILD/fuzz-artifacts
mkdir -p "$ARTIFACTS"

# The inputs of the tree a harness starts from besides its corpus: definitions, bad inputs,
# CSV exports. (Regression inputs run on their own, before: some are slow on purpose.)
tree_seeds() {
  local h=$1 dir=$2
  case $h in
    load) cp "$ROOT"/layouts/*.yaml "$ROOT"/layouts/themes/*.yaml "$ROOT"/tests/golden/fixtures/*.yaml \
        "$ROOT"/tests/bad/*.yaml "$dir/" 2>/dev/null || true ;;
    csv) cp "$ROOT"/tests/fixtures/csv/* "$dir/" 2>/dev/null || true ;;
    svg) cp "$ROOT"/assets/*/*.svg "$dir/" 2>/dev/null || true ;;
  esac
}

# The dictionary of a harness; load's gets every key and enum value of the schema as well.
dictionary() {
  local h=$1 out=$WORK/$1.dict
  [ -f "$FUZZ/dict/$h.dict" ] || return 0
  cp "$FUZZ/dict/$h.dict" "$out"
  if [ "$h" = load ]; then
    grep -o '{"[a-z-]*", SM_TYPE_' "$ROOT/src/model/schema.c" | sed 's/{"\([a-z-]*\)".*/"\1: "/' | sort -u >>"$out"
    grep -h 'choices\[\] = \|levels\[\] = ' "$ROOT/src/model/schema.c" | grep -o '"[^"]*"' | sort -u >>"$out"
  fi
  echo "-dict=$out"
}

# Flags of one harness. Input size: the generated paragraphs and definitions grow from their
# input, and a few hundred bytes already make a long text or a page of nested elements. Time:
# compose and markup can make texts a hundred times longer than their input (to find work
# that grows with the square of a length), so faster inputs are scheduled more.
harness_flags() {
  case $1 in
    compose) echo "-max_len=1024 -entropic_scale_per_exec_time=1" ;;
    render) echo "-max_len=1024" ;;
    svg) echo "-max_len=65536" ;;
    markup) echo "-entropic_scale_per_exec_time=1" ;;
  esac
}

# Runs one harness; writes its summary line to $WORK/$h.summary and returns non-zero on failure.
run_one() {
  local h=$1 bin=$BUILD/tests/fuzz/fuzz_$h log=$WORK/$h.log corpus=$WORK/corpus/$h
  local seeds=$WORK/seeds/$h
  mkdir -p "$corpus" "$seeds" "$WORK/artifacts/$h"
  if [ -d "$FUZZ/corpus/$h" ]; then cp "$FUZZ/corpus/$h"/* "$corpus/" 2>/dev/null || true; fi
  tree_seeds "$h" "$seeds"
  local status=0 dict
  dict=$(dictionary "$h")
  # Past findings first: each must pass before new ground is explored.
  if [ -d "$FUZZ/regress/$h" ] && [ -n "$(ls -A "$FUZZ/regress/$h")" ]; then
    "$bin" -rss_limit_mb=2048 -timeout=10 "$FUZZ/regress/$h"/* >"$WORK/$h.regress.log" 2>&1 || status=$?
    if [ $status -ne 0 ]; then
      cp "$WORK/$h.regress.log" "$ARTIFACTS/fuzz_$h.regress.log"
      echo "fuzz_$h: FAILED a regression input of tests/fuzz/regress/$h: $(grep -m1 -E 'invariant failed|ERROR:|SUMMARY:' "$WORK/$h.regress.log" || true) (log: $ARTIFACTS/fuzz_$h.regress.log)" >"$WORK/$h.summary"
      return 1
    fi
  fi
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$WORK/artifacts/$h/" ${dict:+"$dict"} $(harness_flags "$h") "$corpus" "$seeds" \
    >"$log" 2>&1 || status=$?
  local execs rate cov ft
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o ' cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  ft=$(grep -o ' ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || true)
  local line
  line=$(printf 'fuzz_%-8s %9s execs %7s exec/s  cov %5s  ft %6s' "$h" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}")
  local found
  found=$(ls -A "$WORK/artifacts/$h" | grep -v '^slow-unit-' || true)
  if [ $status -ne 0 ] || [ -n "$found" ]; then
    local kept=() f
    for f in $found; do
      cp "$WORK/artifacts/$h/$f" "$ARTIFACTS/fuzz_$h-$f"
      kept+=("$ARTIFACTS/fuzz_$h-$f")
    done
    cp "$log" "$ARTIFACTS/fuzz_$h.log"
    {
      echo "$line  FAILED (exit $status)"
      grep -m3 -E 'invariant failed|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY:' "$log" | sed 's/^/    /' || true
      for f in "${kept[@]}"; do echo "    reproducer: $f  (rerun: $bin $f)"; done
      echo "    log: $ARTIFACTS/fuzz_$h.log"
    } >"$WORK/$h.summary"
    return 1
  fi
  if $grow; then
    mkdir -p "$FUZZ/corpus/$h"
    "$bin" -merge=1 -rss_limit_mb=2048 -timeout=10 "$FUZZ/corpus/$h" "$corpus" >"$WORK/$h.merge.log" 2>&1 ||
      { echo "$line  ok, but the merge failed (see $ARTIFACTS/fuzz_$h.merge.log)" >"$WORK/$h.summary"; cp "$WORK/$h.merge.log" "$ARTIFACTS/fuzz_$h.merge.log"; return 1; }
    line="$line  ok, corpus $(ls "$FUZZ/corpus/$h" | wc -l) inputs"
  else
    line="$line  ok"
  fi
  echo "$line" >"$WORK/$h.summary"
}

# Replays the open findings of tests/fuzz/crashes/HARNESS: says which still fail.
replay_one() {
  local h=$1 bin=$BUILD/tests/fuzz/fuzz_$h f bad=0
  [ -d "$FUZZ/crashes/$h" ] || { echo "fuzz_$h: no open findings" >"$WORK/$h.summary"; return 0; }
  : >"$WORK/$h.summary"
  for f in "$FUZZ/crashes/$h"/*; do
    if "$bin" -rss_limit_mb=2048 -timeout=10 "$f" >"$WORK/replay.$h.log" 2>&1; then
      echo "fuzz_$h: passes now: $f (move it to tests/fuzz/regress/$h/)" >>"$WORK/$h.summary"
    else
      bad=1
      echo "fuzz_$h: still fails: $f: $(grep -m1 -E 'invariant failed|ERROR:|SUMMARY:' "$WORK/replay.$h.log" || true)" >>"$WORK/$h.summary"
    fi
  done
  return $bad
}

# Two at a time at most: the machine has two cores, and a fuzzer is one busy process.
failed=0
for h in "${harnesses[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  (
    rc=0
    if $replay; then replay_one "$h" || rc=$?; else run_one "$h" || rc=$?; fi
    echo $rc >"$WORK/$h.rc"
  ) &
done
wait
for h in "${harnesses[@]}"; do
  [ "$(cat "$WORK/$h.rc" 2>/dev/null)" = 0 ] || failed=1
  cat "$WORK/$h.summary" 2>/dev/null || echo "fuzz_$h: no result"
done
if [ $failed -ne 0 ]; then
  echo "fuzz: FAILED (reproducers and logs in $ARTIFACTS)"
  exit 1
fi
echo "fuzz: ok"
