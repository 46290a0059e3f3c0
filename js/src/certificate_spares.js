// Certificates made ahead of need for the RTCPeerConnections an application gives none.
//
// webrtc-pc §4.4.1.3 gives every such connection a certificate of its own. Making one (an ECDSA
// P-256 key and its self-signature) is ~0.5–0.7 ms of wasm, and it sat on every connection
// setup's critical path: in the constructor, before any packet could go out. The work is the
// same done earlier: once a connection has been made without certificates, this module keeps
// SPARES certificates ready, made one per timer callback when no connection of the process has
// done anything for IDLE_MS, so they never compete with a handshake or a transfer in progress.
// Each spare goes to one connection only; none is shared or reused. Nothing is made for an
// application that always passes `certificates`, and the timer never keeps a process alive.
// docs/PERFORMANCE.md "Seventh round".
import { core } from './core.js';
import { DEFAULT_EXPIRES_MS } from './rtc_certificate.js';

const SPARES = 2;  // the two ends of a connection made in one process
const IDLE_MS = 5;
// An unused spare older than this is dropped rather than handed out: its 30-day validity, counted
// from when it was made, stays close to what a certificate made in the constructor would have.
const MAX_AGE_MS = 3600 * 1000;

const spares = [];  // {handle (the core's CertificateHandle), madeAt (ms since the epoch)}
let lastBusy = -Infinity;  // performance.now() of the last drain of any connection
let timer = null;

/** Any connection's drain calls this: spares are made only after IDLE_MS without one. */
export function noteConnectionBusy(at) {
  lastBusy = at;
}

function make() {
  const madeAt = Date.now();
  const result = core.generateCertificate(madeAt, madeAt + DEFAULT_EXPIRES_MS);
  return result.error ? null : { handle: result.certificate, madeAt };
}

function refill() {
  timer = null;
  const quiet = performance.now() - lastBusy;
  if (quiet < IDLE_MS) {
    arm(IDLE_MS - quiet);
    return;
  }
  const spare = make();
  if (!spare) return;  // the constructor will report the failure, with the core's error
  spares.push(spare);
  if (spares.length < SPARES) arm(IDLE_MS);  // one per callback: each is a short task
}

function arm(delay) {
  timer = setTimeout(refill, delay);
  if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
}

/**
 * A certificate for a new connection: a spare, or one made now. The caller deletes the handle
 * once the core holds the certificate. Null if none could be made (the core then tries itself
 * and reports why it failed).
 */
export function takeCertificate() {
  let spare = spares.shift();
  while (spare && Date.now() - spare.madeAt > MAX_AGE_MS) {
    spare.handle.delete();
    spare = spares.shift();
  }
  if (!timer) arm(IDLE_MS);
  return (spare || make())?.handle ?? null;
}

/** @internal For tests: how many spares are ready. */
export function spareCount() {
  return spares.length;
}
