# libopus 1.3.1 for wasm: run inside the unpacked source with PREFIX and JOBS set.
set -euo pipefail
emconfigure ./configure --host=wasm32 --prefix="$PREFIX" --disable-shared --disable-doc \
  --disable-extra-programs --disable-rtcd --disable-intrinsics CFLAGS=-O3
emmake make -j"$JOBS"
emmake make install
