# OpenSSL 3.0 for wasm: run inside the unpacked source with PREFIX and JOBS set.
# Plain ./Configure with CC=emcc (under emconfigure the Makefile ends up calling "ememcc").
# Not "no-sock": it silently disables DTLS ("no protocols available").
set -euo pipefail
./Configure linux-generic32 no-asm no-threads no-shared no-dso no-engine no-tests no-ui-console \
  enable-ec_nistp_64_gcc_128 --prefix="$PREFIX" --libdir=lib \
  CC=emcc AR=emar RANLIB=emranlib CFLAGS=-O3
make -j"$JOBS" build_libs
make install_dev
