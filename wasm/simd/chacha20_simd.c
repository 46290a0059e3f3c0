/*
 * ChaCha20 for the wasm build of OpenSSL: four blocks at a time with WebAssembly SIMD. Written in
 * this project (not third-party code); it stands in for one OpenSSL file at build time.
 *
 * wasm/third_party/recipe_openssl.sh copies this file over crypto/chacha/chacha_enc.c in the
 * unpacked OpenSSL source. OpenSSL has assembly ChaCha20 for x86, ARM, POWER and others but none
 * for wasm, so a wasm build gets the portable C one block at a time; during a data-channel
 * transfer that function was a quarter of the main thread (docs/PERFORMANCE.md "Fourth round").
 * Written here (not taken from another library) because the one SIMD implementation in a Debian
 * source package that fits, libsodium's SSSE3 code through Emscripten's SSE headers, produced a
 * wrong key stream with this toolchain at -O1 and above.
 *
 * Same contract as OpenSSL's C original (include/crypto/chacha.h):
 *   ChaCha20_ctr32(out, inp, len, key, counter) XORs len bytes of inp with the RFC 8439 key stream
 *   of key (eight host-order words) starting at block counter[0] with the nonce counter[1..3].
 *   The block counter is 32 bits and wraps without carrying into the nonce; the caller
 *   (providers/implementations/ciphers/cipher_chacha20_hw.c) splits calls at the wrap.
 *   out may be inp (in place), len any length.
 * tests/js/chacha20.test.js compares it with Node's own OpenSSL over many lengths and counters.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wasm_simd128.h>

void ChaCha20_ctr32(unsigned char *out, const unsigned char *inp, size_t len,
                    const unsigned int key[8], const unsigned int counter[4]);

/* Rotations by 16 and 8 bits are byte shuffles (one instruction); 12 and 7 take shift, shift, or. */
#define ROTL16(v) wasm_i8x16_shuffle(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)
#define ROTL8(v) wasm_i8x16_shuffle(v, v, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14)
#define ROTL(v, n) wasm_v128_or(wasm_i32x4_shl(v, n), wasm_u32x4_shr(v, 32 - (n)))

#define QUARTERROUND(a, b, c, d)                                                   \
  do {                                                                             \
    x[a] = wasm_i32x4_add(x[a], x[b]); x[d] = ROTL16(wasm_v128_xor(x[d], x[a]));   \
    x[c] = wasm_i32x4_add(x[c], x[d]); x[b] = ROTL(wasm_v128_xor(x[b], x[c]), 12); \
    x[a] = wasm_i32x4_add(x[a], x[b]); x[d] = ROTL8(wasm_v128_xor(x[d], x[a]));    \
    x[c] = wasm_i32x4_add(x[c], x[d]); x[b] = ROTL(wasm_v128_xor(x[b], x[c]), 7);  \
  } while (0)

/*
 * Key stream of the four blocks input[12] .. input[12] + 3, in output order: stream[4 * j + g]
 * holds bytes 16 * g .. 16 * g + 15 of block j. Lane j of every working vector belongs to block j
 * (the "vertical" layout), so the rounds need no shuffles between columns and diagonals.
 */
static void four_blocks(const uint32_t input[16], v128_t stream[16]) {
  v128_t x[16], initial[16];
  for (int i = 0; i < 16; i++) initial[i] = wasm_i32x4_splat((int32_t)input[i]);
  initial[12] = wasm_i32x4_add(initial[12], wasm_i32x4_make(0, 1, 2, 3));
  memcpy(x, initial, sizeof x);
  for (int round = 0; round < 10; round++) {
    QUARTERROUND(0, 4, 8, 12);
    QUARTERROUND(1, 5, 9, 13);
    QUARTERROUND(2, 6, 10, 14);
    QUARTERROUND(3, 7, 11, 15);
    QUARTERROUND(0, 5, 10, 15);
    QUARTERROUND(1, 6, 11, 12);
    QUARTERROUND(2, 7, 8, 13);
    QUARTERROUND(3, 4, 9, 14);
  }
  for (int i = 0; i < 16; i++) x[i] = wasm_i32x4_add(x[i], initial[i]);
  /* Transpose each group of four words: lanes of words 4g..4g+3 become the 16 bytes g of each block. */
  for (int g = 0; g < 4; g++) {
    v128_t a = x[4 * g], b = x[4 * g + 1], c = x[4 * g + 2], d = x[4 * g + 3];
    v128_t ab_low = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), cd_low = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5);
    v128_t ab_high = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7), cd_high = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7);
    stream[g] = wasm_i64x2_shuffle(ab_low, cd_low, 0, 2);
    stream[4 + g] = wasm_i64x2_shuffle(ab_low, cd_low, 1, 3);
    stream[8 + g] = wasm_i64x2_shuffle(ab_high, cd_high, 0, 2);
    stream[12 + g] = wasm_i64x2_shuffle(ab_high, cd_high, 1, 3);
  }
}

void ChaCha20_ctr32(unsigned char *out, const unsigned char *inp, size_t len,
                    const unsigned int key[8], const unsigned int counter[4]) {
  uint32_t input[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, /* "expand 32-byte k" */
                        key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
                        counter[0], counter[1], counter[2], counter[3]};
  v128_t stream[16];
  while (len >= 256) {
    four_blocks(input, stream);
    for (int i = 0; i < 16; i++)
      wasm_v128_store(out + 16 * i, wasm_v128_xor(stream[i], wasm_v128_load(inp + 16 * i)));
    input[12] += 4;
    out += 256, inp += 256, len -= 256;
  }
  if (len == 0) return;
  /* The last 1..255 bytes: four blocks' key stream in a buffer, used as far as needed. */
  unsigned char tail[256];
  four_blocks(input, stream);
  for (int i = 0; i < 16; i++) wasm_v128_store(tail + 16 * i, stream[i]);
  size_t i = 0;
  for (; i + 16 <= len; i += 16)
    wasm_v128_store(out + i, wasm_v128_xor(wasm_v128_load(tail + i), wasm_v128_load(inp + i)));
  for (; i < len; i++) out[i] = inp[i] ^ tail[i];
  memset(tail, 0, sizeof tail);
}
