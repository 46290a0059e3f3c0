// The wasm build's Poly1305 block function is this project's WebAssembly SIMD code
// (wasm/simd/poly1305_simd.c, two blocks per pass, plugged into OpenSSL's poly1305.c as its
// "assembly module"), and every DTLS record protected with ChaCha20-Poly1305 is authenticated with
// it. Checked here through OpenSSL's EVP_MAC against RFC 8439 and a BigInt transcription of the
// RFC's definition: runs of every block count (the SIMD path takes four blocks or more, in pairs, a
// lone block the scalar way), messages fed in pieces, and all-ones keys and data that push every
// limb and the final reduction to their limits.
import { randomBytes } from 'node:crypto';
import { loadCore } from '../../js/src/internal.js';

let core;
beforeAll(async () => { core = await loadCore(); });

const hex = (bytes) => Buffer.from(bytes).toString('hex');

// RFC 8439 §2.5.1, literally: h = ((h + block + 2^(8*len)) * r) mod 2^130 - 5, tag = h + s mod 2^128.
function referencePoly1305(key, message) {
  const le = (bytes) => bytes.reduceRight((x, byte) => (x << 8n) | BigInt(byte), 0n);
  const r = le(key.subarray(0, 16)) & 0x0ffffffc0ffffffc0ffffffc0fffffffn;
  const s = le(key.subarray(16, 32));
  const p = (1n << 130n) - 5n;
  let h = 0n;
  for (let i = 0; i < message.length; i += 16) {
    const block = message.subarray(i, i + 16);
    h = ((h + le(block) + (1n << BigInt(8 * block.length))) * r) % p;
  }
  let tag = (h + s) & ((1n << 128n) - 1n);
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++, tag >>= 8n) out[i] = Number(tag & 0xffn);
  return out;
}

test('RFC 8439 §2.5.2: the Cryptographic Forum Research Group vector', () => {
  const key = Buffer.from('85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b', 'hex');
  const tag = core.poly1305(key, Buffer.from('Cryptographic Forum Research Group'), 0);
  expect(hex(tag)).toBe('a8061dc1305136c6c22b8baf0c0127a9');
});

test('every length from 0 to 640 bytes, given at once and in pieces, matches the definition', () => {
  for (let length = 0; length <= 640; length++) {
    const key = randomBytes(32);
    const message = randomBytes(length);
    const expected = hex(referencePoly1305(key, message));
    for (const piece of [0, 1, 16, 37, 64, 80]) {
      expect([length, piece, hex(core.poly1305(key, message, piece))]).toEqual([length, piece, expected]);
    }
  }
});

test('all-ones keys and data at the limits of the arithmetic match the definition', () => {
  const key = Buffer.alloc(32, 0xff);  // r clamps to its largest value, s is 2^128 - 1
  for (const length of [15, 16, 17, 63, 64, 65, 127, 128, 1152, 1200, 4096]) {
    const message = Buffer.alloc(length, 0xff);
    expect([length, hex(core.poly1305(key, message, 0))]).toEqual([length, hex(referencePoly1305(key, message))]);
  }
  // An accumulator that ends just at or above 2^130 - 5 (the final conditional subtraction).
  const zeroR = Buffer.concat([Buffer.alloc(16, 0), Buffer.alloc(16, 0xff)]);
  expect(hex(core.poly1305(zeroR, Buffer.alloc(64, 0xff), 0))).toBe(hex(referencePoly1305(zeroR, Buffer.alloc(64, 0xff))));
});

test('a key that is not 32 bytes is refused, not used', () => {
  expect(core.poly1305(Buffer.alloc(16), Buffer.alloc(64), 0)).toBeNull();
});
