#!/usr/bin/env bash
# bench/serve.sh: the figures of `surimono serve` on the Release build — start-up to the
# address line, 200 previews from 8 clients at once (95th percentile, failures, memory of the
# server and its workers before and after), and in Chromium the time from the last key to
# the new preview of the A3 poster (tests/e2e/browser.py measures it).
# Usage: bench/serve.sh [RUNS]   (start-up runs; default 11)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-bench --target surimono >/dev/null
bin=$(realpath build-bench/surimono)
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
pid=

# The test's project: the A3 poster with the school's name in its footer, and a notice.
P="$tmp/proj"
mkdir -p "$P/layouts/themes"
cp -r assets "$P/"
cp layouts/themes/isen.yaml "$P/layouts/themes/"
sed -e 's/^footer: .*/footer: "{学校名}　情報セキュリティ担当"/' \
  -e '/^kind: poster/a vars:\n  学校名: {label: 学校名, required: true, max-length: 30}' \
  layouts/confidential-documents.yaml >"$P/layouts/poster.yaml"
printf 'kind: pack\ntitle: 学校別\ndocuments:\n  - definition: poster.yaml\n    variants: [{paper: A3}, {paper: A4}]\n' \
  >"$P/layouts/pack.yaml"

start() {
  "$bin" serve "$P" --port 0 --workers 2 >"$tmp/out" 2>&1 &
  pid=$!
  url=
  until [ -n "$url" ]; do url=$(sed -n 's|^surimono serve: \(http://[^ ]*\) .*|\1|p' "$tmp/out"); done
  url=${url%/}
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }

times=()
for _ in $(seq "$runs"); do
  s=$(date +%s%N)
  start
  times+=($((($(date +%s%N) - s) / 100000)))
  stop
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] / 10 }')
echo "start-up to the address line (median of $runs): $median ms"

start
q=$(python3 -c 'import urllib.parse; print(urllib.parse.urlencode({"v.学校名": "岡山市立北小学校"}))')
rss() { ps -o rss= --ppid "$pid" --pid "$pid" | awk '{ s += $1 } END { print s }'; }
load() {
  seq "$1" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$url/m/poster/preview.png?$q&n={}"
}
load 100 >/dev/null
before=$(rss)
load 200 >"$tmp/load"
after=$(rss)
failed=$(grep -vc '^200 ' "$tmp/load" || true)
p95=$(awk '{ print $2 }' "$tmp/load" | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int(NR * 0.95)] * 1000 }')
p50=$(awk '{ print $2 }' "$tmp/load" | sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", v[int(NR * 0.5)] * 1000 }')
echo "200 A3 poster previews, 8 clients, 2 workers: $failed failed; median $p50 ms, 95th percentile $p95 ms"
echo "memory of the server and its workers: $before KB after 100 previews, $after KB after 300"
mkdir -p "$tmp/shots"
/usr/bin/python3 tests/e2e/browser.py "$url" "$tmp" "$tmp/shots" | grep -E 'last key|passed'
stop
