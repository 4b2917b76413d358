#!/usr/bin/env bash
# faults.sh: `build -j2` killed with SIGKILL (the whole process group, as a power cut or the
# OOM killer would) at 20 moments spread over a build; then one more build must leave a
# folder equal, byte for byte, to a clean build's: every output true to manifest.json, no
# temporary file left, nothing torn. Also: a worker killed alone costs its one output.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH
RANDOM=8 # the same moments on every run

# The reference: a clean build, timed to know when to strike.
start=$(date +%s%N)
"$SURIMONO" build . -o "$WORK/clean" -j2 -q 2>"$WORK/err" || fail "clean build: $(cat "$WORK/err")"
span_ms=$((($(date +%s%N) - start) / 1000000))
echo "a clean build takes $span_ms ms"

kills=20
for i in $(seq "$kills"); do
  # Moments from the start of the build to a little past its end (kills after the end
  # catch the manifest, pack.pdf and site being written).
  delay_ms=$((RANDOM % (span_ms + span_ms / 5 + 1)))
  setsid "$SURIMONO" build . -o "$WORK/out" -j2 -q --force >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL -- "-$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
done
pass

# Whatever the kills left, one build mends it.
"$SURIMONO" build . -o "$WORK/out" -j2 -q 2>"$WORK/err"
check_eq "build after $kills kills: exit code" 0 "$?"
bad=0
while read -r path sha; do
  [ "$(sha256sum "$WORK/out/$path" 2>/dev/null | cut -d' ' -f1)" = "$sha" ] || {
    bad=$((bad + 1))
    echo "torn or stale: $path" >&2
  }
done < <(jq -r '.outputs[] | "\(.path) \(.sha256)"' "$WORK/out/manifest.json")
check_eq "every output true to the manifest" 0 "$bad"
check_eq "no temporary file left" "" "$(find "$WORK/out" -name '.*.??????' | head -3)"
# Equal to the clean build, file by file (the lock file aside, which both have, and the
# table of the files' sizes, inodes and times, which differ by nature).
differ=$(diff -rq -x .surimono-hashes "$WORK/clean" "$WORK/out" 2>&1 | head -5)
check_eq "equal to a clean build" "" "$differ"

# One worker killed alone (as the OOM killer would): its output fails with the signal, the
# other worker and --keep-going finish the rest, and the exit code says so.
"$SURIMONO" build . -o "$WORK/one" -j2 -k --force >/dev/null 2>"$WORK/err" &
pid=$!
for _ in $(seq 100); do
  worker=$(pgrep -P "$pid" | head -n 1)
  [ -n "$worker" ] && break
  sleep 0.02
done
[ -n "$worker" ] && kill -KILL "$worker"
wait "$pid"
rc=$?
check_eq "a killed worker: exit code" 1 "$rc"
check_contains "a killed worker: reported" "$(cat "$WORK/err")" "the worker rendering it died (signal 9"
# Every output of the pack but the one the killed worker was on.
total=$("$SURIMONO" query --json . | jq '.units | length')
check_eq "a killed worker: the rest built" $((total - 1)) "$(jq '.outputs | length' "$WORK/one/manifest.json")"

finish
