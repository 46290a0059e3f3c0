// RTCCertificate / generateCertificate semantics (W3C webrtc-pc §4.9) through the wasm core.
import { readFileSync } from 'node:fs';
import { generateCertificate, RTCCertificate } from '../../js/index.js';
import { libraryVersions, verifyFingerprint } from '../../js/src/internal.js';
import { certificateHandle } from '../../js/src/rtc_certificate.js';

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const DAY = 24 * 3600 * 1000;

test('generates an ECDSA P-256 certificate with a sha-256 fingerprint', async () => {
  const cert = await generateCertificate(ECDSA);
  expect(cert).toBeInstanceOf(RTCCertificate);
  const fps = cert.getFingerprints();
  expect(fps).toHaveLength(1);
  expect(fps[0].algorithm).toBe('sha-256');
  expect(fps[0].value).toMatch(/^([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  // The fingerprint really is the DER certificate's hash.
  const der = certificateHandle(cert).der();
  expect(await verifyFingerprint(`sha-256 ${fps[0].value}`, der)).toBe(true);
});

test('every certificate is new', async () => {
  const [a, b] = await Promise.all([generateCertificate(ECDSA), generateCertificate(ECDSA)]);
  expect(a.getFingerprints()[0].value).not.toBe(b.getFingerprints()[0].value);
});

test('expires defaults to 30 days and is clamped to 365 days', async () => {
  const before = Date.now();
  const byDefault = await generateCertificate(ECDSA);
  expect(byDefault.expires).toBeGreaterThanOrEqual(before + 30 * DAY);
  expect(byDefault.expires).toBeLessThanOrEqual(Date.now() + 30 * DAY);
  const hour = await generateCertificate({ ...ECDSA, expires: 3600 * 1000 });
  expect(hour.expires - Date.now()).toBeLessThanOrEqual(3600 * 1000);
  expect(hour.expires - Date.now()).toBeGreaterThan(3500 * 1000);
  const long = await generateCertificate({ ...ECDSA, expires: 10 * 365 * DAY });
  expect(long.expires - Date.now()).toBeLessThanOrEqual(365 * DAY);
  expect(long.expires - Date.now()).toBeGreaterThan(364 * DAY);
});

test('unsupported algorithms reject with NotSupportedError, malformed ones with TypeError', async () => {
  await expect(generateCertificate({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }))
    .rejects.toMatchObject({ name: 'NotSupportedError' });
  await expect(generateCertificate({ name: 'ECDSA', namedCurve: 'P-384' })).rejects.toMatchObject({ name: 'NotSupportedError' });
  await expect(generateCertificate(42)).rejects.toBeInstanceOf(TypeError);
  await expect(generateCertificate({})).rejects.toBeInstanceOf(TypeError);
  await expect(generateCertificate({ ...ECDSA, expires: -1 })).rejects.toBeInstanceOf(TypeError);
});

test('RTCCertificate has no public constructor', () => {
  expect(() => new RTCCertificate()).toThrow(TypeError);
});

test('the wasm module links OpenSSL 3.0, libopus 1.3.1 and libvpx 1.12 built from the pinned sources', async () => {
  const pins = readFileSync(new URL('../../wasm/third_party/pins.sh', import.meta.url), 'utf8');
  const pin = (name) => pins.match(new RegExp(`^${name}_UPSTREAM=(.*)$`, 'm'))[1];
  const v = await libraryVersions();
  expect(v.openssl).toContain(`OpenSSL ${pin('OPENSSL')}`);
  expect(v.opus).toContain(`libopus ${pin('OPUS')}`);
  expect(v.vpx).toContain(pin('VPX'));
});
