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
#   -Os: OpenSSL is half the module; its hot paths here (AES-GCM per record) measured no slower in
#         bench/run.mjs (docs/PERFORMANCE.md "Size"). ChaCha20 and Poly1305 are the exceptions:
#         this project's SIMD files at -O3 (below).
#   no-filenames (with OPENSSL_FUNC "" and a one-call ERR_raise, below): no source file or function
#         names at the error sites (~4900 in the source); the packed code is all no-err leaves.
#   no-pic: nothing here is a shared object; position-dependent code is a little smaller.
#   Source trims (below, each commented): Configure cannot remove what OpenSSL 3.0's default
#         provider and legacy method tables name, so the recipe deletes those entries from the
#         unpacked source (SHA-3, unused AES modes, MACs and KDFs, X448/Ed25519/Ed448, text and
#         MSBLOB/PVK encoders/decoders, the file store, all named curves but P-256/384/521), and
#         changes what the core's use makes dead: chain verification (the core matches the
#         a=fingerprint itself), config-file loading, RSA key generation, Ed25519's base-point
#         table (X25519 keys by the ladder), all cipher suites but the three offered.
#         Checked against every OpenSSL call of native/crypto, dtls, stun, turn and bindings/.
#         The whole Jest suite runs on this build; the native build (and so the C++ tests) links
#         Debian's unmodified OpenSSL.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # this recipe's folder (wasm/third_party)

# --- Source trims, applied to the unpacked tarball before Configure (docs/PERFORMANCE.md "Size") ---
# OpenSSL 3.0's default provider lists every algorithm it has in its dispatch tables, and the legacy
# EVP_PKEY method tables do the same for key types; whatever a table names is linked, whether or not
# anything fetches it. Configure has no option for most of these, so the entries the core never
# fetches are deleted here. Each pattern must match (upgrading OpenSSL fails loudly, not silently).
# cut FILE REGEX...: delete every match of each REGEX (perl, whole file, /m and /s) from FILE.
cut() {
  local file="$1"; shift
  perl -0777 -e '
    my @res = @ARGV[1..$#ARGV]; @ARGV = ($ARGV[0]); local $/; my $s = <>;
    for my $re (@res) { my $n = ($s =~ s/$re//msg); die "recipe_openssl.sh: no match in $ARGV: $re\n" unless $n; }
    open my $out, ">", $ARGV or die; print $out $s;' "$file" "$@"
}
# sub FILE FROM TO: replace every match of the perl regex FROM by TO, in which \n is a newline
# and $& the matched text (must match).
sub() {
  perl -0777 -e '
    my ($from, $to) = @ARGV[1,2]; @ARGV = ($ARGV[0]); local $/; my $s = <>;
    $to =~ s/\\n/\n/g;
    my $n = ($s =~ s/$from/my $t = $to; my $m = $&; $t =~ s{\$&}{$m}g; $t/msge);
    die "recipe_openssl.sh: no match in $ARGV: $from\n" unless $n;
    open my $out, ">", $ARGV or die; print $out $s;' "$1" "$2" "$3"
}
entry='^ *\{ PROV_NAMES_%s, "provider=default",[^}]*\},\n'   # { PROV_NAMES_X, ..., fn[, desc] },
alg='^ *ALGC?\(PROV_NAMES_%s,.*?\),\n'                      # ALG(PROV_NAMES_X, fn) / ALGC(..., check)
e() { printf "$entry" "$1"; }
a() { printf "$alg" "$1"; }
# Kept: SHA-1, SHA-2, MD5 (+MD5-SHA1), NULL digests; AES-ECB and -CTR (the CTR DRBG), AES-GCM,
# ChaCha20(-Poly1305), NULL ciphers; HMAC; TLS1-PRF; ECDH, X25519; CTR-DRBG and the seed source;
# RSA (verifying a remote peer's certificate, PKCS#1 and PSS) and ECDSA signatures; RSA, RSA-PSS, EC
# and X25519 keys. Dropped: SHA-3/SHAKE/KECCAK-KMAC; the AES modes nothing negotiates (CBC, CTS,
# OFB, CFB*, XTS, CCM, key wrap, CBC-HMAC); GMAC, KMAC, Poly1305 as MACs; every KDF but TLS1-PRF;
# X448, Ed25519, Ed448; Hash and HMAC DRBGs, the test RNG; RSA encryption and RSA KEM; the legacy
# KDF/MAC-as-key-exchange/signature shims.
cut providers/defltprov.c \
  "$(e 'SHA3_\w+')" "$(e 'KECCAK_KMAC_\w+')" "$(e 'SHAKE_\w+')" \
  "$(a 'AES_\d+_(CBC|CBC_CTS|OFB|CFB|CFB1|CFB8|XTS|CCM|WRAP|WRAP_PAD|WRAP_INV|WRAP_PAD_INV)')" \
  "$(a 'AES_\d+_CBC_HMAC_SHA\d+')" \
  "$(e '(GMAC|KMAC_128|KMAC_256|POLY1305)')" \
  "$(e '(HKDF|TLS1_3_KDF|SSKDF|PBKDF2|PKCS12KDF|SSHKDF|X963KDF|KBKDF|X942KDF_ASN1|KRB5KDF)')" \
  "$(e '(X448|ED25519|ED448)')" \
  "$(e '(HASH_DRBG|HMAC_DRBG|TEST_RAND)')" \
  '^ *\{ PROV_NAMES_HMAC, "provider=default", ossl_mac_legacy_[^}]*\},\n' \
  '^ *\{ PROV_NAMES_TLS1_PRF, "provider=default", ossl_kdf_(tls1_prf_keyexch|keymgmt)_[^}]*\},\n' \
  '^ *\{ PROV_NAMES_RSA, "provider=default", ossl_rsa_asym_(cipher|kem)_functions[^}]*\},\n'
# The encoders: EC keys to DER/PEM only (PEM_write_bio_PrivateKey, i2d_PUBKEY of our own key); no
# text output, no other key type, no encrypted PKCS#8, no MSBLOB/PVK. The decoders: EC and RSA
# (RSA-PSS) keys from DER/PEM, not X25519/X448/Ed25519/Ed448, MSBLOB, PVK or encrypted PKCS#8.
# The file store (OSSL_STORE) goes.
cut providers/encoders.inc \
  '^ENCODER_TEXT\(.*?\),\n' \
  '^ENCODER(_w_structure)?\("(RSA|RSA-PSS|X25519|X448|ED25519|ED448)",.*?\),\n' \
  '^ENCODER_w_structure\("EC", ec, yes, (der|pem), EncryptedPrivateKeyInfo\),\n'
cut providers/decoders.inc \
  '^DECODER_w_structure\("(ED25519|ED448|X25519|X448)",.*?\),\n' \
  '^DECODER\("RSA", (msblob|pvk), rsa, yes\),\n' \
  '^DECODER_w_structure\("DER", der, EncryptedPrivateKeyInfo, der, yes\),\n'
cut providers/stores.inc '^STORE\("file".*?\)\n'
# The legacy key-type tables (EVP_PKEY_ASN1_METHOD, EVP_PKEY_METHOD) name X448, Ed25519 and Ed448
# too; without them and the provider entries only unreachable branches of the shared X25519/Ed25519/
# X448/Ed448 code still call curve448 and Ed25519, so those calls become failures at compile time.
cut crypto/asn1/standard_methods.h '^ *&ossl_(ecx448|ed25519|ed448)_asn1_meth,\n'
cut crypto/evp/pmeth_lib.c '^ *ossl_(ecx448|ed25519|ed448)_pkey_method,\n'
stubs='\n#define ossl_x448(...) 0\n#define ossl_x448_public_from_private(...) ((void)0)\n#define ossl_ed448_public_from_private(...) 0\n#define ossl_ed25519_public_from_private(...) 0\n'
for f in crypto/ec/ecx_backend.c providers/implementations/keymgmt/ecx_kmgmt.c \
         providers/implementations/exchange/ecx_exch.c crypto/ec/ecx_meth.c; do
  sub "$f" '#include "crypto/ecx.h"\n' "\$&$stubs"
done
# Named curves: P-256, P-384 and P-521 only (ECDHE offers P-256 and P-384; a remote certificate may
# use any of the three); the other ~70 curves' parameters and names go. P-224 and P-521 lose the
# ec_nistp_64_gcc_128 code (only P-256's is on the setup path; P-521 falls back to generic code).
cut crypto/ec/ec_curve.c '^ *\{ NID_\w+, &_EC_\w+\.h, 0,\n\s*"[^"]*" \},\n' \
  '^#ifndef OPENSSL_NO_EC_NISTP_64_GCC_128\n *\{ NID_secp224r1,.*?#endif\n'
sub crypto/ec/ec_curve.c 'EC_GFp_nistp521_method,' '0,'
# X25519 public keys by the Montgomery ladder (what ossl_x25519 computes anyway, from the base
# point 9) instead of Ed25519's fixed-base comb: its 30 KB table of random-looking points does not
# compress and nothing else needs it once Ed25519 is gone. One X25519 key generation per handshake
# and side costs one more ladder (docs/PERFORMANCE.md "Size").
sub crypto/ec/curve25519.c \
  '^void ossl_x25519_public_from_private\(uint8_t out_public_value\[32\],\s*const uint8_t private_key\[32\]\)\n\{.*?\n\}\n' \
  'void ossl_x25519_public_from_private(uint8_t out_public_value[32],\n    const uint8_t private_key[32])\n{\n    static const uint8_t kBasePoint[32] = { 9 };\n\n    x25519_scalar_mult(out_public_value, private_key, kBasePoint);\n}\n'
# No chain verification: the core identifies the peer by the a=fingerprint of its certificate and
# its verify callback ignores OpenSSL's chain verdict (self-signed certificates never verify), so
# libssl hands the received certificate to that callback directly (preverify_ok = 1, the leaf
# only) instead of running X509_verify_cert, and sends our own certificate without building a
# chain for it (as SSL_MODE_NO_AUTO_CHAIN; it is self-signed). X509_verify_cert and the X509_LOOKUP
# file/dir/store code (OSSL_STORE, PKCS#12, PBKDF2 behind it) are no longer linked; the chain walk
# stays, unused (X509_STORE_CTX_init points to it). SSL_CTX_build_cert_chain fails.
sub ssl/ssl_cert.c '        i = X509_verify_cert\(ctx\);' '        i = X509_STORE_CTX_get_verify_cb(ctx)(1, ctx);'
sub ssl/ssl_cert.c '    i = X509_verify_cert\(xs_ctx\);' '    i = 0;'
sub ssl/statem/statem_lib.c 'if \(\(s->mode & SSL_MODE_NO_AUTO_CHAIN\) \|\| extra_certs\)' 'if (1)'
sub ssl/statem/statem_lib.c '\(void\)X509_verify_cert\(xs_ctx\);' ';'
# No configuration files (no-autoload-config already; the core never asks for one): neither the
# library's init nor SSL_CTX_new reaches the CONF parser, its modules or the SSL_CONF commands.
sub crypto/init.c 'int ret = ossl_config_int\((NULL|conf_settings)\);' 'int ret = 1;'
sub ssl/ssl_lib.c '^    ssl_ctx_system_config\(ret\);\n' ''
# Cipher suites: only the three the core offers (ECDHE-ECDSA with AES-128-GCM, AES-256-GCM,
# ChaCha20-Poly1305); the other ~150 entries and their names go. The alias table stays (the
# default cipher string is parsed at SSL_CTX_new).
perl -0777 -e '
  local $/; my $f = "ssl/s3_lib.c"; open my $in, "<", $f or die; my $s = <$in>; close $in;
  my %keep = map { ($_, 1) } qw(TLS1_TXT_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    TLS1_TXT_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 TLS1_TXT_ECDHE_ECDSA_WITH_CHACHA20_POLY1305);
  $s =~ /^static SSL_CIPHER ssl3_ciphers\[\] = \{\n(.*?)^\};\n/ms or die "recipe_openssl.sh: no ssl3_ciphers\n";
  my ($start, $len, $body) = ($-[1], $+[1] - $-[1], $1);
  my $kept = 0;
  $body =~ s/^    \{\n        1,\n        (\w+),\n.*?^    \},\n/$keep{$1} ? ($kept++, $&)[1] : ""/msge;
  die "recipe_openssl.sh: kept $kept cipher suites, not 3\n" unless $kept == 3;
  substr($s, $start, $len) = $body;
  open my $out, ">", $f or die; print $out $s;'
# RSA keys are only ever verified with, never generated: no RSA key generation (and its prime
# search) in the provider's RSA and RSA-PSS key managers or the legacy RSA method.
cut providers/implementations/keymgmt/rsa_kmgmt.c '^ *\{ OSSL_FUNC_KEYMGMT_GEN\w*,[^}]*\},\n'
sub crypto/rsa/rsa_pmeth.c '^    pkey_rsa_keygen,$' '    0,'
# Handshake spares (wasm/runtime/handshake_spares.c, docs/PERFORMANCE.md "Seventh round"): the
# ECDHE key pair and the ECDSA nonce of a handshake do not depend on the peer, so the module makes
# them in idle time and OpenSSL takes one when there is one: X25519 keys where libssl generates the
# server's (ssl_generate_pkey_group) and the client's (ssl_generate_pkey) share, P-256 nonces where
# ECDSA signing would compute its own. Weak references: without that file nothing changes.
sub ssl/s3_lib.c '^EVP_PKEY \*ssl_generate_pkey\(SSL \*s, EVP_PKEY \*pm\)\n\{\n    EVP_PKEY_CTX \*pctx = NULL;\n    EVP_PKEY \*pkey = NULL;\n\n    if \(pm == NULL\)\n        return NULL;\n' \
  'EVP_PKEY *wasmrtc_spare_x25519_key(void) __attribute__((weak));\n\n$&    if (wasmrtc_spare_x25519_key != NULL && EVP_PKEY_is_a(pm, "X25519")\n        && (pkey = wasmrtc_spare_x25519_key()) != NULL)\n        return pkey;\n'
sub ssl/s3_lib.c '    if \(ginf == NULL\) \{\n        SSLfatal\(s, SSL_AD_INTERNAL_ERROR, ERR_R_INTERNAL_ERROR\);\n        goto err;\n    \}\n\n    pctx = EVP_PKEY_CTX_new_from_name' \
  '    if (ginf != NULL && wasmrtc_spare_x25519_key != NULL && strcmp(ginf->algorithm, "X25519") == 0\n        && (pkey = wasmrtc_spare_x25519_key()) != NULL)\n        return pkey;\n$&'
sub crypto/ec/ecdsa_ossl.c '^ECDSA_SIG \*ossl_ecdsa_simple_sign_sig\(' \
  'int wasmrtc_spare_ecdsa_setup(const EC_GROUP *group, BIGNUM **kinvp, BIGNUM **rp) __attribute__((weak));\n\n$&'
sub crypto/ec/ecdsa_ossl.c '            if \(!ecdsa_sign_setup\(eckey, ctx, &kinv, &ret->r, dgst, dgst_len\)\) \{' \
  '            if (!(retries == 0 && wasmrtc_spare_ecdsa_setup != NULL\n                  && wasmrtc_spare_ecdsa_setup(group, &kinv, &ret->r))\n                && !ecdsa_sign_setup(eckey, ctx, &kinv, &ret->r, dgst, dgst_len)) {'
# Error reporting without file names, function names or a variadic call per site: no-filenames
# drops __FILE__; __func__ goes here, and ERR_raise(lib, reason) becomes one plain call.
sub include/openssl/macros.h '#define OPENSSL_FUNC __func__' '#define OPENSSL_FUNC ""'
sub include/openssl/err.h.in '#define ERR_raise\(lib, reason\) ERR_raise_data\(\(lib\), \(reason\), NULL\)' \
  'void ossl_err_raise_short(int lib, int reason);\n#define ERR_raise(lib, reason) ossl_err_raise_short((lib), (reason))'
cat >>crypto/err/err.c <<'EOF'

void ossl_err_raise_short(int lib, int reason)
{
    ERR_new();
    ERR_set_debug(OPENSSL_FILE, OPENSSL_LINE, OPENSSL_FUNC);
    ERR_set_error(lib, reason, NULL);
}
EOF

./Configure linux-generic32 no-asm no-threads no-shared no-dso no-engine no-tests no-ui-console \
  no-ssl3 no-tls1 no-tls1_1 no-tls1_3 no-dtls1 \
  no-aria no-bf no-blake2 no-camellia no-cast no-des no-idea no-md4 no-mdc2 no-rc2 no-rc4 no-rmd160 \
  no-seed no-sm2 no-sm3 no-sm4 no-whirlpool no-dh no-dsa no-ec2m no-cmac no-ocb no-siv no-siphash no-scrypt \
  no-cms no-cmp no-ct no-ocsp no-ts no-psk no-srp no-nextprotoneg no-rfc3779 no-comp no-gost \
  no-async no-legacy no-multiblock no-ssl-trace no-autoload-config no-err no-filenames no-pic no-deprecated \
  enable-ec_nistp_64_gcc_128 --prefix="$PREFIX" --libdir=lib \
  CC=emcc AR=emar RANLIB=emranlib CFLAGS=-Os
# ChaCha20 with WebAssembly SIMD, at -O3; the rest at -Os. The cipher that protects every DTLS
# record was ~25 % of the main thread in a one-process transfer; OpenSSL has no wasm assembly for
# it, so wasm/simd/chacha20_simd.c (written here, four blocks per pass in i32x4 lanes)
# replaces the portable C file: 1200 against 510 MB/s on 1152-byte records in a stand-alone loop
# (docs/PERFORMANCE.md "Fourth round"). Only these files are built with -msimd128, but the module
# as a whole then needs WebAssembly SIMD (Node 16.4+, every current browser; README).
# The later flags win over CFLAGS' -Os on emcc's command line.
# own-source: ../simd/chacha20_simd.c   (build.sh puts every own-source line in the cache key)
cp "$here/../simd/chacha20_simd.c" crypto/chacha/chacha_enc.c
sed -i 's|-c -o \$@ crypto/chacha/chacha_enc.c|-O3 -msimd128 -c -o $@ crypto/chacha/chacha_enc.c|' Makefile
grep -q -- '-O3 -msimd128 -c -o \$@ crypto/chacha/chacha_enc.c' Makefile
# Poly1305 the same way, two blocks per pass in i64x2 lanes: 2 070 against 1 300 MB/s
# (docs/PERFORMANCE.md "Fifth round"). poly1305.c built with POLY1305_ASM keeps OpenSSL's buffering
# and API and calls an "assembly module" for the blocks: wasm/simd/poly1305_simd.c, added to
# libcrypto.a below.
# own-source: ../simd/poly1305_simd.c
sed -i 's|-c -o \$@ crypto/poly1305/poly1305.c|-DPOLY1305_ASM -c -o $@ crypto/poly1305/poly1305.c|' Makefile
grep -q -- '-DPOLY1305_ASM -c -o \$@ crypto/poly1305/poly1305.c' Makefile
make -j"$JOBS" build_libs
emcc -O3 -msimd128 -c "$here/../simd/poly1305_simd.c" -o crypto/poly1305/poly1305_simd.o
emar r libcrypto.a crypto/poly1305/poly1305_simd.o
make install_dev
