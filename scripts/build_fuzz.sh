#!/usr/bin/env bash
# libFuzzer build (clang, ASan + UBSan) of every native/**/*_fuzz.cc into build/fuzz.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir=build/fuzz
if [ ! -f "$dir/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$dir" -DWASMRTC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Quiet progress lines; warnings, errors and the size report stay visible. pipefail keeps cmake's status.
cmake --build "$dir" -j"$(nproc)" -- --no-print-directory 2>&1 | sed -E '/^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate|^Scanning/d'
