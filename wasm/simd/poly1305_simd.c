// Poly1305 (RFC 8439 §2.5) for the wasm build of OpenSSL, two blocks per pass in WebAssembly SIMD.
//
// OpenSSL has assembly Poly1305 for x86, ARM, POWER and others; a wasm build gets its portable C,
// whose 64-bit multiplies become calls to compiler-rt's 128-bit multiply. After ChaCha20 went SIMD
// (chacha20_simd.c) Poly1305 cost as much as the cipher in a data channel transfer. This file is
// the "assembly" module OpenSSL's crypto/poly1305/poly1305.c calls when built with POLY1305_ASM
// (wasm/third_party/recipe_openssl.sh): poly1305_init, poly1305_blocks, poly1305_emit, keeping their
// state in the 192 bytes POLY1305 reserves for it. OpenSSL keeps the buffering and the API.
//
// Arithmetic: radix 2^26, five limbs (the well-known 32-bit layout), so every product is one
// 32x32->64 multiply. Two blocks per pass: lane 0 of each vector accumulates the odd-numbered
// blocks of a run, lane 1 the even ones, both multiplied by r^2 each pass, and by (r^2, r) on the
// last pass; the lanes' sum is then the scalar result, h = (h + m1)r^n + m2 r^(n-1) + ... + mn r.
// i64x2.extmul_low_i32x4_u multiplies lanes 0 and 1 of two i32x4 vectors into an i64x2.
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wasm_simd128.h>

#if !defined(__wasm_simd128__)
#error "poly1305_simd.c must be compiled with -msimd128"
#endif

typedef struct {
  uint32_t h[5];   // accumulator; limbs may exceed 2^26 a little between blocks
  uint32_t r[5];   // r, clamped
  uint32_t r2[5];  // r^2 mod 2^130 - 5, fully carried
} poly1305_state;

_Static_assert(sizeof(poly1305_state) <= 24 * sizeof(double), "OpenSSL's POLY1305 opaque is 192 bytes");

static const uint32_t kMask26 = 0x3ffffff;

static uint32_t load32(const unsigned char* p) {
  uint32_t v;
  memcpy(&v, p, 4);  // wasm is little-endian, as Poly1305's encoding
  return v;
}

// h = h * r mod 2^130 - 5 for limbs in radix 2^26 (h limbs < 2^27, r limbs < 2^26), carried.
static void mul_reduce(uint32_t h[5], const uint32_t r[5]) {
  const uint64_t s1 = r[1] * 5ull, s2 = r[2] * 5ull, s3 = r[3] * 5ull, s4 = r[4] * 5ull;
  const uint64_t h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4];
  uint64_t d0 = h0 * r[0] + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
  uint64_t d1 = h0 * r[1] + h1 * r[0] + h2 * s4 + h3 * s3 + h4 * s2;
  uint64_t d2 = h0 * r[2] + h1 * r[1] + h2 * r[0] + h3 * s4 + h4 * s3;
  uint64_t d3 = h0 * r[3] + h1 * r[2] + h2 * r[1] + h3 * r[0] + h4 * s4;
  uint64_t d4 = h0 * r[4] + h1 * r[3] + h2 * r[2] + h3 * r[1] + h4 * r[0];
  d1 += d0 >> 26;
  d2 += d1 >> 26;
  d3 += d2 >> 26;
  d4 += d3 >> 26;
  uint64_t c = d4 >> 26;
  uint32_t t0 = (uint32_t)(d0 & kMask26) + (uint32_t)(c * 5);
  h[0] = t0 & kMask26;
  h[1] = (uint32_t)(d1 & kMask26) + (t0 >> 26);
  h[2] = (uint32_t)(d2 & kMask26);
  h[3] = (uint32_t)(d3 & kMask26);
  h[4] = (uint32_t)(d4 & kMask26);
}

// Adds one 16-byte block (with 2^128 set when hibit) to h's limbs.
static void add_block(uint32_t h[5], const unsigned char* m, uint32_t hibit) {
  h[0] += load32(m) & kMask26;
  h[1] += (load32(m + 3) >> 2) & kMask26;
  h[2] += (load32(m + 6) >> 4) & kMask26;
  h[3] += (load32(m + 9) >> 6) & kMask26;
  h[4] += (load32(m + 12) >> 8) | hibit;
}

int poly1305_init(void* ctx, const unsigned char key[16], void* func) {
  (void)func;  // 0 returned: OpenSSL installs poly1305_blocks and poly1305_emit below
  poly1305_state* st = (poly1305_state*)ctx;
  memset(st->h, 0, sizeof st->h);
  if (key == NULL) return 0;
  // r &= 0x0ffffffc0ffffffc0ffffffc0fffffff, split into 26-bit limbs.
  st->r[0] = load32(key) & 0x3ffffff;
  st->r[1] = (load32(key + 3) >> 2) & 0x3ffff03;
  st->r[2] = (load32(key + 6) >> 4) & 0x3ffc0ff;
  st->r[3] = (load32(key + 9) >> 6) & 0x3f03fff;
  st->r[4] = (load32(key + 12) >> 8) & 0x00fffff;
  memcpy(st->r2, st->r, sizeof st->r2);
  mul_reduce(st->r2, st->r);
  return 0;
}

// Processes pairs of blocks (2 * pairs blocks at m) into h, as described at the top of the file.
static void blocks_pairs(poly1305_state* st, const unsigned char* m, size_t pairs, uint32_t hibit) {
  const v128_t mask = wasm_i64x2_splat(kMask26);
  const v128_t high = wasm_i64x2_splat(hibit);
  // Multipliers as i32x4 (lanes 0 and 1 used): r^2 in both lanes, and (r^2, r) for the last pass.
  v128_t R[5], S[5], Rl[5], Sl[5];
  for (int k = 0; k < 5; ++k) {
    R[k] = wasm_i32x4_make((int32_t)st->r2[k], (int32_t)st->r2[k], 0, 0);
    S[k] = wasm_i32x4_make((int32_t)(st->r2[k] * 5), (int32_t)(st->r2[k] * 5), 0, 0);
    Rl[k] = wasm_i32x4_make((int32_t)st->r2[k], (int32_t)st->r[k], 0, 0);
    Sl[k] = wasm_i32x4_make((int32_t)(st->r2[k] * 5), (int32_t)(st->r[k] * 5), 0, 0);
  }
  // Lane 0 starts from h, lane 1 from zero.
  v128_t H0 = wasm_i32x4_make((int32_t)st->h[0], 0, 0, 0), H1 = wasm_i32x4_make((int32_t)st->h[1], 0, 0, 0),
         H2 = wasm_i32x4_make((int32_t)st->h[2], 0, 0, 0), H3 = wasm_i32x4_make((int32_t)st->h[3], 0, 0, 0),
         H4 = wasm_i32x4_make((int32_t)st->h[4], 0, 0, 0);
  v128_t d0, d1, d2, d3, d4;
  for (size_t i = 0; i < pairs; ++i, m += 32) {
    // The two blocks' 26-bit limbs from their 64-bit halves: lane 0 block a, lane 1 block b.
    const v128_t va = wasm_v128_load(m), vb = wasm_v128_load(m + 16);
    const v128_t lo = wasm_i64x2_shuffle(va, vb, 0, 2), hi = wasm_i64x2_shuffle(va, vb, 1, 3);
    const v128_t m0 = wasm_v128_and(lo, mask);
    const v128_t m1 = wasm_v128_and(wasm_u64x2_shr(lo, 26), mask);
    const v128_t m2 = wasm_v128_and(wasm_v128_or(wasm_u64x2_shr(lo, 52), wasm_i64x2_shl(hi, 12)), mask);
    const v128_t m3 = wasm_v128_and(wasm_u64x2_shr(hi, 14), mask);
    const v128_t m4 = wasm_v128_or(wasm_u64x2_shr(hi, 40), high);
    H0 = wasm_i32x4_add(H0, wasm_i32x4_shuffle(m0, m0, 0, 2, 0, 2));
    H1 = wasm_i32x4_add(H1, wasm_i32x4_shuffle(m1, m1, 0, 2, 0, 2));
    H2 = wasm_i32x4_add(H2, wasm_i32x4_shuffle(m2, m2, 0, 2, 0, 2));
    H3 = wasm_i32x4_add(H3, wasm_i32x4_shuffle(m3, m3, 0, 2, 0, 2));
    H4 = wasm_i32x4_add(H4, wasm_i32x4_shuffle(m4, m4, 0, 2, 0, 2));
    const int last = i + 1 == pairs;
    const v128_t* r = last ? Rl : R;
    const v128_t* s = last ? Sl : S;
#define MUL(x, y) wasm_u64x2_extmul_low_u32x4((x), (y))
    d0 = wasm_i64x2_add(wasm_i64x2_add(wasm_i64x2_add(MUL(H0, r[0]), MUL(H1, s[4])), wasm_i64x2_add(MUL(H2, s[3]), MUL(H3, s[2]))), MUL(H4, s[1]));
    d1 = wasm_i64x2_add(wasm_i64x2_add(wasm_i64x2_add(MUL(H0, r[1]), MUL(H1, r[0])), wasm_i64x2_add(MUL(H2, s[4]), MUL(H3, s[3]))), MUL(H4, s[2]));
    d2 = wasm_i64x2_add(wasm_i64x2_add(wasm_i64x2_add(MUL(H0, r[2]), MUL(H1, r[1])), wasm_i64x2_add(MUL(H2, r[0]), MUL(H3, s[4]))), MUL(H4, s[3]));
    d3 = wasm_i64x2_add(wasm_i64x2_add(wasm_i64x2_add(MUL(H0, r[3]), MUL(H1, r[2])), wasm_i64x2_add(MUL(H2, r[1]), MUL(H3, r[0]))), MUL(H4, s[4]));
    d4 = wasm_i64x2_add(wasm_i64x2_add(wasm_i64x2_add(MUL(H0, r[4]), MUL(H1, r[3])), wasm_i64x2_add(MUL(H2, r[2]), MUL(H3, r[1]))), MUL(H4, r[0]));
#undef MUL
    // Partial carry, as in mul_reduce, in both lanes.
    d1 = wasm_i64x2_add(d1, wasm_u64x2_shr(d0, 26));
    d0 = wasm_v128_and(d0, mask);
    d2 = wasm_i64x2_add(d2, wasm_u64x2_shr(d1, 26));
    d1 = wasm_v128_and(d1, mask);
    d3 = wasm_i64x2_add(d3, wasm_u64x2_shr(d2, 26));
    d2 = wasm_v128_and(d2, mask);
    d4 = wasm_i64x2_add(d4, wasm_u64x2_shr(d3, 26));
    d3 = wasm_v128_and(d3, mask);
    const v128_t c = wasm_u64x2_shr(d4, 26);
    d4 = wasm_v128_and(d4, mask);
    d0 = wasm_i64x2_add(d0, wasm_i64x2_add(c, wasm_i64x2_shl(c, 2)));
    d1 = wasm_i64x2_add(d1, wasm_u64x2_shr(d0, 26));
    d0 = wasm_v128_and(d0, mask);
    // Back to 32-bit lanes 0 and 1 for the next pass's multiplies.
    H0 = wasm_i32x4_shuffle(d0, d0, 0, 2, 0, 2);
    H1 = wasm_i32x4_shuffle(d1, d1, 0, 2, 0, 2);
    H2 = wasm_i32x4_shuffle(d2, d2, 0, 2, 0, 2);
    H3 = wasm_i32x4_shuffle(d3, d3, 0, 2, 0, 2);
    H4 = wasm_i32x4_shuffle(d4, d4, 0, 2, 0, 2);
  }
  // h = lane 0 + lane 1 (each limb < 2^27 after the sum), then carried.
  uint32_t h[5] = {
      (uint32_t)wasm_i32x4_extract_lane(H0, 0) + (uint32_t)wasm_i32x4_extract_lane(H0, 1),
      (uint32_t)wasm_i32x4_extract_lane(H1, 0) + (uint32_t)wasm_i32x4_extract_lane(H1, 1),
      (uint32_t)wasm_i32x4_extract_lane(H2, 0) + (uint32_t)wasm_i32x4_extract_lane(H2, 1),
      (uint32_t)wasm_i32x4_extract_lane(H3, 0) + (uint32_t)wasm_i32x4_extract_lane(H3, 1),
      (uint32_t)wasm_i32x4_extract_lane(H4, 0) + (uint32_t)wasm_i32x4_extract_lane(H4, 1),
  };
  uint32_t carry = h[0] >> 26;
  h[0] &= kMask26;
  for (int k = 1; k < 5; ++k) {
    h[k] += carry;
    carry = h[k] >> 26;
    h[k] &= kMask26;
  }
  h[0] += carry * 5;
  h[1] += h[0] >> 26;
  h[0] &= kMask26;
  memcpy(st->h, h, sizeof h);
}

void poly1305_blocks(void* ctx, const unsigned char* inp, size_t len, unsigned int padbit) {
  poly1305_state* st = (poly1305_state*)ctx;
  const uint32_t hibit = padbit ? (1u << 24) : 0;
  size_t blocks = len / 16;
  // Two passes or more make the vector set-up worth it; a lone odd block goes the scalar way.
  if (blocks >= 4) {
    const size_t pairs = blocks / 2;
    blocks_pairs(st, inp, pairs, hibit);
    inp += pairs * 32;
    blocks -= pairs * 2;
  }
  for (; blocks > 0; --blocks, inp += 16) {
    add_block(st->h, inp, hibit);
    mul_reduce(st->h, st->r);
  }
}

void poly1305_emit(void* ctx, unsigned char mac[16], const unsigned int nonce[4]) {
  const poly1305_state* st = (const poly1305_state*)ctx;
  uint32_t h0 = st->h[0], h1 = st->h[1], h2 = st->h[2], h3 = st->h[3], h4 = st->h[4];
  // Full carry.
  uint32_t c = h1 >> 26;
  h1 &= kMask26;
  h2 += c;
  c = h2 >> 26;
  h2 &= kMask26;
  h3 += c;
  c = h3 >> 26;
  h3 &= kMask26;
  h4 += c;
  c = h4 >> 26;
  h4 &= kMask26;
  h0 += c * 5;
  c = h0 >> 26;
  h0 &= kMask26;
  h1 += c;
  // g = h + 5 - 2^130; use it (h mod p) when it does not borrow, in constant time.
  uint32_t g0 = h0 + 5;
  c = g0 >> 26;
  g0 &= kMask26;
  uint32_t g1 = h1 + c;
  c = g1 >> 26;
  g1 &= kMask26;
  uint32_t g2 = h2 + c;
  c = g2 >> 26;
  g2 &= kMask26;
  uint32_t g3 = h3 + c;
  c = g3 >> 26;
  g3 &= kMask26;
  uint32_t g4 = h4 + c - (1u << 26);
  const uint32_t use_g = (g4 >> 31) - 1;  // all ones when g4 did not go negative
  h0 = (h0 & ~use_g) | (g0 & use_g);
  h1 = (h1 & ~use_g) | (g1 & use_g);
  h2 = (h2 & ~use_g) | (g2 & use_g);
  h3 = (h3 & ~use_g) | (g3 & use_g);
  h4 = (h4 & ~use_g) | (g4 & use_g);
  // h mod 2^128 as four 32-bit words, plus the nonce (s), mod 2^128.
  const uint32_t w0 = h0 | (h1 << 26);
  const uint32_t w1 = (h1 >> 6) | (h2 << 20);
  const uint32_t w2 = (h2 >> 12) | (h3 << 14);
  const uint32_t w3 = (h3 >> 18) | (h4 << 8);
  uint64_t f = (uint64_t)w0 + nonce[0];
  uint32_t out[4];
  out[0] = (uint32_t)f;
  f = (uint64_t)w1 + nonce[1] + (f >> 32);
  out[1] = (uint32_t)f;
  f = (uint64_t)w2 + nonce[2] + (f >> 32);
  out[2] = (uint32_t)f;
  f = (uint64_t)w3 + nonce[3] + (f >> 32);
  out[3] = (uint32_t)f;
  memcpy(mac, out, 16);
}
