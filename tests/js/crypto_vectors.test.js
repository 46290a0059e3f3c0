// The wasm build against the same fixed vectors as the native GoogleTest suite
// (tests/vectors/crypto.json; native/crypto/*_test.cc read the same file).
import { readFileSync } from 'node:fs';
import { loadCore } from '../../js/src/internal.js';

const vectors = JSON.parse(readFileSync(new URL('../vectors/crypto.json', import.meta.url), 'utf8'));
const bytesOf = (entry, prefix = '') =>
  entry[`${prefix}ascii`] !== undefined
    ? new TextEncoder().encode(entry[`${prefix}ascii`])
    : Uint8Array.from(Buffer.from(entry[`${prefix}hex`], 'hex'));
const hex = (bytes) => Buffer.from(bytes).toString('hex');

let core;
beforeAll(async () => { core = await loadCore(); });

test('CRC-32 matches the shared vectors', () => {
  for (const v of vectors.crc32) expect(core.crc32(bytesOf(v))).toBe(v.crc);
});

test('CRC-32C matches the shared vectors', () => {
  for (const v of vectors.crc32c) expect(core.crc32c(bytesOf(v))).toBe(v.crc);
});

test('HMAC-SHA1 matches RFC 2202', () => {
  for (const v of vectors.hmac_sha1) expect(hex(core.hmacSha1(bytesOf(v, 'key_'), bytesOf(v, 'data_')))).toBe(v.mac_hex);
});

test('HMAC-SHA256 matches RFC 4231', () => {
  for (const v of vectors.hmac_sha256) expect(hex(core.hmacSha256(bytesOf(v, 'key_'), bytesOf(v, 'data_')))).toBe(v.mac_hex);
});

test('fingerprints of the fixed certificate, every algorithm', () => {
  const der = Uint8Array.from(Buffer.from(vectors.certificate.der_hex, 'hex'));
  for (const [algorithm, value] of Object.entries(vectors.certificate.fingerprints)) {
    const fp = core.computeFingerprint(algorithm, der);
    expect(fp.sdp).toBe(`${algorithm} ${value}`);
    expect(fp.value).toBe(value.toLowerCase());
    expect(fp.algorithm).toBe(algorithm);
  }
  expect(core.computeFingerprint('md5', der)).toBeNull();
});

test('fingerprint parsing accepts and rejects the shared cases', () => {
  for (const v of vectors.fingerprint_parse) {
    const fp = core.parseFingerprint(v.input);
    if (v.ok) expect(fp && fp.algorithm).toBe(v.algorithm);
    else expect(fp).toBeNull();
  }
});

test('fingerprint verification rejects a tampered certificate', () => {
  const der = Uint8Array.from(Buffer.from(vectors.certificate.der_hex, 'hex'));
  const sdp = `sha-256 ${vectors.certificate.fingerprints['sha-256']}`;
  expect(core.verifyFingerprint(sdp, der)).toBe(true);
  const tampered = der.slice();
  tampered[tampered.length >> 1] ^= 1;
  expect(core.verifyFingerprint(sdp, tampered)).toBe(false);
  expect(core.verifyFingerprint('sha-256 nonsense', der)).toBe(false);
});

test('the fixed certificate loads from PEM with its expiry and DER', () => {
  const { certificate, error } = core.certificateFromPem(vectors.certificate.pem, vectors.certificate.private_key_pem);
  expect(error).toBeUndefined();
  try {
    expect(hex(certificate.der())).toBe(vectors.certificate.der_hex);
    expect(certificate.expires()).toBe(vectors.certificate.expires_unix_ms);
    expect(certificate.fingerprint('sha-256').sdp).toBe(`sha-256 ${vectors.certificate.fingerprints['sha-256']}`);
  } finally {
    certificate.delete();
  }
  const bad = core.certificateFromPem('not a pem', vectors.certificate.private_key_pem);
  expect(bad.error.code).toBe('InvalidArgument');
});

test('large byte arrays cross the boundary intact', () => {
  const big = new Uint8Array(1 << 20);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
  // Same CRC natively computed in JS for comparison.
  let c = 0xffffffff;
  for (const b of big) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
  expect(core.crc32(big)).toBe((c ^ 0xffffffff) >>> 0);
});
