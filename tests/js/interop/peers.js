// The independent WebRTC stacks the interop tests pair wasmrtc with (devDependencies, tests only),
// each behind the same small W3C-shaped surface.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const PEERS = {
  // Google's libwebrtc, as the @roamhq/wrtc addon.
  libwebrtc: () => require('@roamhq/wrtc').RTCPeerConnection,
  // libdatachannel, through node-datachannel's W3C polyfill.
  libdatachannel: () => require('node-datachannel/polyfill').RTCPeerConnection,
  // werift, a WebRTC stack in TypeScript.
  werift: () => require('werift').RTCPeerConnection,
};

// How each stack ends a connection on close(): libwebrtc and libdatachannel send an SCTP ABORT (so
// the far side's channels close at once); werift sends nothing, so the far side learns it through
// consent freshness (RFC 7675): 'disconnected' after a few seconds.
export const CLOSE_SIGNALLED = { libwebrtc: true, libdatachannel: true, werift: false };

/** Releases what a stack keeps running after its last connection closed (native threads). */
export function releasePeers() {
  require('node-datachannel').cleanup();
}

/** Closes a peer whatever its flavour, and lets native addons release their threads. */
export function closePeer(pc) {
  try {
    pc.close();
  } catch {
    // already closed
  }
}

/** The bytes of a message event's data, whatever type the stack delivers. */
export function messageBytes(data) {
  if (typeof data === 'string') return { binary: false, bytes: Buffer.from(data, 'utf8') };
  if (Buffer.isBuffer(data)) return { binary: true, bytes: data };
  if (data instanceof ArrayBuffer) return { binary: true, bytes: Buffer.from(data) };
  if (ArrayBuffer.isView(data)) return { binary: true, bytes: Buffer.from(data.buffer, data.byteOffset, data.byteLength) };
  throw new Error(`unexpected message data ${Object.prototype.toString.call(data)}`);
}
