#!/usr/bin/env bash
# setup.sh: installs what surimono needs (Debian 12), builds it, and renders every definition
# in layouts/ into out/. Usage: ./setup.sh [--deps-only]
set -euo pipefail
cd "$(dirname "$0")"

# Build tools, the libraries of the pipeline, the fonts of fonts/fonts.conf, and the
# tools the tests check PDFs and the site with (Chromium for the catalogue; clang with its
# libFuzzer runtime for tests/fuzz).
packages=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev
  libcairo2-dev libpango1.0-dev libharfbuzz-dev libfontconfig-dev libyaml-dev
  librsvg2-dev libglib2.0-dev libmecab-dev mecab-ipadic-utf8 libqpdf-dev
  libqrencode-dev libjansson-dev libsoup-3.0-dev
  fonts-morisawa-bizud-gothic fonts-morisawa-bizud-mincho fonts-noto-cjk
  fonts-symbola
  poppler-utils mupdf-tools python3 python3-jsonschema python3-yaml qpdf jq time ghostscript
  zbar-tools chromium chromium-driver python3-selenium parallel curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  else
    echo "surimono needs these Debian packages; install them with:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
[ "${1:-}" = "--deps-only" ] && exit 0

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
./build/surimono build . -o out
