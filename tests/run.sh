#!/usr/bin/env bash
# tests/run.sh: builds surimono with AddressSanitizer + UBSan and warnings as errors, then
# runs every test through ctest. Usage: tests/run.sh [ctest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Asan -DSM_WERROR=ON >/dev/null
cmake --build build-test
cd build-test
ctest --output-on-failure -j2 "$@"
