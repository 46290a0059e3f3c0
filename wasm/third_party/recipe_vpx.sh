# libvpx 1.12 for wasm, VP8 only: run inside the unpacked source with PREFIX and JOBS set.
set -euo pipefail
mkdir -p out && cd out
emconfigure ../configure --prefix="$PREFIX" --target=generic-gnu --disable-vp9 \
  --disable-multithread --disable-runtime-cpu-detect --disable-examples --disable-tools \
  --disable-docs --disable-unit-tests --disable-webm-io --disable-libyuv --extra-cflags=-O3
emmake make -j"$JOBS"
emmake make install
emranlib "$PREFIX/lib/libvpx.a"  # vpx installs its archive without an index
