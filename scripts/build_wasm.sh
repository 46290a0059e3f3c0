#!/usr/bin/env bash
# wasm build: OpenSSL, libopus and libvpx with emcc (cached outside the clone by
# wasm/third_party/build.sh), then the core and its Embind bindings into js/dist.
#   build_wasm.sh             every core layer with emcc, and the module (what npm test does)
#   build_wasm.sh --module    only what the module links (what npm run demo does: faster)
#   build_wasm.sh --size-report   what each library and layer adds to the modules (docs/PERFORMANCE.md "Size")
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # emcc cannot find acorn otherwise
third_party() {
  bash wasm/third_party/build.sh "$1" || { echo "[wasm] the wasm build of $1 failed (see above)" >&2; return 1; }
}
openssl="$(third_party openssl)"
opus="$(third_party opus)"
vpx="$(third_party vpx)"
dir=build/wasm
mkdir -p build
prefixes="$openssl;$opus;$vpx"
if [ ! -f "$dir/CMakeCache.txt" ] || ! grep -qF "WASMRTC_WASM_PREFIXES:STRING=$prefixes" "$dir/CMakeCache.txt"; then
  emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "-DWASMRTC_WASM_PREFIXES=$prefixes" >"$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; exit 1; }
fi
# Quiet progress lines; warnings, errors and the size report stay visible. pipefail keeps cmake's status.
target=()
if [ "${1:-}" = "--module" ]; then target=(--target wasmrtc_core_module); fi
if [ "${1:-}" = "--size-report" ]; then target=(--target wasmrtc_size_report); fi
cmake --build "$dir" -j"$(nproc)" "${target[@]}" -- --no-print-directory 2>&1 | sed -E '/^\[ *[0-9]+%\] (Building|Linking|Built target)|^Consolidate|^Scanning/d'
