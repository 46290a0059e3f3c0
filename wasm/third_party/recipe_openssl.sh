# OpenSSL 3.0 for wasm: run inside the unpacked source with PREFIX and JOBS set.
# Plain ./Configure with CC=emcc (under emconfigure the Makefile ends up calling "ememcc").
# Not "no-sock": it silently disables DTLS ("no protocols available").
#
# Trimmed to what the core uses (issue 9, docs/PERFORMANCE.md "Size"); every OpenSSL call of
# native/crypto, native/dtls, native/stun and native/turn was checked against this list:
#   kept: DTLS 1.2 (the TLS 1.2 code it shares), ECDHE with X25519/P-256/P-384, ECDSA, RSA (a remote
#         peer's certificate may be RSA), AES-GCM, ChaCha20-Poly1305, SHA-1/224/256/384/512, MD5
#         (TURN long-term credentials), HMAC, X.509 and PEM/DER, use_srtp keying export, DRBG.
#   dropped: every other protocol version (SSL 3, TLS 1.0/1.1/1.3, DTLS 1.0), the ciphers, hashes
#         and key types nothing negotiates or calls (ARIA, Blowfish, BLAKE2, Camellia, CAST, DES,
#         IDEA, MD4, MDC2, RC2, RC4, RIPEMD-160, SEED, SM2/3/4, Whirlpool, DH, DSA, binary curves,
#         CMAC, OCB, SIV, SipHash, scrypt), the protocols and formats around them (CMS, CMP, CT,
#         OCSP, TS, PSK, SRP, NPN, RFC 3779, compression), engines, async jobs.
#   no-err: no error strings (about 100 KB raw); openssl_failure() messages then carry the packed
#         error code ("error:0A0000C1:..."), which `openssl errstr` decodes; the native build keeps
#         Debian's OpenSSL with its strings for debugging.
#   enable-ec_nistp_64_gcc_128 stays: its P-256 code (emulated __int128 on wasm32) costs about
#         190 KB raw, but without it certificate generation and the handshake's ECDSA signatures
#         take the generic prime-curve code and setup went from 11-21 to 17-28 ms median (issue 9
#         asks for setup that matches the native stacks; docs/PERFORMANCE.md "Size").
#   -Os: OpenSSL is half the module; its hot paths here (ChaCha20, Poly1305, AES-GCM per record)
#         measured no slower in bench/run.mjs (docs/PERFORMANCE.md "Size").
set -euo pipefail
./Configure linux-generic32 no-asm no-threads no-shared no-dso no-engine no-tests no-ui-console \
  no-ssl3 no-tls1 no-tls1_1 no-tls1_3 no-dtls1 \
  no-aria no-bf no-blake2 no-camellia no-cast no-des no-idea no-md4 no-mdc2 no-rc2 no-rc4 no-rmd160 \
  no-seed no-sm2 no-sm3 no-sm4 no-whirlpool no-dh no-dsa no-ec2m no-cmac no-ocb no-siv no-siphash no-scrypt \
  no-cms no-cmp no-ct no-ocsp no-ts no-psk no-srp no-nextprotoneg no-rfc3779 no-comp no-gost \
  no-async no-legacy no-multiblock no-ssl-trace no-autoload-config no-err \
  enable-ec_nistp_64_gcc_128 --prefix="$PREFIX" --libdir=lib \
  CC=emcc AR=emar RANLIB=emranlib CFLAGS=-Os
make -j"$JOBS" build_libs
make install_dev
