// The parts of a connection's setup that depend on no peer, made ahead of need in idle time:
// certificates for the RTCPeerConnections an application gives none, and the handshake's
// ephemeral X25519 keys and ECDSA P-256 signing nonces (wasm/runtime/handshake_spares.c).
//
// webrtc-pc §4.4.1.3 gives every connection without `certificates` one of its own. Making one (an
// ECDSA P-256 key and its self-signature) is ~0.5–0.7 ms of wasm, and it sat in the constructor,
// before any packet could go out; the DTLS handshake then made an X25519 key pair and an ECDSA
// nonce on each side (~0.35 ms each side), each on the critical path between two flights. The work
// is the same done earlier: once a connection has been made, this module keeps SPARES of each
// ready, made one piece per timer callback when no connection of the process has drained anything
// for IDLE_MS, so they never compete with a handshake or a transfer in progress. Every spare goes
// to one connection or one handshake only; none is shared or reused. Certificates are made only
// for an application that has made a connection without `certificates`, and the timer never keeps
// a process alive. docs/PERFORMANCE.md "Seventh round".
import { core } from './core.js';
import { DEFAULT_EXPIRES_MS } from './rtc_certificate.js';

const SPARES = 2;  // the two ends of a connection made in one process
const IDLE_MS = 5;
// An unused certificate older than this is dropped rather than handed out: its 30-day validity,
// counted from when it was made, stays close to what a certificate made in the constructor would
// have.
const MAX_AGE_MS = 3600 * 1000;

const certificates = [];  // {handle (the core's CertificateHandle), madeAt (ms since the epoch)}
let certificatesWanted = false;  // a connection was made without `certificates`
let lastBusy = -Infinity;  // performance.now() of the last drain of any connection
let timer = null;

/** Any connection's drain calls this: spares are made only after IDLE_MS without one. */
export function noteConnectionBusy(at) {
  lastBusy = at;
}

function makeCertificate() {
  const madeAt = Date.now();
  const result = core.generateCertificate(madeAt, madeAt + DEFAULT_EXPIRES_MS);
  return result.error ? null : { handle: result.certificate, madeAt };
}

// One piece of work: a certificate if one is wanted and short, else an X25519 key or a nonce.
// False when there was nothing to make (or making it failed: the handshake then does it itself).
function makeOne() {
  if (certificatesWanted && certificates.length < SPARES) {
    const spare = makeCertificate();
    if (spare) certificates.push(spare);
    return spare !== null;
  }
  return core.makeHandshakeSpare(SPARES);
}

function refill() {
  timer = null;
  const quiet = performance.now() - lastBusy;
  if (quiet < IDLE_MS) {
    arm(IDLE_MS - quiet);
    return;
  }
  // The next piece in another callback (each is a short task, under a millisecond), right away:
  // a connection that starts meanwhile shows up as busy and makes the refill wait again. A failure
  // stops the refill and is never thrown from a timer: connections then do the work themselves.
  let more = false;
  try {
    more = makeOne() && needsMore();
  } catch {
    more = false;
  }
  if (more) arm(0);
}

function needsMore() {
  if (certificatesWanted && certificates.length < SPARES) return true;
  const { x25519, nonces } = core.handshakeSpareCounts();
  return x25519 < SPARES || nonces < SPARES;
}

function arm(delay) {
  timer = setTimeout(refill, delay);
  if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
}

/**
 * Spares may have been used (a connection was created, or its DTLS handshake ended, which is when
 * OpenSSL took its X25519 key and nonce): make more once idle.
 */
export function noteSparesUsed() {
  if (!timer) arm(IDLE_MS);
}

/**
 * A certificate for a new connection that was given none: a spare, or one made now. The caller
 * deletes the handle once the core holds the certificate. Null if none could be made (the core
 * then tries itself and reports why it failed).
 */
export function takeCertificate() {
  let spare = certificates.shift();
  while (spare && Date.now() - spare.madeAt > MAX_AGE_MS) {
    spare.handle.delete();
    spare = certificates.shift();
  }
  const handle = (spare || makeCertificate())?.handle ?? null;  // throws if the core is not loaded
  certificatesWanted = true;
  noteSparesUsed();
  return handle;
}

/** @internal For tests: how many spares of each kind are ready, and how many handshakes took one. */
export function spareCounts() {
  const { x25519, nonces, x25519Taken, noncesTaken } = core.handshakeSpareCounts();
  return { certificates: certificates.length, x25519, nonces, x25519Taken, noncesTaken };
}
