#!/usr/bin/env bash
# print.sh: print production checked with outside tools — page boxes (pdfinfo -box), the
# trailer and catalogue (qpdf), inks (Ghostscript's inkcov), trim marks, gray mode, the
# safe area, image resolution and CMYK JPEGs.
set -u
SURIMONO=$1 ROOT=$2
. "$(dirname "$0")/lib.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH
poster=layouts/confidential-documents.yaml

box() { pdfinfo -box "$1" | awk -v b="$2:" '$1 == b { printf "%.2f %.2f %.2f %.2f", $2, $3, $4, $5 }'; }
qdf() { qpdf --qdf --object-streams=disable "$1" "$WORK/qdf.pdf" && tr -d '\000' <"$WORK/qdf.pdf"; }

# Page boxes per profile (A3 841.89 × 1190.55; bleed 3 mm = 8.50 pt; marks' slug 15 mm).
for p in office shop shop-tombo; do
  "$SURIMONO" render "$poster" --profile "$p" -o "$WORK/$p.pdf" 2>"$WORK/err" || fail "render $p: $(cat "$WORK/err")"
  qpdf --check "$WORK/$p.pdf" >/dev/null 2>&1 && pass || fail "qpdf --check $p"
done
check_eq "office media" "0.00 0.00 841.89 1190.55" "$(box "$WORK/office.pdf" MediaBox)"
check_eq "office trim = media" "0.00 0.00 841.89 1190.55" "$(box "$WORK/office.pdf" TrimBox)"
check_eq "shop media = trim + 3 mm" "0.00 0.00 858.90 1207.56" "$(box "$WORK/shop.pdf" MediaBox)"
check_eq "shop trim" "8.50 8.50 850.39 1199.06" "$(box "$WORK/shop.pdf" TrimBox)"
check_eq "shop bleed" "0.00 0.00 858.90 1207.56" "$(box "$WORK/shop.pdf" BleedBox)"
check_eq "tombo media" "0.00 0.00 926.93 1275.59" "$(box "$WORK/shop-tombo.pdf" MediaBox)"
check_eq "tombo trim centred" "42.52 42.52 884.41 1233.07" "$(box "$WORK/shop-tombo.pdf" TrimBox)"
check_eq "tombo bleed" "34.02 34.02 892.91 1241.57" "$(box "$WORK/shop-tombo.pdf" BleedBox)"

# pdftotext -bbox: every word of the shop sheet lies 3 mm (8.50 pt) inside the trim, which
# is itself 8.50 pt inside the sheet.
outside=$(pdftotext -bbox "$WORK/shop.pdf" - | grep '<word' |
  sed 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)".*/\1 \2 \3 \4/' |
  awk '$1 < 17.0 || $2 < 17.0 || $3 > 858.90 - 17.0 || $4 > 1207.56 - 17.0 { n++ } END { print n + 0 }')
check_eq "shop: words outside the safe area" 0 "$outside"

# Our own preflight agrees: each profile's PDF passes, and its JSON says so.
for p in office shop shop-tombo; do
  "$SURIMONO" check "$WORK/$p.pdf" >"$WORK/report" 2>&1
  check_eq "preflight $p: exit code" 0 "$?"
done
if command -v jq >/dev/null; then
  check_eq "preflight JSON ok" true "$("$SURIMONO" check --json "$WORK/shop-tombo.pdf" | jq -r .ok)"
  check_eq "preflight JSON profile" shop-tombo "$("$SURIMONO" check --json "$WORK/shop-tombo.pdf" | jq -r '.files[0].profile')"
fi

# Trailer and catalogue: /ID, /Trapped, D: dates, language, title shown, tagged figures.
raw=$(qdf "$WORK/shop-tombo.pdf")
check_contains "/ID" "$raw" "/ID ["
check_contains "/Trapped" "$raw" "/Trapped /False"
check_contains "D: date" "$raw" "/CreationDate (D:20240601000000Z)"
check_contains "/Lang" "$raw" "/Lang (ja)"
check_contains "title in the viewer" "$raw" "/DisplayDocTitle true"
check_contains "structure" "$raw" "/StructTreeRoot"
check_contains "figure alt text" "$raw" "/Alt <feff"
check_contains "profile recorded" "$raw" "/SMProfile (shop-tombo)"
# Trim marks: 0.1 mm lines in registration colour, a separation on every plate.
check_contains "registration colour" "$raw" "/SMRegistration CS 1 SCN"
check_contains "separation All" "$raw" "/Separation"
check_contains "0.1 mm marks" "$raw" "0.283465 w"
# The theme's inks are exact CMYK; black text is K only.
check_contains "ink as K100" "$raw" "0 0 0 1 k"
check_contains "accent as its CMYK" "$raw" "0.9 0.55 0 0 k"
sleep 1
"$SURIMONO" render "$poster" --profile shop-tombo -o "$WORK/again.pdf" 2>/dev/null
cmp -s "$WORK/shop-tombo.pdf" "$WORK/again.pdf" && pass || fail "shop-tombo renders differ"

# Ghostscript's ink coverage of a text-only page: C = M = Y = 0 in a shop profile.
mkdir -p "$WORK/proj/layouts/themes"
cp layouts/themes/isen.yaml "$WORK/proj/layouts/themes/"
printf 'kind: page\ntitle: 文字だけ\ntheme: isen\nprofile: shop\nbody:\n  - heading: 機密書類からの情報漏えいを防ぐために\n  - text: プリンターやコピー機に書類を出したままにすると、児童・生徒や来校者の目に触れたり、他の書類に紛れて持ち去られたりします。\n' >"$WORK/proj/layouts/text.yaml"
"$SURIMONO" render "$WORK/proj/layouts/text.yaml" -o "$WORK/text.pdf" 2>/dev/null || fail "render text-only"
if command -v gs >/dev/null; then
  read -r c m y k _ <<<"$(gs -q -o - -sDEVICE=inkcov "$WORK/text.pdf")"
  check_eq "inkcov C" "0.00000" "$c"
  check_eq "inkcov M" "0.00000" "$m"
  check_eq "inkcov Y" "0.00000" "$y"
  awk -v k="$k" 'BEGIN { exit !(k > 0) }' && pass || fail "inkcov K is $k"
fi

# The real poster, as a RIP separates it (Ghostscript's CMYK raster): black text is K only
# and trim marks print 100 % on every plate. The poster's page is a transparency group,
# whose blending space decides this (cairo writes RGB; a shop PDF must say CMYK).
# ink_at PDF X0 Y0 X1 Y1: the distinct C,M,Y,K values (0-255) of the pixels with K > 200 in
# that rectangle of the 72 dpi raster (top-left origin).
ink_at() {
  gs -q -o "$WORK/sep.pam" -sDEVICE=pamcmyk32 -r72 "$1" &&
    python3 - "$WORK/sep.pam" "${@:2}" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
end = d.index(b"ENDHDR\n") + 7
head = dict(l.split(b" ", 1) for l in d[:end].split(b"\n") if b" " in l)
w = int(head[b"WIDTH"])
x0, y0, x1, y1 = map(int, sys.argv[2:6])
inks = {tuple(d[end + (y * w + x) * 4:end + (y * w + x) * 4 + 4]) for y in range(y0, y1) for x in range(x0, x1)}
print(" ".join(sorted({"%d,%d,%d" % i[:3] for i in inks if i[3] > 200})))
PY
}
if command -v gs >/dev/null; then
  # The lead line under the title (on white): 個人情報や成績が書かれた書類は、…
  lead=$(pdftotext -bbox "$WORK/shop.pdf" - | grep '個人情報や成績' | head -n 1)
  read -r lx0 ly0 lx1 ly1 <<<"$(printf '%s' "$lead" | sed -E 's/.*xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)".*/\1 \2 \3 \4/')"
  check_eq "black text on the shop poster is K only (C,M,Y of its pixels)" "0,0,0" \
    "$(ink_at "$WORK/shop.pdf" "${lx0%.*}" "${ly0%.*}" "${lx1%.*}" "${ly1%.*}")"
  check_eq "trim marks print on every plate" "255,255,255" \
    "$(ink_at "$WORK/shop-tombo.pdf" 0 0 40 40)"
fi

# PDF/X-3 on request, through Ghostscript: still byte-identical from run to run.
if command -v gs >/dev/null; then
  printf 'kind: page\ntitle: PDF/X\nprofile: shop-tombo\npdfx: true\nmeta:\n  date: 2024-06-01\nbody:\n  - heading: 機密書類からの情報漏えいを防ぐために\n' >"$WORK/proj/layouts/x.yaml"
  "$SURIMONO" render "$WORK/proj/layouts/x.yaml" -o "$WORK/x1.pdf" 2>"$WORK/err" || fail "pdfx: $(cat "$WORK/err")"
  "$SURIMONO" render "$WORK/proj/layouts/x.yaml" -o "$WORK/x2.pdf" 2>/dev/null
  check_contains "PDF/X-3" "$(pdfinfo "$WORK/x1.pdf")" "PDF/X-3:2002"
  check_eq "PDF/X keeps the trim" "42.52 42.52 637.80 884.41" "$(box "$WORK/x1.pdf" TrimBox)"
  cmp -s "$WORK/x1.pdf" "$WORK/x2.pdf" && pass || fail "PDF/X renders differ"
fi

# The tombo sheet as PNG: marks drawn in the slug (dark pixels in the corner area).
"$SURIMONO" render "$poster" --profile shop-tombo -o "$WORK/tombo.png" --dpi 30 2>/dev/null || fail "tombo PNG"
check_eq "tombo PNG size" "387 532" "$(od -An -tu1 -j16 -N8 "$WORK/tombo.png" | awk '{ print $3*256 + $4, $7*256 + $8 }')"

# Gray: every colour a grey; low contrast is an error with the text's position.
"$SURIMONO" render "$poster" --gray -o "$WORK/gray.pdf" 2>/dev/null || fail "render gray"
# As printed (rendered by poppler), every pixel is grey: R, G and B within 2 of each other,
# but for a few at the anti-aliased edges of pictures (their colour is taken away by a
# saturation blend shown through the picture's own alpha): fewer than 1 in 1000.
pdftoppm -r 15 "$WORK/gray.pdf" "$WORK/gray"
coloured=$(tail -c +16 "$WORK"/gray-1.ppm | od -An -v -tu1 | tr -s ' ' '\n' | grep . |
  awk '{ v[NR % 3] = $1 } NR % 3 == 0 { d = v[1] - v[2]; if (d < 0) d = -d; e = v[2] - v[0]; if (e < 0) e = -e; if (d > 2 || e > 2) n++ } END { printf "%d %d", n, NR / 3 }')
read -r n total <<<"$coloured"
awk -v n="$n" -v t="$total" 'BEGIN { exit !(t > 1000 && n * 1000 < t) }' && pass || fail "gray: $n of $total pixels in colour"
printf 'kind: page\ntitle: 淡い\ncolor-mode: gray\nbody:\n  - box:\n      - text: 読みにくい文字\n        color: "#8899aa"\n    fill: "#aabbcc"\n' >"$WORK/proj/layouts/pale.yaml"
"$SURIMONO" render "$WORK/proj/layouts/pale.yaml" -o "$WORK/pale.pdf" 2>"$WORK/err"
check_eq "gray contrast: exit code" 1 "$?"
check_contains "gray contrast: message" "$(cat "$WORK/err")" "pale.yaml:6:9: error: in grey this text stands out too little"
check_no_file "gray contrast: no output" "$WORK/pale.pdf"

# The safe area: 3 mm inside the trim for print shops, 5 mm inside the paper for offices.
printf 'kind: page\ntitle: 端\nmargin: 2mm\nprofile: shop\nbody:\n  - text: 端に近すぎる文字\n' >"$WORK/proj/layouts/edge.yaml"
"$SURIMONO" render "$WORK/proj/layouts/edge.yaml" -o "$WORK/edge.pdf" 2>"$WORK/err"
check_eq "shop safe area: exit code" 1 "$?"
check_contains "shop safe area: message" "$(cat "$WORK/err")" "edge.yaml:6:5: error: text is 2.0 mm from the trim; a print shop needs at least 3 mm"
"$SURIMONO" render "$WORK/proj/layouts/edge.yaml" --profile office -o "$WORK/edge.pdf" 2>"$WORK/err"
check_contains "office safe area" "$(cat "$WORK/err")" "error: text is 2.0 mm from the paper edge; office printers need 5 mm"

# Images: resolution at the printed size, CMYK JPEGs refused.
mkdir -p "$WORK/proj/assets"
pdftoppm -png -r 10 -f 1 -l 1 "$WORK/office.pdf" "$WORK/proj/assets/small"
printf 'kind: page\ntitle: 粗い\nbody:\n  - image: assets/small-1.png\n    alt: 小さすぎる画像\n' >"$WORK/proj/layouts/coarse.yaml"
"$SURIMONO" render "$WORK/proj/layouts/coarse.yaml" -o "$WORK/coarse.pdf" 2>"$WORK/err"
check_eq "low resolution: exit code" 1 "$?"
check_contains "low resolution: message" "$(cat "$WORK/err")" "coarse.yaml:4:5: error: image has"
if command -v gs >/dev/null; then
  gs -q -o "$WORK/proj/assets/cmyk.jpg" -sDEVICE=jpegcmyk -r30 "$WORK/office.pdf" 2>/dev/null
  printf 'kind: page\ntitle: CMYK\nbody:\n  - image: assets/cmyk.jpg\n    alt: CMYK の写真\n    width: 20mm\n' >"$WORK/proj/layouts/cmyk.yaml"
  "$SURIMONO" render "$WORK/proj/layouts/cmyk.yaml" -o "$WORK/cmyk.pdf" 2>"$WORK/err"
  check_eq "CMYK JPEG: exit code" 1 "$?"
  check_contains "CMYK JPEG: message" "$(cat "$WORK/err")" "cmyk.yaml:4:5: error: CMYK JPEG refused"
fi
# pdfimages sees the fixture JPEG at its real resolution (≥ 300 ppi where it is placed).
"$SURIMONO" render tests/golden/fixtures/elements.yaml -o "$WORK/elements.pdf" 2>/dev/null
ppi=$(pdfimages -list "$WORK/elements.pdf" | awk 'NR > 2 && $9 == "jpeg" { print $13 }' | head -n 1)
awk -v p="$ppi" 'BEGIN { exit !(p >= 300) }' && pass || fail "JPEG at $ppi ppi"

# Gray mode keeps pictures' transparency: at a transparent corner of each illustration the
# background shows (the card's tint or the paper), not a grey box behind the picture.
for f in confidential-documents shredder-sign; do
  "$SURIMONO" render layouts/$f.yaml --paper A4 --gray -o "$WORK/$f-gray.pdf" 2>/dev/null || fail "$f gray"
  pdftoppm -r 72 -gray -singlefile "$WORK/$f-gray.pdf" "$WORK/$f-gray"
  "$SURIMONO" dump --boxes layouts/$f.yaml --paper A4 | grep '^  image ' >"$WORK/$f.images"
  if python3 - "$WORK/$f-gray.pgm" "$WORK/$f.images" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(maxsplit=4)
width, height = int(parts[1]), int(parts[2])
pixels = parts[4]
def at(x, y):
    return pixels[int(y) * width + int(x)]
ok = True
for line in open(sys.argv[2]):
    x, y, w, h = map(float, line.split()[1:5])
    inside, outside = at(x + 2, y + 2), at(x - 3, y + 2)
    if abs(inside - outside) > 6:
        print(f"{line.split()[6]}: corner {inside}, background {outside}", file=sys.stderr)
        ok = False
sys.exit(0 if ok else 1)
PY
  then pass; else fail "$f gray: a grey box behind a picture"; fi
done

finish
