#!/usr/bin/env bash
# hostile/run.sh: surimono against hostile and careless input — paths out of the project,
# symlinks, FIFOs and devices, decompression and expansion bombs, limits, encodings, absurd
# numbers, duplicate outputs, broken manifests. Every case checks the exit code, the message
# with its position, no crash or sanitizer report, peak memory under 512 MiB, an end within
# 10 s, no file written outside the case's output folder (out/) and no half-written file.
# Usage: run.sh SURIMONO ROOT
set -u
SURIMONO=$1 ROOT=$2
. "$ROOT/tests/e2e/lib.sh"
IN=$ROOT/tests/hostile/inputs
GEN=$WORK/generated
python3 "$ROOT/tests/hostile/make_inputs.py" "$ROOT/tests/fixtures" "$GEN" || {
  echo "cannot generate the inputs" >&2
  exit 1
}
command -v /usr/bin/time >/dev/null || { echo "needs GNU time" >&2; exit 1; }
# ASan keeps freed memory in quarantine (256 MiB by default), which would count as ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16"
unset SOURCE_DATE_EPOCH

MAX_KIB=$((512 * 1024))
MAX_SECONDS=10
cases=0

# newproj NAME: a fresh case folder $C holding a project $P (layouts/, layouts/themes/,
# assets/ with a plain picture, a good definition, out/) and beside it, outside the project,
# $C/outside with a secret; cd into the project.
newproj() {
  C=$WORK/cases/$1
  P=$C/proj
  mkdir -p "$P/layouts/themes" "$P/assets" "$P/out" "$C/outside"
  cp "$ROOT/tests/fixtures/scene.png" "$P/assets/p.png"
  cp "$ROOT/tests/fixtures/scene.png" "$C/outside/secret.png"
  cp "$IN/ok.yaml" "$P/layouts/ok.yaml"
  cd "$P" || exit 1
}

# A listing of every file of the case outside out/ with its size and time, to see what a
# run changed.
snapshot() {
  find "$C" -path "$P/out" -prune -o \( -type f -o -type l -o -type p \) -printf '%p %s %T@\n' | sort
}

# hostile NAME RC MESSAGE -- ARGS...: runs surimono ARGS in $P and checks everything above.
# MESSAGE must appear in what it printed ("" to skip when the exit is 0).
hostile() {
  local name=$1 rc_expected=$2 message=$3
  shift 4
  cases=$((cases + 1))
  snapshot >"$WORK/before"
  /usr/bin/time -f %M -o "$WORK/mem" timeout -s KILL "$MAX_SECONDS" "$SURIMONO" "$@" \
    >"$WORK/stdout" 2>"$WORK/stderr" </dev/null
  local rc=$?
  local err
  err=$(cat "$WORK/stderr" "$WORK/stdout")
  if [ "$rc" -eq 137 ]; then
    fail "$name: did not finish within $MAX_SECONDS s"
    return
  fi
  check_eq "$name: exit code" "$rc_expected" "$rc"
  [ -n "$message" ] && check_contains "$name: message" "$err" "$message"
  case "$err" in
    *Sanitizer* | *"runtime error:"* | *"internal error"*) fail "$name: crash or sanitizer report: $(printf '%s' "$err" | grep -m3 -E 'Sanitizer|runtime error|internal')" ;;
    *) pass ;;
  esac
  local kib
  kib=$(tail -n 1 "$WORK/mem" | tr -dc 0-9)
  if [ -n "$kib" ] && [ "$kib" -lt "$MAX_KIB" ]; then pass; else fail "$name: peak memory ${kib:-?} KiB"; fi
  snapshot >"$WORK/after"
  if cmp -s "$WORK/before" "$WORK/after"; then
    pass
  else
    fail "$name: files outside out/ changed: $(diff "$WORK/before" "$WORK/after" | grep '^[<>]' | head -3)"
  fi
  local half
  half=$(find "$C" -name '.*.??????' -type f | head -3)
  check_eq "$name: no half-written file" "" "$half"
  # A failed render leaves no output at all.
  if [ "$rc" -ne 0 ] && [ "${1:-}" = render ]; then check_no_file "$name: output" "$P/out/x.pdf"; fi
}

# render_case NAME MESSAGE: a render of layouts/d.yaml into out/x.pdf that must fail (exit 1).
render_fails() { hostile "$1" 1 "$2" -- render layouts/d.yaml -o out/x.pdf; }

# ---- numbers -------------------------------------------------------------------------------
for f in negative-width exponent-width hex-size huge-width integer-overflow nan-margin negative-marker; do
  newproj "$f"
  cp "$IN/$f.yaml" layouts/d.yaml
  case $f in
    negative-width) m="layouts/d.yaml:5:12: error: 'width' must not be negative, got -50mm" ;;
    exponent-width) m="layouts/d.yaml:5:12: error: bad length '1e308mm'" ;;
    hex-size) m="layouts/d.yaml:5:11: error: bad length '0x10pt'" ;;
    huge-width) m="layouts/d.yaml:5:12: error: 'width' is too large: at most 2000mm, got 3000mm" ;;
    integer-overflow) m="layouts/d.yaml:6:14: error:" ;;
    nan-margin) m="layouts/d.yaml:3:9: error: bad length 'nanmm'" ;;
    negative-marker) m="layouts/d.yaml:7:14: error: 'at' must not be negative, got -10%" ;;
  esac
  render_fails "number: $f" "$m"
done

# ---- paths ---------------------------------------------------------------------------------
newproj absolute-image
cp "$IN/absolute-image.yaml" layouts/d.yaml
render_fails "path: absolute image" "layouts/d.yaml:4:12: error: asset path '/etc/passwd.png' must be relative to the project root"

newproj climbing-image
printf 'kind: page\ntitle: 画像\nbody:\n  - image: ../outside/secret.png\n    alt: 外\n' >layouts/d.yaml
render_fails "path: image above the root" "layouts/d.yaml:4:12: error: image '../outside/secret.png' is outside the project root"

newproj symlinked-image
ln -s ../../outside/secret.png assets/link.png
cp "$IN/symlinked-image.yaml" layouts/d.yaml
render_fails "path: image symlink out" "layouts/d.yaml:4:12: error: image 'assets/link.png' is outside the project root"

newproj symlinked-theme
printf 'colors:\n  accent: "#123456"\n' >../outside/t.yaml
ln -s ../../../outside/t.yaml layouts/themes/link.yaml
cp "$IN/symlinked-theme.yaml" layouts/d.yaml
render_fails "path: theme symlink out" "layouts/d.yaml:3:8: error: cannot read layouts/themes/link.yaml: it is outside the project root"

newproj climbing-theme
cp "$IN/climbing-theme.yaml" layouts/d.yaml
render_fails "path: theme name climbing" "layouts/d.yaml:3:8: error: theme names use a-z, 0-9, - and _"

newproj symlinked-definition
printf 'kind: page\ntitle: 外\nbody:\n  - a\n' >../outside/evil.yaml
ln -s ../../outside/evil.yaml layouts/d.yaml
render_fails "path: definition symlink out" "layouts/d.yaml: error: cannot read layouts/d.yaml: it is a link to $C/outside/evil.yaml, outside the project root"

for f in pack-climbing pack-absolute pack-symlink pack-not-yaml; do
  newproj "$f"
  printf 'kind: page\ntitle: 外\nbody:\n  - a\n' >../outside/evil.yaml
  ln -s ../../outside/evil.yaml layouts/link.yaml
  : >layouts/notes.txt
  cp "$IN/$f.yaml" layouts/pack.yaml
  case $f in
    pack-climbing) m="layouts/pack.yaml:4:17: error: definition '../../outside/evil.yaml' cannot be used: the name contains '.' or '..'" ;;
    pack-absolute) m="layouts/pack.yaml:4:17: error: definition '/etc/passwd' cannot be used: the name is an absolute path" ;;
    pack-symlink) m="layouts/pack.yaml:4:17: error: definition 'link.yaml' is a link to $C/outside/evil.yaml, outside the project root" ;;
    pack-not-yaml) m="layouts/pack.yaml:4:17: error: definition 'notes.txt' is not a .yaml file" ;;
  esac
  hostile "pack: $f" 1 "$m" -- build . -o out -q
  check_no_file "pack: $f: nothing beside the definition" "$C/outside/evil.pdf"
done

newproj name-climbing
printf 'kind: pack\ntitle: p\ndocuments:\n  - definition: ok.yaml\n' >layouts/pack.yaml
cp "$IN/empty-cell.csv" schools.csv
hostile "name: template climbing" 1 "schools.csv:2:1: error: the name template '../../outside/{output}' gives '../../outside/ok.pdf' for this row: the name contains '.' or '..'" -- build . -o out -q --data schools.csv --name '../../outside/{output}'
hostile "name: absolute template" 1 "schools.csv:2:1: error: the name template '/tmp/{output}' gives '/tmp/ok.pdf' for this row: the name is an absolute path" -- build . -o out -q --data schools.csv --name '/tmp/{output}'
hostile "name: empty cell" 1 "schools.csv:3:1: error: the name template '{学校名}/{output}' gives '/ok.pdf' for this row: the column '学校名' is empty" -- build . -o out -q --data schools.csv --name '{学校名}/{output}'
cp "$IN/dotted-cell.csv" dotted.csv
hostile "name: cell with ../ stays inside" 0 "" -- build . -o out -q --data dotted.csv --name '{学校名}/{output}'
check_eq "name: cell with ../ stays inside: the file" "1" "$(find out -name ok.pdf | wc -l)"
cp "$IN/same-name.csv" same.csv
hostile "name: same name twice" 1 "same.csv:3:1: error: the name template '{学校名}-{output}' gives 'A小学校-ok.pdf' twice" -- build . -o out -q --data same.csv --name '{学校名}-{output}'

newproj output-is-input
cp "$IN/ok.yaml" layouts/d.pdf
hostile "output: the definition itself" 1 "layouts/d.pdf: error: cannot write 'layouts/d.pdf': it is one of the files the output is made from" -- render layouts/d.pdf -o layouts/d.pdf
cmp -s layouts/d.pdf "$IN/ok.yaml" && pass || fail "output: the definition was changed"
ln layouts/d.pdf layouts/hard.pdf
hostile "output: a hard link of the definition" 1 "error: cannot write 'layouts/hard.pdf': it is one of the files the output is made from" -- render layouts/d.pdf -o layouts/hard.pdf
mkdir -p out/dir.pdf
hostile "output: a directory" 1 "out/dir.pdf: error: cannot write 'out/dir.pdf': the path names a directory" -- render layouts/ok.yaml -o out/dir.pdf

# ---- FIFOs and devices: refused at once, never waited on ------------------------------------
newproj fifo-theme
mkfifo layouts/themes/fifo.yaml
cp "$IN/fifo-theme.yaml" layouts/d.yaml
render_fails "fifo: theme" "layouts/d.yaml:3:8: error: cannot read layouts/themes/fifo.yaml: it is not a regular file (a FIFO)"

newproj fifo-definition
mkfifo layouts/d.yaml
render_fails "fifo: definition" "layouts/d.yaml: error: cannot read layouts/d.yaml: it is not a regular file (a FIFO)"

newproj fifo-image
mkfifo assets/fifo.png
cp "$IN/fifo-image.yaml" layouts/d.yaml
render_fails "fifo: image" "layouts/d.yaml:4:12: error: image 'assets/fifo.png' is not a regular file"

newproj fifo-in-layouts
mkfifo layouts/waiting.yaml
hostile "fifo: lying in layouts/" 1 "layouts/waiting.yaml: error: cannot read ./layouts/waiting.yaml: it is not a regular file (a FIFO)" -- build . -o out -q
check_file "fifo: lying in layouts/: the others built" "$P/out/ok.pdf"

newproj fifo-data
mkfifo schools.csv
hostile "fifo: --data" 1 "schools.csv: error: cannot read schools.csv: it is not a regular file (a FIFO)" -- build . -o out -q --data schools.csv

newproj fifo-cache
mkfifo out/.surimono-cache
hostile "fifo: the build cache" 0 "" -- build . -o out -q
check_file "fifo: the build cache: built anyway" "$P/out/ok.pdf"

newproj fifo-manifest
mkfifo shard.json
hostile "fifo: manifest merge input" 1 "shard.json: error: cannot read it: it is not a regular file (a FIFO)" -- manifest merge out/m.json shard.json

newproj fifo-fonts
mkfifo fonts.conf
SURIMONO_FONTS_CONF=$P/fonts.conf hostile "fifo: fonts.conf" 3 "$P/fonts.conf: error: cannot load the font configuration: it is not a regular file (a FIFO)" -- render layouts/ok.yaml -o out/x.pdf

newproj devices
hostile "device: /dev/zero as definition" 1 "/dev/zero: error: cannot read /dev/zero: it is not a regular file (a device)" -- render /dev/zero -o out/x.pdf
hostile "device: a folder as definition" 1 "layouts: error: cannot read layouts: it is not a regular file (a directory)" -- render layouts -o out/x.pdf
hostile "device: /dev/zero as --data" 1 "/dev/zero: error: cannot read /dev/zero: it is not a regular file (a device)" -- build . -o out -q --data /dev/zero

# ---- pictures: bombs and broken files, refused from their headers ---------------------------
picture() { # picture NAME FILE MESSAGE
  newproj "$1"
  cp "$GEN/$2" "assets/$2"
  printf 'kind: page\ntitle: 画像\nbody:\n  - image: assets/%s\n    alt: 攻撃\n' "$2" >layouts/d.yaml
  local kind=SVG
  case $2 in *.jpg | jpeg-*) kind=JPEG ;; png-*) kind=PNG ;; esac
  case $3 in
    cannot*) render_fails "picture: $1" "layouts/d.yaml:4:5: error: $3" ;;
    *) render_fails "picture: $1" "layouts/d.yaml:4:5: error: cannot use the $kind 'assets/$2': $3" ;;
  esac
}
picture jpeg-40000 jpeg-40000-wide.jpg "the picture is wider or taller than 32767 pixels, the limit of a side"
picture jpeg-65000 jpeg-65000-square.jpg "the picture is wider or taller than 32767 pixels"
picture jpeg-no-height jpeg-no-height.jpg "the JPEG's frame header states no size"
picture jpeg-arithmetic jpeg-arithmetic.jpg "the JPEG uses lossless, hierarchical or arithmetic coding"
picture jpeg-truncated jpeg-truncated.jpg "the JPEG is truncated (it has no end marker)"
picture jpeg-named-png jpeg-named-png.png "the JPEG is truncated (it has no end marker)"
picture png-9000 png-9000-square.png "the picture has more than 64 megapixels, the limit for a picture"
picture png-40000 png-40000-wide.png "the picture is wider or taller than 32767 pixels"
picture png-truncated png-truncated.png "the PNG is truncated"
picture png-not-png png-not-png.png "cannot read SVG"

svg() { # svg NAME FILE(in IN or GEN) MESSAGE
  newproj "$1"
  if [ -f "$IN/$2" ]; then cp "$IN/$2" "assets/$2"; else cp "$GEN/$2" "assets/$2"; fi
  printf 'kind: page\ntitle: 図\nbody:\n  - image: assets/%s\n    alt: 攻撃\n' "$2" >layouts/d.yaml
  case $3 in
    cannot* | SVG*) render_fails "svg: $1" "layouts/d.yaml:4:5: error: $3" ;;
    *) render_fails "svg: $1" "layouts/d.yaml:4:5: error: cannot use the SVG 'assets/$2': $3" ;;
  esac
}
svg billion-laughs svg-billion-laughs.svg "the SVG's entity 'lol2' holds markup or other entities"
svg quadratic svg-quadratic.svg "the SVG's entities expand to more than 1024 KiB, the limit for an SVG"
svg external-entity svg-external-entity.svg "the SVG declares an external entity 'xxe'"
svg parameter-entity svg-parameter-entity.svg "the SVG declares a parameter entity"
svg image-absolute svg-image-absolute.svg "the SVG refers to '/etc/passwd', outside the project"
svg image-climbing svg-image-climbing.svg "cannot read 'assets/../../outside/secret.png': it is outside the project root"
svg use-other-file svg-use-other-file.svg "the SVG refers to the file 'other.svg#shape'; an SVG may refer only to PNG or JPEG pictures"
svg stylesheet svg-stylesheet.svg "the SVG loads a stylesheet"
svg xinclude svg-xinclude.svg "the SVG refers to '/etc/passwd', outside the project"
svg nested-svg svg-nested-svg-data.svg "the SVG embeds something other than a base64 PNG or JPEG picture"
svg data-png-bomb svg-data-png-bomb.svg "a picture embedded in the SVG: the picture has more than 64 megapixels"
svg huge svg-huge.svg "cannot read 'assets/svg-huge.svg': it is larger than 16 MiB, the limit for an SVG"
svg no-size svg-no-size.svg "SVG has neither a size nor a viewBox"
svg truncated svg-truncated.svg "cannot read SVG"

# ---- YAML: limits and encodings ---------------------------------------------------------------
yaml_case() { # yaml_case NAME FILE RC MESSAGE
  newproj "$1"
  if [ -f "$IN/$2" ]; then cp "$IN/$2" layouts/d.yaml; else cp "$GEN/$2" layouts/d.yaml; fi
  hostile "yaml: $1" "$3" "$4" -- render layouts/d.yaml -o out/x.pdf
}
yaml_case alias yaml-alias.yaml 1 "layouts/d.yaml:4:5: error: YAML anchors are not supported"
yaml_case billion-laughs yaml-billion-laughs.yaml 1 "layouts/d.yaml:3:4: error: YAML anchors are not supported"
yaml_case two-documents two-documents.yaml 1 "layouts/d.yaml:5:1: error: a second YAML document starts here"
yaml_case nul-escape nul-escape.yaml 1 "layouts/d.yaml:2:8: error: a NUL character is not allowed in text"
yaml_case tab-indent tab-indent.yaml 1 "layouts/d.yaml:4:1: error: YAML syntax error: found character that cannot start any token (while scanning for the next token at 4:1) (indent with spaces, not tabs)"
yaml_case deep yaml-deep.yaml 1 "error: nested too deeply: at most 64 levels"
yaml_case many-nodes yaml-many-nodes.yaml 1 "error: too many values: a definition may hold at most 100000"
yaml_case long-scalar yaml-long-scalar.yaml 1 "layouts/d.yaml:4:11: error: value too long: at most 1048576 bytes"
yaml_case huge-file yaml-huge-file.yaml 1 "layouts/d.yaml: error: cannot read layouts/d.yaml: it is larger than 8 MiB, the limit for a YAML file"
yaml_case 16000-paragraphs yaml-16000-paragraphs.yaml 1 "layouts/d.yaml:"
yaml_case 45000-paragraphs yaml-45000-paragraphs.yaml 1 "layouts/d.yaml:20004:5: error: too many elements: a document may hold at most 20000"
yaml_case utf16 yaml-utf16.yaml 1 "layouts/d.yaml:1:1: error: the file is UTF-16; save it as UTF-8"
yaml_case cp932 yaml-cp932.yaml 1 "layouts/d.yaml:2:8: error: the file is not UTF-8 (byte 0x8A)"
yaml_case nul-bytes yaml-nul.yaml 1 "layouts/d.yaml:2:9: error: the file is not UTF-8 text (it contains NUL bytes"
yaml_case bom yaml-bom.yaml 0 ""

# ---- CSV --------------------------------------------------------------------------------------
csv_case() { # csv_case NAME FILE MESSAGE
  newproj "$1"
  cp "$GEN/$2" schools.csv
  hostile "csv: $1" 1 "$3" -- build . -o out -q --data schools.csv
}
csv_case huge csv-huge.csv "schools.csv: error: the file is too large: at most 16777216 bytes (16 MiB)"
csv_case 300-columns csv-300-columns.csv "schools.csv:1:"
csv_case 100001-rows csv-100001-rows.csv "schools.csv:"
csv_case undecodable csv-undecodable.csv "schools.csv:1:"
csv_case wide-cell csv-wide-cell.csv "schools.csv:2:1: error:"

# ---- the pack: duplicate outputs, empty packs ------------------------------------------------
newproj duplicate-variant
cp "$IN/pack-duplicate-variant.yaml" layouts/pack.yaml
hostile "pack: duplicate variant" 1 "layouts/pack.yaml:8:9: error: this variant makes 'ok-A4.pdf' again (already made by ./layouts/pack.yaml:6:9)" -- build . -o out -q
check_no_file "pack: duplicate variant: nothing built" "$P/out/ok-A4.pdf"

newproj duplicate-document
cp "$IN/pack-duplicate-document.yaml" layouts/pack.yaml
hostile "pack: the same definition twice" 1 "layouts/pack.yaml:5:17: error: this variant makes 'ok.pdf' again (already made by ./layouts/pack.yaml:4:17)" -- build . -o out -q

newproj empty-pack
cp "$IN/pack-empty.yaml" layouts/pack.yaml
hostile "pack: no documents" 0 "" -- build . -o out -q
check_eq "pack: no documents: an empty manifest" "0" "$(jq '.outputs | length' out/manifest.json 2>/dev/null)"

# ---- manifests for merge: validated, never copied blindly -------------------------------------
newproj manifests
cp "$IN"/manifest-*.json . && cp "$GEN"/manifest-*.json .
hostile "merge: truncated shard" 1 "manifest-truncated.json:1:" -- manifest merge out/m.json manifest-good.json manifest-truncated.json
hostile "merge: stray text" 1 "manifest-garbage.json:2:7: error: not a manifest: end of file expected near 'garbage'" -- manifest merge out/m.json manifest-garbage.json
hostile "merge: empty file" 1 "manifest-empty.json:" -- manifest merge out/m.json manifest-empty.json
hostile "merge: not an object" 1 "manifest-array.json: error: not a manifest of surimono build" -- manifest merge out/m.json manifest-array.json
hostile "merge: duplicate key" 1 "manifest-duplicate-key.json:1:" -- manifest merge out/m.json manifest-duplicate-key.json
hostile "merge: wrong type" 1 "manifest-wrong-type.json: error: output 1 lacks pages or bytes as a whole number" -- manifest merge out/m.json manifest-wrong-type.json
hostile "merge: path leaving the folder" 1 "manifest-escaping-path.json: error: output 1 has a path that is not a plain relative file name" -- manifest merge out/m.json manifest-escaping-path.json
hostile "merge: two shards disagree" 1 "manifest-conflict.json: error: 'a.pdf' differs from the same output in another manifest" -- manifest merge out/m.json manifest-good.json manifest-conflict.json
check_no_file "merge: nothing written on error" "$P/out/m.json"
hostile "merge: the same shard twice" 0 "" -- manifest merge out/m.json manifest-good.json manifest-good.json
check_eq "merge: the same shard twice: one output" "1" "$(jq '.outputs | length' out/m.json 2>/dev/null)"

# ---- finished PDFs for check -------------------------------------------------------------------
newproj pdfs
cp "$GEN/pdf-flate-bomb.pdf" bomb.pdf
hostile "check: a flate bomb" 1 "bomb.pdf: page 1: error: the page's content stream decodes to more than the limit of 32 MiB per stream" -- check bomb.pdf
mkfifo fifo.pdf
hostile "check: a FIFO" 1 "fifo.pdf: error: cannot read the PDF: it is not a regular file (a FIFO)" -- check fifo.pdf

# ---- the command line ---------------------------------------------------------------------------
newproj cli
hostile "cli: a PNG too large" 1 "cannot render page 1 at 2400 dpi" -- render layouts/ok.yaml --paper A3 --dpi 2400 -o out/x.png
hostile "cli: page 0" 2 "bad page number '0'" -- render layouts/ok.yaml --page 0 -o out/x.png
SOURCE_DATE_EPOCH=soon hostile "cli: SOURCE_DATE_EPOCH not a number" 0 "<environment>: warning: SOURCE_DATE_EPOCH='soon' is not a number of seconds; ignored" -- render layouts/ok.yaml -o out/x.pdf

echo "$cases hostile cases"
[ "$cases" -ge 60 ] || fail "fewer than 60 hostile cases ($cases)"
finish
