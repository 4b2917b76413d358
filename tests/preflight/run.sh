#!/usr/bin/env bash
# run.sh: `surimono check FILE.pdf` — the preflight of finished PDFs on hand-written PDFs (one
# problem each), on surimono's own output (every PDF of a build, and the combined pack.pdf), on
# a Ghostscript CMYK conversion, on encrypted files and on hostile ones (compression bombs, a
# FIFO); exit codes, messages, JSON fields, peak memory and time. `check FILE.yaml` keeps its old
# behaviour.
set -u
SURIMONO=$1 ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
. "$(dirname "$0")/mkpdf.sh"
cd "$ROOT"
unset SOURCE_DATE_EPOCH

# preflight NAME FILE...: runs the text and the JSON report; sets rc, out, json (the JSON is
# checked to parse: a broken document fails here once, not in every jq below).
preflight() {
  local name=$1
  shift
  out=$("$SURIMONO" check "$@" 2>"$WORK/stderr")
  rc=$?
  json=$("$SURIMONO" check --json "$@" 2>>"$WORK/stderr")
  check_eq "$name: same exit code with --json" "$rc" "$?"
  if printf '%s' "$json" | jq -e . >/dev/null 2>&1; then pass; else fail "$name: JSON does not parse: $json"; fi
  check_eq "$name: nothing on stderr" "" "$(cat "$WORK/stderr")"
}
field() { printf '%s' "$json" | jq -r "$1"; }
# The fixtures themselves must be sound, or a finding could be qpdf's repair.
sound() { if qpdf --check "$1" >/dev/null 2>&1; then pass; else fail "fixture $1: $(qpdf --check "$1" 2>&1 | tail -2)"; fi; }

# ---- office: a foreign PDF with Helvetica not embedded and text 1 mm from the edge ----------
# The MediaBox is on the page tree node: inherited.
pdf_objects "$WORK/helv.pdf" "" \
  "<< /Type /Catalog /Pages 2 0 R >>" \
  "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595.28 841.89] >>" \
  "<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>" \
  "$(pdf_stream "" "BT /F1 12 Tf 2.83 400 Td (Hello) Tj ET")" \
  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
sound "$WORK/helv.pdf"
preflight helv "$WORK/helv.pdf"
check_eq "helv: exit code" 1 "$rc"
check_contains "helv: summary" "$out" "helv.pdf: PDF 1.7, 1 page, profile office (no TrimBox)"
check_contains "helv: inherited MediaBox, the page's profile" "$out" \
  "page 1: MediaBox 210.0 x 297.0 mm (A4 portrait), TrimBox none, BleedBox none; profile office (no TrimBox)"
check_contains "helv: font line" "$out" "font F1: Helvetica (Type1), NOT EMBEDDED"
check_contains "helv: font error" "$out" "helv.pdf: page 1: error: font Helvetica (Type1, resource F1) is not embedded"
check_contains "helv: safe area" "$out" \
  "helv.pdf: page 1: error: text at (1.0, 155.9) mm from the page's top-left corner comes within 1.0 mm of its edge (at least 5.0 mm inside; 1 of 1 text shows on this page)"
check_contains "helv: no /Lang" "$out" "helv.pdf: warning: no /Lang in the catalog"
check_contains "helv: untagged" "$out" "warning: not tagged (no /StructTreeRoot)"
check_contains "helv: no title" "$out" "warning: no Title in the document information"
check_contains "helv: no ID" "$out" "warning: no /ID in the trailer"
check_contains "helv: totals" "$out" "helv.pdf: FAILED, 2 errors, 5 warnings"
check_eq "helv: JSON ok" false "$(field .ok)"
check_eq "helv: JSON profile" "office no TrimBox" "$(field '.files[0].pages[0] | "\(.profile) \(.profile_source)"')"
check_eq "helv: JSON file profile" "office no TrimBox" "$(field '.files[0] | "\(.profile) \(.profile_source)"')"
check_eq "helv: JSON embedded" false "$(field '.files[0].pages[0].fonts[0].embedded')"
check_eq "helv: JSON base font" Helvetica "$(field '.files[0].pages[0].fonts[0].base_font')"
check_eq "helv: JSON paper" "A4 portrait" "$(field '.files[0].pages[0].media_box.paper')"
# Numbers rounded to two decimals, as numbers (210 mm is 595.2755… pt).
check_contains "helv: JSON rounded" "$json" '"width_mm": 210.0,'
check_eq "helv: JSON rounded pt" "595.28" "$(field '.files[0].pages[0].media_box.pt[2]')"
check_eq "helv: JSON lang" null "$(field '.files[0].document.lang')"
check_eq "helv: JSON checks" "font-embedding safe-area" "$(field '[.files[0].pages[0].findings[] | select(.severity == "error") | .check] | join(" ")')"
check_eq "helv: JSON outside safe area" 1 "$(field '.files[0].pages[0].text.outside_safe_area')"

# ---- images: 10 x 10 px over 100 mm (2.5 ppi), 120 x 120 px through a form at 12 mm -------
hex() { printf '%.0s80' $(seq "$1"); printf '>'; }
pdf_doc "$WORK/images.pdf" "" "/MediaBox [0 0 595.28 841.89]" \
  "/XObject << /Im1 9 0 R /Fm1 10 0 R >>" \
  "q 283.465 0 0 283.465 100 300 cm /Im1 Do Q q 1 0 0 1 100 100 cm /Fm1 Do Q" \
  "<< >>" "" \
  "$(pdf_stream "/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode" "$(hex 100)")" \
  "$(pdf_stream "/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Matrix [2 0 0 2 0 0] /Resources << /XObject << /Im2 11 0 R >> >>" "q 17.008 0 0 17.008 0 0 cm /Im2 Do Q")" \
  "$(pdf_stream "/Type /XObject /Subtype /Image /Width 120 /Height 120 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /ASCIIHexDecode" "$(hex 14400)")"
sound "$WORK/images.pdf"
preflight images "$WORK/images.pdf"
check_eq "images: exit code" 1 "$rc"
check_contains "images: list" "$out" "image Im1: 10 x 10 px, DeviceGray, ASCIIHexDecode, placed 100.0 x 100.0 mm, 2.5 ppi"
check_contains "images: error" "$out" \
  "images.pdf: page 1: error: image Im1 (10 x 10 px) is 2.5 ppi at its placed size 100.0 x 100.0 mm (at least 150 ppi)"
check_contains "images: warning through the form's matrix" "$out" \
  "images.pdf: page 1: warning: image Im2 (120 x 120 px) is 254.0 ppi at its placed size 12.0 x 12.0 mm (print wants 300 ppi)"
check_eq "images: JSON ppi" "2.5 254" "$(field '[.files[0].pages[0].images[].ppi | tostring] | join(" ")')"
check_eq "images: JSON colour space" DeviceGray "$(field '.files[0].pages[0].images[0].color_space')"
check_eq "images: JSON severities" "error warning" "$(field '[.files[0].pages[0].findings[] | select(.check == "image-resolution") | .severity] | join(" ")')"

# ---- the tokenizer: strings with parentheses and operators, comments, hex strings, nested
# dictionaries, TJ arrays, ' and ", and an inline image whose data holds " EI (" -------------
tokens='% a comment: 0 0 0 rg BT (x) Tj ET
q 1 0 0 1 100 700 cm
/Span << /ActualText (Tj \) BT) /Nested << /A [1 2 (x]) <414243>] >> >> BDC
BT /F1 10 Tf 0 0 Td (paren (nested) Tj \( ET) Tj
<48656C6C6F> Tj
[ (A) -250 <42> 120 (C) ] TJ
12 TL T* (quote) '"'"'
1 2 (dquote) "
ET EMC Q
q 20 0 0 20 100 600 cm
BI /W 4 /H 4 /CS /G /BPC 8 ID
ab EI (cdefghijk
EI
Q
BT /F1 10 Tf 200 200 Td (after) Tj ET'
PDF_F1=type3 pdf_doc "$WORK/tokens.pdf" "" "/MediaBox [0 0 595.28 841.89]" "" "$tokens" "<< >>" ""
# (No `sound`: qpdf's own content tokenizer falls for the " EI (" in the image data.)
preflight tokens "$WORK/tokens.pdf"
check_eq "tokens: every show found (Tj Tj TJ ' \" and the one after the image)" 6 "$(field '.files[0].pages[0].text.shows')"
check_eq "tokens: no syntax problem" 0 "$(field '.files[0].pages[0].syntax_problems')"
check_eq "tokens: inline image" "inline 4 4 DeviceGray" "$(field '.files[0].pages[0].images[0] | "\(.resource) \(.width_px) \(.height_px) \(.color_space)"')"
check_eq "tokens: inline image ppi" 14.4 "$(field '.files[0].pages[0].images[0].ppi')"
check_eq "tokens: Type3 counts as embedded" true "$(field '.files[0].pages[0].fonts[0].embedded')"
# Type 3 in an office PDF: a warning that says why.
check_eq "tokens: Type 3 is a warning for office" "warning" \
  "$(field '[.files[0].pages[0].findings[] | select(.check == "font-type3") | .severity] | join(" ")')"
check_contains "tokens: Type 3, why" "$out" "is a Type 3 font: its glyphs are drawn as PDF procedures, often bitmaps"

# A form that draws itself: the cycle is cut and reported, its text is still seen once.
pdf_doc "$WORK/cycle.pdf" "" "/MediaBox [0 0 595.28 841.89]" "/XObject << /Fm1 9 0 R >>" "q /Fm1 Do Q" "<< >>" "" \
  "$(pdf_stream "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Fm1 9 0 R >> >>" \
    "BT /F1 10 Tf 100 100 Td (A) Tj ET /Fm1 Do")"
sound "$WORK/cycle.pdf"
preflight cycle "$WORK/cycle.pdf"
check_eq "cycle: exit code" 0 "$rc"
check_contains "cycle: warning" "$out" "cycle.pdf: page 1: warning: 1 form XObject drawing not checked (unreadable, cyclic"
check_eq "cycle: text seen once" 1 "$(field '.files[0].pages[0].text.shows')"

# ---- shop-tombo as surimono's print work writes it: trim and bleed boxes, /SMProfile, K-only
# text, trim marks in Separation /All (one labelled in the slug), struct tree, /Lang, /ID --------
TOMBO_PAGE='/MediaBox [0 0 680.315 926.929] /TrimBox [42.52 42.52 637.795 884.409] /BleedBox [34.016 34.016 646.299 892.913]'
TOMBO_CATALOG='/Lang (ja) /StructTreeRoot 8 0 R /MarkInfo << /Marked true >> /ViewerPreferences << /DisplayDocTitle true >>'
TOMBO_INFO='<< /Title <FEFF30C630B930C8> /SMProfile (shop-tombo) /Trapped /False /CreationDate (D:20240601000000Z) /ModDate (D:20240601000000Z) >>'
TOMBO_ID='/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]'
REGISTRATION='/ColorSpace << /CS0 [/Separation /All /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [1 1 1 1] /N 1 >>] >>'
MARKS='q /CS0 CS 1 SCN 0.25 w 0 42.52 m 30 42.52 l S 42.52 0 m 42.52 30 l S Q
q /CS0 cs 1 scn BT /F1 6 Tf 300 10 Td (A) Tj ET Q'
K_TEXT='BT 0 0 0 1 k /F1 12 Tf 100 700 Td (A) Tj ET'
# tombo OUT CONTENT [INFO [PAGE [RESOURCES_EXTRA [EXTRA OBJECTS...]]]]
tombo() {
  local out=$1 content=$2 info=${3:-$TOMBO_INFO} page=${4:-$TOMBO_PAGE} resources=${5:-}
  shift 5 2>/dev/null || shift $#
  pdf_doc "$out" "$TOMBO_CATALOG" "$page" "$REGISTRATION $resources" "$content" "$info" "$TOMBO_ID" "$@"
  sound "$out"
}

tombo "$WORK/tombo.pdf" "$MARKS
$K_TEXT"
preflight tombo "$WORK/tombo.pdf"
check_eq "tombo: exit code" 0 "$rc"
check_contains "tombo: summary" "$out" "tombo.pdf: PDF 1.7, 1 page, profile shop-tombo (SMProfile)"
check_contains "tombo: boxes" "$out" \
  "MediaBox 240.0 x 327.0 mm, TrimBox 210.0 x 297.0 mm (A4 portrait) at (15.0, 15.0) mm, BleedBox 216.0 x 303.0 mm at (12.0, 12.0) mm"
check_contains "tombo: document" "$out" 'title "テスト", lang "ja", tagged yes, DisplayDocTitle yes, ID yes, Trapped "False"'
check_contains "tombo: clean" "$out" "tombo.pdf: ok, 0 errors, 0 warnings"
check_eq "tombo: JSON profile" "shop-tombo SMProfile" "$(field '.files[0] | "\(.profile) \(.profile_source)"')"
check_eq "tombo: JSON page profile" "shop-tombo SMProfile" "$(field '.files[0].pages[0] | "\(.profile) \(.profile_source)"')"
check_eq "tombo: JSON trim paper" "A4 portrait" "$(field '.files[0].pages[0].trim_box.paper')"
check_eq "tombo: JSON registration ops" 2 "$(field '.files[0].pages[0].colour_operators.registration')"
check_eq "tombo: JSON k ops" 1 "$(field '.files[0].pages[0].colour_operators.k')"
check_eq "tombo: JSON mark label not judged" "1 1" "$(field '.files[0].pages[0].text | "\(.shows) \(.registration_marks)"')"
check_eq "tombo: JSON title" "テスト" "$(field '.files[0].document.title')"

tombo "$WORK/rgb.pdf" "$MARKS
BT 0.1 0.1 0.1 rg /F1 12 Tf 100 700 Td (A) Tj ET"
preflight rgb "$WORK/rgb.pdf"
check_eq "rgb: exit code" 1 "$rc"
check_contains "rgb: error" "$out" \
  "rgb.pdf: page 1: error: black text in RGB (must be K only): 1 text shows, the first at (20.3, 65.1) mm from the trim's top-left corner"
check_eq "rgb: JSON" "1 1" "$(field '.files[0].pages[0] | "\(.text.rgb_black) \(.colour_operators.rg)"')"

tombo "$WORK/rich.pdf" "$MARKS
BT 0.6 0.5 0.5 1 k /F1 12 Tf 100 700 Td (A) Tj ET"
preflight rich "$WORK/rich.pdf"
check_eq "rich black: exit code (a warning)" 0 "$rc"
check_contains "rich black: warning" "$out" "rich.pdf: page 1: warning: black text with C, M or Y under the K (rich black)"

# Text in a Form XObject whose matrix puts it 1 mm inside the trim; the form's own resources
# hold a font that is not embedded.
tombo "$WORK/form.pdf" "$MARKS
$K_TEXT
q 1 0 0 1 42.52 42.52 cm /Fm1 Do Q" "" "" "/XObject << /Fm1 9 0 R >>" \
  "$(pdf_stream "/Type /XObject /Subtype /Form /BBox [0 0 500 500] /Matrix [1 0 0 1 2.835 0] /Resources << /Font << /F2 10 0 R >> >>" \
    "BT 0 0 0 1 k /F2 10 Tf 0 300 Td (B) Tj ET")" \
  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
preflight form "$WORK/form.pdf"
check_eq "form: exit code" 1 "$rc"
check_contains "form: safe area through the form" "$out" \
  "form.pdf: page 1: error: text at (1.0, 191.2) mm from the trim's top-left corner comes within 1.0 mm of its edge (at least 3.0 mm inside; 1 of 2 text shows on this page)"
check_contains "form: font of the form" "$out" "form.pdf: page 1: error: font Helvetica (Type1, resource F2) is not embedded"
check_eq "form: JSON fonts" "F1:true F2:false" "$(field '[.files[0].pages[0].fonts[] | "\(.resource):\(.embedded)"] | join(" ")')"

# Declared shop without a TrimBox; dates without D:; no /Trapped.
tombo "$WORK/notrim.pdf" "$K_TEXT" "<< /Title (x) /SMProfile (shop) /CreationDate (20240601000000Z) >>" \
  "/MediaBox [0 0 612.283 858.898]"
preflight notrim "$WORK/notrim.pdf"
check_eq "no trim: exit code" 1 "$rc"
check_contains "no trim: error" "$out" \
  "notrim.pdf: page 1: error: no TrimBox: a print shop cannot know where to cut (MediaBox 216.0 x 303.0 mm, profile shop from SMProfile)"
check_contains "no trim: date" "$out" "notrim.pdf: warning: CreationDate '20240601000000Z' lacks the D: prefix"
check_contains "no trim: trapped" "$out" "notrim.pdf: warning: no /Trapped in the document information"

# No /SMProfile: each page's profile comes from its boxes — a TrimBox inside the MediaBox with
# room for trim marks is shop-tombo, with a bleed only shop; a MediaBox that is a paper plus a
# bleed is shop without boxes. A BleedBox equal to the TrimBox leaves no bleed.
tombo "$WORK/inferred.pdf" "$K_TEXT" "<< /Title (x) /Trapped /True >>" \
  "/MediaBox [0 0 680.315 926.929] /TrimBox [42.52 42.52 637.795 884.409] /BleedBox [42.52 42.52 637.795 884.409]"
preflight inferred "$WORK/inferred.pdf"
check_eq "inferred: profile" "shop-tombo TrimBox 15.0 mm inside the MediaBox" "$(field '.files[0].pages[0] | "\(.profile) \(.profile_source)"')"
check_contains "inferred: no bleed" "$out" "inferred.pdf: page 1: warning: bleed of 0.0 mm beyond the trim (print shops want 3 mm)"
check_eq "inferred: exit code" 0 "$rc"
tombo "$WORK/bleed3.pdf" "$K_TEXT" "<< /Title (x) /Trapped /True >>" \
  "/MediaBox [0 0 612.283 858.898] /TrimBox [8.504 8.504 603.78 850.394] /BleedBox [0 0 612.283 858.898]"
preflight bleed3 "$WORK/bleed3.pdf"
check_eq "bleed 3 mm: profile" "shop TrimBox 3.0 mm inside the MediaBox" "$(field '.files[0].pages[0] | "\(.profile) \(.profile_source)"')"
check_eq "bleed 3 mm: exit code" 0 "$rc"
tombo "$WORK/bleed-only.pdf" "$K_TEXT" "<< /Title (x) /Trapped /True >>" "/MediaBox [0 0 612.283 858.898]"
preflight bleed-only "$WORK/bleed-only.pdf"
check_eq "bleed only: profile" "shop MediaBox is A4 portrait plus 3.0 mm bleed" "$(field '.files[0].pages[0] | "\(.profile) \(.profile_source)"')"
check_eq "bleed only: exit code" 1 "$rc"
check_contains "bleed only: no TrimBox" "$out" "bleed-only.pdf: page 1: error: no TrimBox: a print shop cannot know where to cut"

# A damaged cross-reference table: qpdf repairs it, the preflight says so and goes on.
sed 's/^startxref$/startxref_/' "$WORK/tombo.pdf" >"$WORK/damaged.pdf"
preflight damaged "$WORK/damaged.pdf"
check_eq "damaged: exit code" 0 "$rc"
check_contains "damaged: warning" "$out" "damaged.pdf: warning: qpdf worked around"
check_eq "damaged: still read" "shop-tombo" "$(field '.files[0].profile')"

# Unreadable files are errors of the report, not crashes.
printf 'not a pdf\n' >"$WORK/garbage.pdf"
preflight garbage "$WORK/garbage.pdf" "$WORK/missing.pdf"
check_eq "garbage: exit code" 1 "$rc"
check_contains "garbage: error" "$out" "garbage.pdf: error: cannot read the PDF:"
check_contains "missing: error" "$out" "missing.pdf: error: cannot read the PDF: it does not exist"
check_eq "garbage: JSON" "false false" "$(field '[.files[].readable | tostring] | join(" ")')"

# ---- surimono's own PDFs -----------------------------------------------------------------------
"$SURIMONO" render layouts/confidential-documents.yaml -o "$WORK/office.pdf" 2>"$WORK/err" ||
  fail "render office: $(cat "$WORK/err")"
preflight office "$WORK/office.pdf"
check_eq "office: exit code" 0 "$rc"
check_eq "office: profile" "office SMProfile" "$(field '.files[0] | "\(.profile) \(.profile_source)"')"
check_eq "office: every font embedded" true "$(field '[.files[0].pages[].fonts[].embedded] | all')"
check_eq "office: fonts listed" true "$(field '[.files[0].pages[].fonts[]] | length > 0')"
check_eq "office: RGB black text is no error here" "" "$(field '[.files[0].pages[].findings[] | select(.check == "k-only-black")] | .[]')"
# Byte-identical reports for the same input.
check_eq "office: deterministic JSON" "$json" "$("$SURIMONO" check --json "$WORK/office.pdf" 2>/dev/null)"

if "$SURIMONO" render layouts/confidential-documents.yaml --profile shop-tombo -o "$WORK/poster-tombo.pdf" 2>"$WORK/err"; then
  preflight poster-tombo "$WORK/poster-tombo.pdf"
  check_eq "poster tombo: profile" "shop-tombo SMProfile" "$(field '.files[0] | "\(.profile) \(.profile_source)"')"
  check_eq "poster tombo: trim" "A3 portrait" "$(field '.files[0].pages[0].trim_box.paper')"
  check_eq "poster tombo: trim marks" true "$(field '.files[0].pages[0].colour_operators.registration > 0')"
  check_eq "poster tombo: fonts embedded" true "$(field '[.files[0].pages[].fonts[].embedded] | all')"
else
  fail "render --profile shop-tombo: $(cat "$WORK/err")"
fi

# A JPEG keeps its DCTDecode; the resolution agrees with poppler's pdfimages.
mkdir -p "$WORK/photo"
cp tests/fixtures/photo.jpg "$WORK/photo/photo.jpg"
printf 'kind: page\ntitle: 写真\nbody:\n  - image: photo.jpg\n    alt: 写真\n    width: 100mm\n' >"$WORK/photo/photo.yaml"
if "$SURIMONO" render "$WORK/photo/photo.yaml" -o "$WORK/photo.pdf" 2>/dev/null; then
  preflight photo "$WORK/photo.pdf"
  check_eq "photo: filter" DCTDecode "$(field '.files[0].pages[0].images[0].filter')"
  check_contains "photo: JPEG in the text" "$out" "JPEG (DCTDecode)"
  check_close "photo: ppi as pdfimages" "$(pdfimages -list "$WORK/photo.pdf" | awk 'NR == 3 { print $13 }')" \
    "$(field '.files[0].pages[0].images[0].ppi')" 1
else
  fail "render photo"
fi

# Ghostscript's CMYK conversion: text in k, no rg left.
if command -v gs >/dev/null; then
  gs -q -sDEVICE=pdfwrite -sColorConversionStrategy=CMYK -o "$WORK/cmyk.pdf" "$WORK/office.pdf"
  preflight cmyk "$WORK/cmyk.pdf"
  check_eq "cmyk: exit code" 0 "$rc"
  check_eq "cmyk: k, no rg" "true 0 0" "$(field '.files[0].pages[0] | "\(.colour_operators.k > 0) \(.colour_operators.rg) \(.text.rgb_black)"')"
  check_eq "cmyk: fonts embedded" true "$(field '[.files[0].pages[].fonts[].embedded] | all')"
else
  fail "gs (ghostscript) is not installed: ./setup.sh installs it"
fi

# Several PDFs in one run: one JSON document, files in order; exit 1 when any has an error.
preflight several "$WORK/tombo.pdf" "$WORK/helv.pdf"
check_eq "several: exit code" 1 "$rc"
check_eq "several: files" "tombo.pdf helv.pdf" "$(field '[.files[].file | split("/") | last] | join(" ")')"
check_eq "several: totals" "2 5" "$(field '"\(.errors) \(.warnings)"')"

# ---- Type 3 fonts: an error for print shops, a warning (above, tokens) for offices -------------
PDF_F1=type3 tombo "$WORK/type3.pdf" "$MARKS
$K_TEXT"
preflight type3 "$WORK/type3.pdf"
check_eq "type3: exit code" 1 "$rc"
check_eq "type3: an error in shop-tombo" "error" \
  "$(field '[.files[0].pages[0].findings[] | select(.check == "font-type3") | .severity] | join(" ")')"
check_contains "type3: why" "$out" \
  "type3.pdf: page 1: error: font without a name (resource F1) is a Type 3 font: its glyphs are drawn as PDF procedures, often bitmaps, which RIPs render badly and text extraction cannot read"
check_eq "type3: the same file without Type 3 passes" 0 "$("$SURIMONO" check "$WORK/tombo.pdf" >/dev/null 2>&1; echo $?)"

# ---- --profile and --paper ------------------------------------------------------------------------
# A plain office page: no TrimBox, no BleedBox, K text well inside.
pdf_doc "$WORK/plain.pdf" "$TOMBO_CATALOG" "/MediaBox [0 0 595.28 841.89]" "" "$K_TEXT" \
  "<< /Title (x) >>" "$TOMBO_ID"
sound "$WORK/plain.pdf"
preflight plain "$WORK/plain.pdf"
check_eq "no boxes: passes as office" "0 office" "$rc $(field '.files[0].pages[0].profile')"
preflight "no boxes, --profile shop" --profile shop "$WORK/plain.pdf"
check_eq "no boxes, --profile shop: exit code" 1 "$rc"
check_contains "no boxes, --profile shop: why" "$out" \
  "plain.pdf: page 1: error: no TrimBox: a print shop cannot know where to cut (MediaBox 210.0 x 297.0 mm, profile shop from --profile)"
check_eq "no boxes, --profile shop: JSON" "shop --profile shop" \
  "$(field '.files[0] | "\(.pages[0].profile) \(.pages[0].profile_source) \(.options.profile)"')"
# A TrimBox without a BleedBox: a warning when the boxes alone say shop, an error when asked.
tombo "$WORK/nobleed.pdf" "$K_TEXT" "<< /Title (x) /Trapped /True >>" \
  "/MediaBox [0 0 612.283 858.898] /TrimBox [8.504 8.504 603.78 850.394]"
preflight nobleed "$WORK/nobleed.pdf"
check_eq "no BleedBox, boxes say shop: a warning" "0 warning" \
  "$rc $(field '[.files[0].pages[0].findings[] | select(.check == "bleed-box") | .severity] | join(" ")')"
preflight "no BleedBox, --profile shop" --profile shop "$WORK/nobleed.pdf"
check_eq "no BleedBox, --profile shop: an error" "1 error" \
  "$rc $(field '[.files[0].pages[0].findings[] | select(.check == "bleed-box") | .severity] | join(" ")')"
check_contains "no BleedBox: why" "$out" "error: no BleedBox: a print shop cannot know how far the picture reaches beyond the cut"

preflight "--paper A3 on A4" --paper A3 "$WORK/tombo.pdf"
check_eq "--paper mismatch: exit code" 1 "$rc"
check_contains "--paper mismatch: error" "$out" \
  "tombo.pdf: page 1: error: the TrimBox is 210.0 x 297.0 mm (A4 portrait), not A3 (297 x 420 mm) as --paper asks"
preflight "--paper a4" --paper a4 "$WORK/tombo.pdf"
check_eq "--paper matching (any case): exit code" 0 "$rc"
check_eq "--paper: JSON option" A4 "$(field '.files[0].options.paper')"
# Landscape counts: the trim of a page without a TrimBox is the page.
pdf_doc "$WORK/landscape.pdf" "$TOMBO_CATALOG" "/MediaBox [0 0 841.89 595.28]" "" \
  "BT 0 0 0 1 k /F1 12 Tf 100 300 Td (A) Tj ET" \
  "<< /Title (x) >>" "$TOMBO_ID"
preflight landscape --paper A4 "$WORK/landscape.pdf"
check_eq "--paper A4, landscape page: exit code" 0 "$rc"
for bad in "--paper A44:did you mean 'A4'?" "--profile shopp:did you mean 'shop'?" "--profile print:(office, shop or shop-tombo)"; do
  args=${bad%%:*}
  err=$("$SURIMONO" check $args "$WORK/tombo.pdf" 2>&1 >/dev/null)
  check_eq "$args: usage error" 2 "$?"
  check_contains "$args: message" "$err" "${bad#*:}"
done

# ---- encryption -------------------------------------------------------------------------------------
# Needs a password: a clear error, no crash.
qpdf --encrypt user owner 256 --print=none -- "$WORK/tombo.pdf" "$WORK/enc-password.pdf"
preflight enc-password "$WORK/enc-password.pdf"
check_eq "password: exit code" 1 "$rc"
check_contains "password: error" "$out" "enc-password.pdf: error: the PDF is encrypted and needs a password to open"
check_eq "password: JSON" "false encryption" "$(field '.files[0] | "\(.readable) \(.findings[0].check)"')"
# An empty user password opens it; printing forbidden is an error in every profile, the
# encryption itself in the shop profiles.
qpdf --encrypt "" owner 256 --print=none -- "$WORK/tombo.pdf" "$WORK/enc-noprint.pdf"
preflight enc-noprint "$WORK/enc-noprint.pdf"
check_eq "no print, shop-tombo: exit code" 1 "$rc"
check_eq "no print, shop-tombo: errors" "encryption print-permission" \
  "$(field '[.files[0].findings[] | select(.severity == "error") | .check] | join(" ")')"
check_eq "no print: still checked" "1 false not allowed" \
  "$(field '.files[0] | "\(.pages[0].text.shows) \(.ok) \(.document.printing)"')"
check_contains "no print: why" "$out" "error: the PDF's permissions do not allow printing: nobody can print it"
qpdf --encrypt "" owner 256 -- "$WORK/plain.pdf" "$WORK/enc-office.pdf"
preflight enc-office "$WORK/enc-office.pdf"
check_eq "encrypted office, printing allowed: a warning" "0 warning" \
  "$rc $(field '[.files[0].findings[] | select(.check == "encryption") | .severity] | join(" ")')"
qpdf --encrypt "" owner 256 --print=none -- "$WORK/plain.pdf" "$WORK/enc-office-noprint.pdf"
preflight enc-office-noprint "$WORK/enc-office-noprint.pdf"
check_eq "encrypted office, no printing: an error" "1 error" \
  "$rc $(field '[.files[0].findings[] | select(.check == "print-permission") | .severity] | join(" ")')"

# ---- hostile files: limits, memory, time ---------------------------------------------------------
# ASan keeps freed memory in quarantine (256 MiB by default), which would count as ours.
MAX_KIB=$((512 * 1024))
# limited NAME RC FILE: runs check on FILE under GNU time; sets rc, out, kib and seconds, and
# checks the exit code, peak memory under 512 MiB and an end within 10 s.
limited() {
  local name=$1 want=$2 file=$3 start end
  start=$(date +%s%N)
  out=$(ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16" /usr/bin/time -f %M -o "$WORK/mem" \
    timeout -s KILL 60 "$SURIMONO" check --json "$file" 2>"$WORK/stderr")
  rc=$?
  end=$(date +%s%N)
  json=$out
  kib=$(tail -n 1 "$WORK/mem" | tr -dc 0-9)
  seconds=$(((end - start) / 1000000000))
  check_eq "$name: exit code" "$want" "$rc"
  check_eq "$name: nothing on stderr" "" "$(cat "$WORK/stderr")"
  if [ -n "$kib" ] && [ "$kib" -lt "$MAX_KIB" ]; then pass; else fail "$name: peak memory ${kib:-?} KiB"; fi
  if [ "$seconds" -lt 10 ]; then pass; else fail "$name: took $seconds s"; fi
}
HOSTILE="python3 $ROOT/tests/preflight/hostile.py"
# First the filters decoded under the limit: the same text through each chain.
$HOSTILE filters "$WORK/filters.pdf"
sound "$WORK/filters.pdf"
preflight filters "$WORK/filters.pdf"
check_eq "filters: the text found through every chain" "1 1 1 1 1" "$(field '[.files[0].pages[].text.shows] | join(" ")')"
check_eq "filters: nothing undecodable" "" "$(field '[.files[0].pages[].findings[] | select(.check == "content" or .check == "limit")] | .[]')"
# A 1 MB page content stream that inflates to 1 GiB (qpdf alone took 3 GB and 20 s).
$HOSTILE content-bomb "$WORK/bomb.pdf" 1024
check_eq "bomb: under a few MB" 1 "$(($(stat -c %s "$WORK/bomb.pdf") < 4000000))"
limited "content bomb" 1 "$WORK/bomb.pdf"
check_eq "content bomb: a limit error on the page" limit \
  "$(field '[.files[0].pages[0].findings[] | select(.severity == "error") | .check] | join(" ")')"
check_contains "content bomb: the limit named" "$(field '.files[0].pages[0].findings[0].message')" "MiB per stream"
# Object and cross-reference streams, which qpdf inflates while it opens the file: measured first.
$HOSTILE objstm-bomb "$WORK/objstm.pdf" 256
limited "object stream bomb" 1 "$WORK/objstm.pdf"
check_eq "object stream bomb: not opened" "false limit" "$(field '.files[0] | "\(.readable) \(.findings[0].check)"')"
check_contains "object stream bomb: message" "$(field '.files[0].findings[0].message')" "object stream 5"
$HOSTILE xref-bomb "$WORK/xref.pdf" 256
limited "cross-reference stream bomb" 1 "$WORK/xref.pdf"
check_contains "cross-reference stream bomb: message" "$(field '.files[0].findings[0].message')" "cross-reference stream 6"
# The same layout with small streams is read as usual.
$HOSTILE objstm-bomb "$WORK/objstm-small.pdf" 0
limited "small object stream" 0 "$WORK/objstm-small.pdf"
check_eq "small object stream: read" "true 1" "$(field '.files[0] | "\(.readable) \(.page_count)"')"
# In an encrypted file object streams are encrypted too: one too large to stay under the limit
# even at deflate's best ratio is refused; the same file unencrypted is measured and read.
$HOSTILE big-info "$WORK/big.pdf"
qpdf --object-streams=generate -- "$WORK/big.pdf" "$WORK/big-plain.pdf"
qpdf --object-streams=generate --encrypt "" owner 256 -- "$WORK/big.pdf" "$WORK/big-enc.pdf"
limited "large object stream" 0 "$WORK/big-plain.pdf"
limited "large encrypted object stream" 1 "$WORK/big-enc.pdf"
check_contains "large encrypted object stream: why" "$(field '.files[0].findings[0].message')" \
  "cannot be measured before qpdf reads it (the file is encrypted)"
# Forms drawing forms ten times, twelve deep: the drawings are counted.
$HOSTILE form-fanout "$WORK/fanout.pdf"
limited "form fan-out" 1 "$WORK/fanout.pdf"
check_eq "form fan-out: a limit error" limit "$(field '[.files[0].pages[0].findings[] | select(.severity == "error") | .check] | join(" ")')"
# A /Contents array of 100,000 parts: the streams of a page are counted too.
$HOSTILE contents-array "$WORK/parts.pdf"
limited "content in 100,000 parts" 1 "$WORK/parts.pdf"
check_eq "content in 100,000 parts: a limit error" limit "$(field '[.files[0].pages[0].findings[] | select(.severity == "error") | .check] | join(" ")')"
# 200 pages sharing one 30 MiB stream: the file's total stops it.
$HOSTILE shared-stream "$WORK/shared.pdf" 30
limited "shared stream" 1 "$WORK/shared.pdf"
check_eq "shared stream: one page past the limit, the rest not read" "1 limit" \
  "$(field '"\([.files[0].pages[].findings[] | select(.check == "limit")] | length) \(.files[0].findings[0].check)"')"

# Not a regular file: refused before qpdf opens anything, never waiting on a FIFO.
mkfifo "$WORK/fifo.pdf"
mkdir "$WORK/folder.pdf"
ln -s /dev/zero "$WORK/zero.pdf"
for f in fifo:FIFO folder:directory zero:device; do
  limited "${f%%:*}" 1 "$WORK/${f%%:*}.pdf"
  check_contains "${f%%:*}: message" "$(field '.files[0].findings[0].message')" "is not a regular file (a ${f#*:})"
done

# ---- every PDF of a build passes, the combined pack.pdf too (office, shop and shop-tombo pages) --
if "$SURIMONO" build . -o "$WORK/pack" -q >/dev/null 2>"$WORK/err"; then
  for f in "$WORK"/pack/*.pdf; do
    out=$("$SURIMONO" check "$f" 2>&1)
    check_eq "build: $(basename "$f") passes" 0 "$?"
  done
  preflight pack "$WORK/pack/pack.pdf"
  check_eq "pack.pdf: exit code" 0 "$rc"
  check_eq "pack.pdf: no errors" 0 "$(field '.errors')"
  check_eq "pack.pdf: a profile per page" "mixed per page" "$(field '.files[0] | "\(.profile) \(.profile_source)"')"
  check_eq "pack.pdf: the three profiles" "office shop shop-tombo" "$(field '[.files[0].pages[].profile] | unique | join(" ")')"
  check_contains "pack.pdf: the text report lists them" "$out" "profiles office (pages "
  # A page's profile agrees with its boxes: the trim inside the sheet means a print shop.
  check_eq "pack.pdf: cut pages are shop pages" true \
    "$(field '[.files[0].pages[] | select(.trim_box.width_mm < .media_box.width_mm) | .profile != "office"] | all')"
  # --paper A4: an error exactly on the pages whose trim is no A4.
  preflight "pack --paper A4" --paper A4 "$WORK/pack/pack.pdf"
  check_eq "pack.pdf --paper A4: the pages that are not A4" \
    "$(field '[.files[0].pages[] | select((.trim_box.paper // "") | startswith("A4") | not) | .page] | join(" ")')" \
    "$(field '[.files[0].pages[] | select(any(.findings[]; .check == "paper")) | .page] | join(" ")')"
else
  fail "build: $(cat "$WORK/err")"
fi

# ---- definitions are checked as before; --json is for PDFs ---------------------------------------
out=$("$SURIMONO" check layouts/confidential-documents.yaml 2>&1)
check_eq "yaml: exit code" 0 "$?"
check_eq "yaml: output" "layouts/confidential-documents.yaml: ok (1 pages)" "$out"
out=$("$SURIMONO" check layouts/confidential-documents.yaml "$WORK/tombo.pdf" 2>&1)
check_eq "yaml and pdf: exit code" 0 "$?"
check_contains "yaml and pdf: the definition" "$out" "confidential-documents.yaml: ok (1 pages)"
check_contains "yaml and pdf: the PDF" "$out" "tombo.pdf: ok, 0 errors, 0 warnings"
"$SURIMONO" check --json layouts/confidential-documents.yaml >/dev/null 2>&1
check_eq "--json with a definition: usage" 2 "$?"
"$SURIMONO" render --json layouts/confidential-documents.yaml -o "$WORK/no.pdf" >/dev/null 2>&1
check_eq "--json elsewhere: usage" 2 "$?"
check_contains "--help mentions the preflight" "$("$SURIMONO" --help)" "check FILE.pdf... [--json]"

finish
