#!/usr/bin/env bash
# `npm run demo`: install what is missing, build the wasm core and the relay, then serve the demo
# on localhost (demo/server.mjs: relay, signaling, pages; PORT=... to change the port).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
bash scripts/build_wasm.sh --module
# Only the relay from the native tree (not the tests): the demo's TURN server.
if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build/native -j"$(nproc)" --target wasmrtc-relay -- --no-print-directory 2>&1 |
  sed -E '/^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate|^Scanning/d'
exec node demo/server.mjs
