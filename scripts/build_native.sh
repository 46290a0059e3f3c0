#!/usr/bin/env bash
# Native build (g++ by default; CC=clang CXX=clang++ works too) of the core, tools and GoogleTest
# binaries into build/native (override with BUILD_DIR).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
dir="${BUILD_DIR:-build/native}"
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Quiet progress lines; warnings, errors and the size report stay visible. pipefail keeps cmake's status.
cmake --build "$dir" -j"$(nproc)" -- --no-print-directory 2>&1 | sed -E '/^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate|^Scanning/d'
