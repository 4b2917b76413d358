# mkpdf.sh: writes small PDFs from text for the preflight tests, with a correct xref table, so
# each fixture is readable in the test itself and no binary file is committed.
# Usage: source mkpdf.sh; pdf_objects OUT TRAILER_EXTRA OBJECT...; pdf_stream DICT DATA.

# pdf_objects OUT TRAILER_EXTRA OBJECT...: object N is the Nth argument; 1 must be the catalog.
pdf_objects() {
  local LC_ALL=C out=$1 trailer=$2
  shift 2
  local size=$(($# + 1)) number=1 offsets=() obj
  printf '%%PDF-1.7\n%%\342\343\317\323\n' >"$out"
  for obj in "$@"; do
    offsets+=("$(stat -c %s "$out")")
    printf '%d 0 obj\n%s\nendobj\n' "$number" "$obj" >>"$out"
    number=$((number + 1))
  done
  local xref
  xref=$(stat -c %s "$out")
  {
    printf 'xref\n0 %d\n0000000000 65535 f \n' "$size"
    for obj in "${offsets[@]}"; do printf '%010d 00000 n \n' "$obj"; done
    printf 'trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n' "$size" "$trailer" "$xref"
  } >>"$out"
}

# pdf_stream DICT DATA: a stream object; /Length counts bytes (DATA must hold no NUL byte).
pdf_stream() {
  local LC_ALL=C
  printf '<< /Length %d %s >>\nstream\n%s\nendstream' "${#2}" "$1" "$2"
}

# An embedded TrueType font as the checks see it: a font descriptor with a /FontFile2 (object
# 6, pdf_font_program). The program is a stand-in: no check reads inside it, and no binary font
# is committed.
PDF_TRUETYPE='<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+StandIn /FirstChar 65 /LastChar 66
   /Widths [600 600] /Encoding /WinAnsiEncoding /FontDescriptor << /Type /FontDescriptor
   /FontName /ABCDEF+StandIn /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 1000
   /Descent 0 /CapHeight 700 /StemV 80 /FontFile2 6 0 R >> >>'
pdf_font_program() { pdf_stream "/Length1 8" "stand-in"; }

# A Type 3 font, as Chromium and cairo write for bitmap fonts: its glyph is a content stream
# (object 6, pdf_type3_glyph) drawing a square.
PDF_TYPE3='<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0]
   /CharProcs << /a 6 0 R >> /Encoding << /Type /Encoding /Differences [65 /a] >>
   /FirstChar 65 /LastChar 65 /Widths [1000] /Resources << >> >>'
pdf_type3_glyph() { pdf_stream "" "1000 0 0 0 1000 1000 d1 0 0 1000 1000 re f"; }

# The usual document: 1 catalog, 2 pages, 3 page, 4 content, 5 font F1, 6 its program, 7 info,
# 8 structure tree root, then EXTRA objects from 9 on. F1 is the TrueType stand-in; with
# PDF_F1=type3 in the environment of the call it is the Type 3 font.
# pdf_doc OUT CATALOG_EXTRA PAGE_EXTRA RESOURCES_EXTRA CONTENT INFO TRAILER_EXTRA [EXTRA...]
pdf_doc() {
  local out=$1 catalog=$2 page=$3 resources=$4 content=$5 info=$6 trailer=$7 font program
  shift 7
  if [ "${PDF_F1:-}" = type3 ]; then
    font=$PDF_TYPE3 program=$(pdf_type3_glyph)
  else
    font=$PDF_TRUETYPE program=$(pdf_font_program)
  fi
  pdf_objects "$out" "/Info 7 0 R $trailer" \
    "<< /Type /Catalog /Pages 2 0 R $catalog >>" \
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>" \
    "<< /Type /Page /Parent 2 0 R $page /Resources << /Font << /F1 5 0 R >> $resources >> /Contents 4 0 R >>" \
    "$(pdf_stream "" "$content")" \
    "$font" \
    "$program" \
    "$info" \
    "<< /Type /StructTreeRoot >>" \
    "$@"
}
