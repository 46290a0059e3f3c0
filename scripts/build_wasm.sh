#!/usr/bin/env bash
# wasm build: OpenSSL, libopus and libvpx with emcc (cached outside the clone by
# wasm/third_party/build.sh), then the core and its Embind bindings into js/dist.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # emcc cannot find acorn otherwise
openssl="$(bash wasm/third_party/build.sh openssl)"
opus="$(bash wasm/third_party/build.sh opus)"
vpx="$(bash wasm/third_party/build.sh vpx)"
dir=build/wasm
prefixes="$openssl;$opus;$vpx"
if [ ! -f "$dir/CMakeCache.txt" ] || ! grep -qF "WASMRTC_WASM_PREFIXES:STRING=$prefixes" "$dir/CMakeCache.txt"; then
  emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "-DWASMRTC_WASM_PREFIXES=$prefixes" >/dev/null
fi
# Quiet progress lines; warnings, errors and the size report stay visible. pipefail keeps cmake's status.
cmake --build "$dir" -j"$(nproc)" -- --no-print-directory 2>&1 | sed -E '/^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate|^Scanning/d'
