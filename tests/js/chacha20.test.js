// The wasm build's ChaCha20 is this project's WebAssembly SIMD code (wasm/simd/chacha20_simd.c,
// four blocks per pass) inside OpenSSL's cipher, and every DTLS record protected with
// ChaCha20-Poly1305 runs through it. Compared here with Node's own OpenSSL (native assembly) on the
// lengths that take different paths: whole 256-byte passes, the 1..255-byte tail, counters that wrap.
import { createCipheriv, randomBytes } from 'node:crypto';
import { loadCore } from '../../js/src/internal.js';

let core;
beforeAll(async () => { core = await loadCore(); });

// OpenSSL's ChaCha20 IV: the 32-bit block counter (little-endian), then the 12-byte nonce.
const ivOf = (counter, nonce) => {
  const iv = Buffer.alloc(16);
  iv.writeUInt32LE(counter, 0);
  nonce.copy(iv, 4);
  return iv;
};
const nodeChaCha20 = (key, iv, data) => createCipheriv('chacha20', key, iv).update(data);
const hex = (bytes) => Buffer.from(bytes).toString('hex');

test('RFC 8439 §2.4.2: the sunscreen text', () => {
  const key = Buffer.from([...Array(32).keys()]);
  const nonce = Buffer.from('000000000000004a00000000', 'hex');
  const text = Buffer.from("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
  const out = core.chacha20(key, ivOf(1, nonce), text);
  expect(hex(out.subarray(0, 16))).toBe('6e2e359a2568f98041ba0728dd0d6981');
  expect(hex(out)).toBe(hex(nodeChaCha20(key, ivOf(1, nonce), text)));
});

test('every length from 0 to 1300 bytes matches Node', () => {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const data = randomBytes(1300);
  let mismatches = [];
  for (let length = 0; length <= 1300; length++) {
    const counter = length * 7919;  // a different starting block each time
    const ours = core.chacha20(key, ivOf(counter, nonce), data.subarray(0, length));
    const theirs = nodeChaCha20(key, ivOf(counter, nonce), data.subarray(0, length));
    if (!Buffer.from(ours).equals(theirs)) mismatches.push(length);
  }
  expect(mismatches).toEqual([]);
});

test('a block counter that wraps past 2^32 - 1 matches Node', () => {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const data = randomBytes(1000);
  for (const counter of [0xfffffffc, 0xfffffffd, 0xfffffffe, 0xffffffff]) {
    const ours = core.chacha20(key, ivOf(counter, nonce), data);
    expect(Buffer.from(ours).equals(nodeChaCha20(key, ivOf(counter, nonce), data))).toBe(true);
  }
});

test('ChaCha20-Poly1305 seals as Node does, record-sized and larger', () => {
  for (const length of [0, 1, 63, 64, 65, 255, 256, 257, 1024, 1177, 1200, 1300, 16384]) {
    const key = randomBytes(32);
    const nonce = randomBytes(12);
    const aad = randomBytes(13);  // a DTLS 1.2 record's additional data is 13 bytes
    const plaintext = randomBytes(length);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
    cipher.setAAD(aad, { plaintextLength: length });
    const expected = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    const sealed = core.chacha20Poly1305Seal(key, nonce, aad, plaintext);
    expect(Buffer.from(sealed).equals(expected)).toBe(true);
  }
});

test('a key or IV of the wrong length is refused, not used', () => {
  expect(core.chacha20(randomBytes(31), Buffer.alloc(16), Buffer.alloc(8))).toBeNull();
  expect(core.chacha20(randomBytes(32), Buffer.alloc(12), Buffer.alloc(8))).toBeNull();
});
