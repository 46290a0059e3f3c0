#!/usr/bin/env bash
# `npm run bench`: installs what is missing, builds the wasm module (only what it links), builds
# wasmrtc-relay only if it is missing (for the relayed column), then runs bench/run.mjs with the
# arguments given (npm run bench -- --quick --only tp64 --impl wasmrtc,werift).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
bash scripts/build_wasm.sh --module
if [ ! -x build/native/wasmrtc-relay ]; then
  dir=build/native
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  cmake --build "$dir" -j"$(nproc)" --target wasmrtc-relay -- --no-print-directory 2>&1 |
    sed -E '/^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate|^Scanning/d'
fi
exec node bench/run.mjs "$@"
