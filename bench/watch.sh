#!/usr/bin/env bash
# bench/watch.sh: surimono watch, from a save of the poster's definition to its new PDF on
# disk (the time a user waits before the viewer can reload), over N saves (median, min,
# max; Release build). A save is written as editors do: a new file renamed over the old.
# Usage: bench/watch.sh [SAVES]   (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
saves=${1:-15}
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench >/dev/null
tmp=$(mktemp -d)
trap 'kill "$watcher" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cp -r layouts assets fonts "$tmp/"
build-bench/surimono watch "$tmp/layouts/confidential-documents.yaml" -o "$tmp/poster.pdf" >"$tmp/log" 2>&1 &
watcher=$!
python3 - "$tmp" "$saves" <<'PY'
import os, statistics, sys, time
tmp, saves = sys.argv[1], int(sys.argv[2])
yaml, pdf = f"{tmp}/layouts/confidential-documents.yaml", f"{tmp}/poster.pdf"
def wait_for(old):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            st = os.stat(pdf)
            if (st.st_ino, st.st_mtime_ns) != old: return st
        except FileNotFoundError:
            pass
        time.sleep(0.001)
    sys.exit("no new PDF within 5 s")
st = wait_for(None)
text = open(yaml, encoding="utf-8").read()
times = []
for i in range(saves):
    time.sleep(0.3)  # the last render settled
    old = (st.st_ino, st.st_mtime_ns)
    start = time.monotonic()
    with open(yaml + ".new", "w", encoding="utf-8") as f:
        f.write(text.replace("学校の情報セキュリティ", f"学校の情報セキュリティ{i % 2 * '　'}"))
    os.rename(yaml + ".new", yaml)
    st = wait_for(old)
    times.append((time.monotonic() - start) * 1000)
print(f"save → new PDF, {saves} saves: median {statistics.median(times):.0f} ms, "
      f"min {min(times):.0f} ms, max {max(times):.0f} ms")
PY
