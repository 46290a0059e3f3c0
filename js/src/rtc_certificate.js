// RTCCertificate and RTCPeerConnection.generateCertificate (W3C webrtc-pc §4.9), over the core's
// crypto layer. Only ECDSA P-256 is offered: it is what every browser generates by default and what
// DTLS in WebRTC expects; RSA requests are rejected with NotSupportedError.
import { loadCore } from './core.js';
import { domError, fromCoreError } from './errors.js';

const MAX_EXPIRES_MS = 31536000000; // webrtc-pc: expires is clamped to 365 days
export const DEFAULT_EXPIRES_MS = 30 * 24 * 3600 * 1000; // what Chrome and Firefox use

// Frees the wasm-side certificate when its RTCCertificate is garbage collected.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => handle.delete()) : null;

const handles = new WeakMap();

export class RTCCertificate {
  #expires;
  #fingerprints;

  /** @internal Use generateCertificate(); the constructor is not public API (as in browsers). */
  constructor(token, handle) {
    if (token !== constructToken) throw new TypeError('Illegal constructor');
    this.#expires = handle.expires();
    this.#fingerprints = [handle.fingerprint('sha-256')].map(({ algorithm, value }) =>
      Object.freeze({ algorithm, value }));
    handles.set(this, handle);
    registry?.register(this, handle);
  }

  /** Milliseconds since the epoch after which the certificate is no longer valid. */
  get expires() { return this.#expires; }

  /** [{algorithm: 'sha-256', value: 'ab:cd:...'}] */
  getFingerprints() { return this.#fingerprints.map((fp) => ({ ...fp })); }

  get [Symbol.toStringTag]() { return 'RTCCertificate'; }
}

const constructToken = Symbol('RTCCertificate');

/** @internal The core handle behind a certificate, for the DTLS transport. */
export function certificateHandle(certificate) {
  return handles.get(certificate);
}

function normalizeAlgorithm(keygenAlgorithm) {
  if (typeof keygenAlgorithm === 'string') keygenAlgorithm = { name: keygenAlgorithm };
  if (keygenAlgorithm === null || typeof keygenAlgorithm !== 'object') {
    throw new TypeError('generateCertificate: keygenAlgorithm must be an object or a string');
  }
  if (typeof keygenAlgorithm.name !== 'string') {
    throw new TypeError('generateCertificate: keygenAlgorithm.name must be a string');
  }
  return keygenAlgorithm;
}

/**
 * RTCPeerConnection.generateCertificate(keygenAlgorithm): resolves to an RTCCertificate.
 * keygenAlgorithm: {name: 'ECDSA', namedCurve: 'P-256', expires?: ms}.
 */
export async function generateCertificate(keygenAlgorithm) {
  const algorithm = normalizeAlgorithm(keygenAlgorithm);
  if (algorithm.name.toUpperCase() !== 'ECDSA' || algorithm.namedCurve !== 'P-256') {
    throw domError('NotSupportedError',
      `generateCertificate: only {name: "ECDSA", namedCurve: "P-256"} is supported, not ${JSON.stringify(algorithm)}`);
  }
  let lifetime = DEFAULT_EXPIRES_MS;
  if (algorithm.expires !== undefined) {
    const expires = Number(algorithm.expires);
    if (!Number.isFinite(expires) || expires < 0) {
      throw new TypeError('generateCertificate: expires must be a non-negative number of milliseconds');
    }
    lifetime = Math.min(Math.floor(expires), MAX_EXPIRES_MS);
  }
  const core = await loadCore();
  const now = Date.now();
  // An expiry of 0 would make an already expired certificate; keep at least one second of validity.
  const result = core.generateCertificate(now, now + Math.max(lifetime, 1000));
  if (result.error) throw fromCoreError(result.error);
  return new RTCCertificate(constructToken, result.certificate);
}
