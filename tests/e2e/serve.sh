#!/usr/bin/env bash
# serve.sh: `surimono serve` over HTTP on 127.0.0.1 — the catalogue, a material's form made
# from its declared variables and variants, the preview, the PDF download, problems in
# Japanese by field, what is refused (paths out of the project, long queries, POST), a
# worker killed mid-life, the --host warning, and a bounded load (200 previews from 8
# clients: none failed, the 95th percentile reported, memory flat).
set -u
SURIMONO=$1 ROOT=$2
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
cd "$ROOT"
command -v curl >/dev/null || { echo "serve.sh needs curl" >&2; exit 1; }

# A project: the poster, and a school's notice that declares what a school fills in.
P="$WORK/proj"
mkdir -p "$P/layouts/themes"
cp -r assets "$P/"
cp layouts/confidential-documents.yaml "$P/layouts/"
cp layouts/themes/isen.yaml "$P/layouts/themes/"
# The poster with the school's name in its footer, as a school would print it.
sed -e 's/^footer: .*/footer: "{学校名}　情報セキュリティ担当"/' \
  -e '/^kind: poster/a vars:\n  学校名: {label: 学校名, required: true, max-length: 30}' \
  layouts/confidential-documents.yaml >"$P/layouts/poster.yaml"
cat >"$P/layouts/notice.yaml" <<'YAML'
kind: page
title: "{学校名}からのお知らせ"
vars:
  学校名: {label: 学校名, required: true, max-length: 20}
  電話: {label: 電話番号, type: phone, default: 086-000-0000}
  本文: {label: お知らせの本文, default: 機密書類は必ずシュレッダーにかけてから捨てましょう。}
body:
  - heading: "{学校名}"
  - text: "{本文}"
    size: 28pt
  - text: 問い合わせ：{電話}
YAML
cat >"$P/layouts/pack.yaml" <<'YAML'
kind: pack
title: 学校別の教材
documents:
  - definition: confidential-documents.yaml
    variants: [{paper: A3}, {paper: A4}, {paper: A4, color-mode: gray}]
  - definition: notice.yaml
    variants: [{paper: A4}, {paper: A4, color-mode: gray}]
  - definition: poster.yaml
    variants: [{paper: A3}, {paper: A4}]
YAML

# Starts the server on a free port; sets URL and PID. (Under AddressSanitizer freed memory
# is held back in a quarantine of 256 MB a process: a small one lets memory settle, so that
# the load test's "memory flat" measures the program, not the sanitizer.)
start() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=4" "$SURIMONO" serve "$P" --port 0 --workers 2 "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
  PID=$!
  URL=
  for _ in $(seq 100); do
    URL=$(sed -n 's|^surimono serve: \(http://[^ ]*\) .*|\1|p' "$WORK/serve.out")
    [ -n "$URL" ] && break
    sleep 0.05
  done
  URL=${URL%/}
}
stop() {
  kill -TERM "$PID" 2>/dev/null
  wait "$PID"
}

started=$(date +%s%N)
start
check_contains "address line" "$URL" "http://127.0.0.1:"
ms=$((($(date +%s%N) - started) / 1000000))
echo "started in $ms ms (bench/serve.sh measures it on the Release build)"

# The catalogue.
page=$(curl -s "$URL/")
check_contains "catalogue: Japanese" "$page" '<html lang="ja">'
check_contains "catalogue: the poster" "$page" '<a href="/m/confidential-documents">'
check_contains "catalogue: the notice" "$page" '<a href="/m/notice">'
check_contains "catalogue: a required value shown by its label" "$page" '〔学校名〕からのお知らせ'

# The catalogue's thumbnails are made once: a second visitor gets the same picture, with
# no render (the workers' CPU time does not move).
curl -s -o "$WORK/thumb1.png" "$URL/m/notice/preview.png?dpi=24"
# The workers' CPU time in clock ticks (utime + stime of /proc/PID/stat; 10 ms each).
cpu() { for w in $(pgrep -P "$PID"); do cut -d' ' -f14,15 "/proc/$w/stat"; done | awk '{ s += $1 + $2 } END { print s }'; }
busy=$(cpu)
for _ in $(seq 20); do curl -s -o "$WORK/thumb2.png" "$URL/m/notice/preview.png?dpi=24"; done
cmp -s "$WORK/thumb1.png" "$WORK/thumb2.png" && pass || fail "a kept thumbnail differs"
check_eq "thumbnails: kept, not rendered again" "$busy" "$(cpu)"

# A material's form: a labelled field per declared variable, the variants as choices.
form=$(curl -s "$URL/m/notice")
check_contains "form: required field" "$form" '<label for="f0">学校名<span class="required">（必須）</span></label>'
check_contains "form: input" "$form" 'name="v.学校名" type="text" value="" maxlength="20" required'
check_contains "form: phone" "$form" 'type="tel" value="086-000-0000"'
check_contains "form: colour choice" "$form" '<input type="radio" name="color" value="gray"> 白黒'
check_contains "form: error beside the field" "$form" 'aria-describedby="f0-error"'

q() { python3 -c 'import sys, urllib.parse; print(urllib.parse.urlencode(dict(a.split("=", 1) for a in sys.argv[1:])))' "$@"; }

# The preview: page 1 as PNG.
code=$(curl -s -o "$WORK/p.png" -w '%{http_code} %{content_type}' "$URL/m/notice/preview.png?$(q v.学校名=岡山市立北小学校)")
check_eq "preview" "200 image/png" "$code"
check_eq "preview is a PNG" "PNG" "$(head -c 4 "$WORK/p.png" | tail -c 3)"

# Before the form is filled in, the preview shows where the required value goes, and says
# (in a header, for the form's script) that it is still missing.
curl -s -D "$WORK/headers" -o "$WORK/empty.png" "$URL/m/notice/preview.png"
check_contains "empty form: a preview" "$(head -n 1 "$WORK/headers")" "200"
check_contains "empty form: what is missing" "$(cat "$WORK/headers")" "X-Surimono-Missing: %7B%22%E5%AD%A6%E6%A0%A1%E5%90%8D%22"

# Problems in Japanese by field, before any render.
answer=$(curl -s -w ' %{http_code}' "$URL/m/notice/preview.png?$(q v.電話=abc)")
check_contains "required" "$answer" '"学校名":"学校名を入力してください。"'
check_contains "phone" "$answer" '"電話":"電話番号には、086-000-0000 のような電話番号を入力してください。"'
check_contains "problems: 422" "$answer" " 422"
answer=$(curl -s "$URL/m/notice/preview.png?$(q v.学校名=あいうえおかきくけこさしすせそたちつてとな)")
check_contains "too long" "$answer" '学校名は20文字以内にしてください（いま21文字）。'
# Text that does not fit the paper is that field's problem, found by the render.
answer=$(curl -s "$URL/m/notice/preview.png?$(q v.学校名=北小学校 v.本文=$(printf 'あ%.0s' $(seq 400)))")
check_contains "does not fit" "$answer" '"本文":"お知らせの本文が長すぎて紙面に入りません。短くしてください。"'

# The download: the whole PDF, its text the school's, named after the variant.
curl -s -D "$WORK/headers" -o "$WORK/n.pdf" "$URL/m/notice/download.pdf?$(q v.学校名=倉敷市立南小学校 color=gray)"
check_contains "download: type" "$(cat "$WORK/headers")" "Content-Type: application/pdf"
check_contains "download: name" "$(cat "$WORK/headers")" 'filename="notice-A4-gray.pdf"'
check_contains "download: the school" "$(pdftotext -enc UTF-8 "$WORK/n.pdf" - | tr -d ' \n')" "倉敷市立南小学校機密書類は"
check_contains "download: its title" "$(pdfinfo "$WORK/n.pdf")" "倉敷市立南小学校からのお知らせ"
# Without the script the form's GET is the download: problems come as a page, no PDF.
curl -s -D "$WORK/headers" -o "$WORK/bad.html" "$URL/m/notice/download.pdf?$(q v.学校名=)"
check_contains "bad download: a page" "$(cat "$WORK/headers")" "text/html"
check_contains "bad download: says why" "$(cat "$WORK/bad.html")" "<li>学校名を入力してください。</li>"
curl -s -o "$WORK/poster.pdf" "$URL/m/confidential-documents/download.pdf?paper=A3"
check_contains "poster A3" "$(pdfinfo "$WORK/poster.pdf")" "841.89 x 1190.55 pts (A3)"

# One school's set: the ticked materials as one PDF (its pages in order) or as a ZIP; a
# POST must carry the token of its session (CSRF).
curl -s -c "$WORK/jar" -o "$WORK/set.html" "$URL/set"
token=$(sed -n 's/.*name="token" value="\([0-9a-f]*\)".*/\1/p' "$WORK/set.html" | head -n 1)
check_eq "set page: a token" 64 "${#token}"
post() { curl -s -b "$WORK/jar" -o "$WORK/$1" -w '%{http_code}' --data-urlencode "token=$token" "${@:2}" "$URL/set"; }
check_eq "set: one PDF" 200 "$(post set.pdf --data-urlencode m.notice=on --data-urlencode m.poster=on \
  --data-urlencode v.学校名=北小学校 --data-urlencode paper=A4 --data-urlencode format=pdf)"
check_eq "set: both documents' pages" 2 "$(pdfinfo "$WORK/set.pdf" | awk '/^Pages:/ { print $2 }')"
check_eq "set: the school on each page" 2 "$(pdftotext -enc UTF-8 "$WORK/set.pdf" - | grep -c 北小学校)"
check_eq "set: a ZIP" 200 "$(post set.zip --data-urlencode m.notice=on --data-urlencode m.poster=on \
  --data-urlencode v.学校名=北小学校 --data-urlencode format=zip)"
zip_names() { /usr/bin/python3 -c 'import sys, zipfile; print(" ".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"; }
check_eq "set: the ZIP's files" "notice-A4.pdf poster-A3.pdf" "$(zip_names "$WORK/set.zip")"
check_eq "set: a problem is a page" 422 "$(post set-bad.html --data-urlencode m.notice=on --data-urlencode format=pdf)"
check_contains "set: says which" "$(cat "$WORK/set-bad.html")" "<li>学校名を入力してください。</li>"
check_eq "set: no token, refused" 403 "$(curl -s -b "$WORK/jar" -o /dev/null -w '%{http_code}' --data 'm.notice=on&format=pdf' "$URL/set")"
check_eq "set: another session's token, refused" 403 \
  "$(curl -s -o /dev/null -w '%{http_code}' --data "token=$token&m.notice=on&format=pdf" "$URL/set")"

# Every school of a CSV as Excel writes it (CP932): a folder per school in a ZIP, made in
# the background; a bad row is reported by its line and its school skipped.
printf '学校名,電話\r\n岡山市立北小学校,086-000-0000\r\nＩＳＥＮ中学校,086-111-1111,余分\r\n倉敷市立南小学校,abc\r\n津山市立東小学校,0868-00-0000\r\n' |
  iconv -f UTF-8 -t CP932 >"$WORK/schools.csv"
location=$(curl -s -b "$WORK/jar" -D - -o /dev/null -F "token=$token" -F "csv=@$WORK/schools.csv;type=text/csv" \
  -F m.notice=on -F m.poster=on -F paper=A4 "$URL/batch" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
check_contains "upload: to its progress page" "$location" "/batch/"
for _ in $(seq 100); do
  status=$(curl -s "$URL$location/status")
  case $status in *'"finished":true'*) break ;; esac
  sleep 0.1
done
check_contains "upload: finished" "$status" '"done":4,"total":4,"failed":0,"finished":true'
check_contains "upload: a bad row by its line" "$status" "schools.csvの3行目："
check_contains "upload: a bad value by its line" "$status" "schools.csvの4行目：電話番号には"
curl -s -o "$WORK/schools.zip" "$URL$location/result.zip"
check_eq "upload: a folder per school" \
  "岡山市立北小学校/notice-A4.pdf 岡山市立北小学校/poster-A4.pdf 津山市立東小学校/notice-A4.pdf 津山市立東小学校/poster-A4.pdf" \
  "$(zip_names "$WORK/schools.zip")"
check_contains "upload: the progress page" "$(curl -s "$URL$location")" '<progress id="progress" max="4" value="4">'
printf '学校,電話\n北小学校,086-000-0000\n' >"$WORK/wrong.csv"
answer=$(curl -s -b "$WORK/jar" -w ' %{http_code}' -F "token=$token" -F "csv=@$WORK/wrong.csv" -F m.notice=on "$URL/batch")
check_contains "upload: a column missing, said once" "$answer" "wrong.csvに「学校名」の列がありません（1行目の項目：学校、電話）。"
check_contains "upload: a column missing, nothing made" "$answer" " 422"
head -c 3000000 /dev/zero >"$WORK/big.csv"
check_eq "upload: too large" 413 "$(curl -s -b "$WORK/jar" -o /dev/null -w '%{http_code}' -F "token=$token" \
  -F "csv=@$WORK/big.csv" "$URL/batch")"
check_eq "upload: no token, refused" 403 "$(curl -s -b "$WORK/jar" -o /dev/null -w '%{http_code}' \
  -F "csv=@$WORK/schools.csv" -F m.notice=on "$URL/batch")"

# Refused: paths out of the project, unknown materials, long queries, other methods.
for path in "/m/../../etc/passwd" "/m/%2e%2e%2f%2e%2e%2fetc%2fpasswd" "/static/../layouts/notice.yaml" \
  "/m/notice.yaml" "/layouts/notice.yaml" "/m/nothing/preview.png"; do
  code=$(curl -s --path-as-is -o "$WORK/refused" -w '%{http_code}' "$URL$path")
  case $code in 400 | 404) pass ;; *) fail "refused: $path answered $code" ;; esac
  check_eq "refused: $path shows no file" "" "$(grep -l 'root:\|kind: page' "$WORK/refused")"
done
long=$(head -c 20000 /dev/zero | tr '\0' a)
check_eq "long query" 414 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/m/notice/preview.png?v.x=$long")"
check_eq "POST refused" 405 "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @"$WORK/n.pdf" "$URL/m/notice/preview.png")"

# A worker killed (a crash) costs at most the request it was on; the next ones are served.
pkill -KILL -f "surimono serve-worker" -P "$PID"
ok=0
for _ in 1 2 3; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/m/notice/preview.png?$(q v.学校名=北小学校)")" = 200 ] && ok=$((ok + 1))
done
check_eq "after the workers were killed, every preview came" 3 "$ok"

# Load: 200 previews from 8 clients at once — no request fails; the 95th percentile is
# reported; the processes' memory after is what it was after a first 100.
rss() { ps -o rss= --ppid "$PID" --pid "$PID" | awk '{ s += $1 } END { print s }'; }
load() {
  seq "$1" | xargs -P 8 -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
    "$URL/m/notice/preview.png?$(q v.学校名=北小学校)&n={}"
}
load 100 >"$WORK/warm.txt"
before=$(rss)
load 200 >"$WORK/load.txt"
after=$(rss)
check_eq "load: every request answered 200" 200 "$(grep -c '^200 ' "$WORK/load.txt")"
p95=$(awk '{ print $2 }' "$WORK/load.txt" | sort -n | awk '{ v[NR] = $1 } END { print v[int(NR * 0.95)] * 1000 }')
echo "200 previews, 8 clients: 95th percentile ${p95} ms; memory ${before} KB before, ${after} KB after"
[ "$after" -le $((before * 12 / 10 + 2048)) ] && pass || fail "memory grew under load: $before KB → $after KB"

# In a real browser: keyboard, live preview and its latency, problems by field, download,
# screenshots at 390 and 1280 px (kept in SM_SCREENSHOTS when set, to be looked at).
shots=${SM_SCREENSHOTS:-$WORK/shots}
mkdir -p "$shots"
# Debian's own python3, the one python3-selenium is installed for.
if /usr/bin/python3 "$HERE/browser.py" "$URL" "$WORK" "$shots" >"$WORK/browser.out" 2>&1; then
  pass
else
  fail "in the browser: $(cat "$WORK/browser.out")"
fi
grep -E 'last key|passed' "$WORK/browser.out"

stop
check_eq "stops on SIGTERM" 0 "$?"

# A render past the time limit costs its worker (killed, replaced) and that request only:
# with a limit no render can meet, the preview says so and the server goes on.
start --time-limit 0.001
answer=$(curl -s -w ' %{http_code}' "$URL/m/notice/preview.png?$(q v.学校名=北小学校)")
check_contains "time limit: 503" "$answer" " 503"
check_contains "time limit: said in Japanese" "$answer" "時間内に作成できませんでした"
check_eq "time limit: still serving" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$URL/")"
check_eq "time limit: the workers replaced" 2 "$(pgrep -c -f "surimono serve-worker" -P "$PID")"
stop

# Exposed beyond this machine only when asked, and then with a warning.
start --host 0.0.0.0
check_contains "--host warning" "$(cat "$WORK/serve.err")" "warning: serving on 0.0.0.0"
stop
"$SURIMONO" serve "$P" --host example.jp 2>"$WORK/err"
check_eq "--host takes an address" 2 "$?"
finish
