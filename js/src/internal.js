// Lower-level helpers of the core, for tests, tools and advanced users ('wasmrtc/internal').
// Not part of the W3C surface; may change between minor versions.
import { loadCore } from './core.js';

export { loadCore };
export { udpThreadInfo } from './udp_thread.js';

/** Versions of OpenSSL, libopus and libvpx linked into the wasm core. */
export async function libraryVersions() {
  return (await loadCore()).libraryVersions();
}

/** Fingerprint {algorithm, value, sdp} of a DER certificate, or null for an unknown algorithm. */
export async function computeFingerprint(algorithm, der) {
  return (await loadCore()).computeFingerprint(algorithm, der);
}

/** Parses an SDP a=fingerprint value ("sha-256 AB:..."); null when malformed. */
export async function parseFingerprint(sdpValue) {
  return (await loadCore()).parseFingerprint(sdpValue);
}

/** Whether a DER certificate matches an SDP a=fingerprint value. */
export async function verifyFingerprint(sdpValue, der) {
  return (await loadCore()).verifyFingerprint(sdpValue, der);
}
