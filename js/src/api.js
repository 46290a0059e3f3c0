// The package's API, shared by its entry files (js/index.js, js/node.js, js/index.cjs), which differ
// only in how the wasm core is loaded (js/src/core.js). The surface grows issue by issue; what is
// exported here is implemented and tested (and declared in js/index.d.ts).
import { RTCPeerConnection } from './rtc_peer_connection.js';
import { RTCDataChannel } from './rtc_data_channel.js';
import { RTCSessionDescription } from './rtc_session_description.js';
import { RTCIceCandidate } from './rtc_ice_candidate.js';
import { RTCCertificate, generateCertificate } from './rtc_certificate.js';
import { setDebugLog } from './debug_log.js';
import {
  RTCDataChannelEvent, RTCError, RTCErrorEvent, RTCPeerConnectionIceErrorEvent, RTCPeerConnectionIceEvent,
} from './events.js';

export {
  RTCPeerConnection, RTCDataChannel, RTCSessionDescription, RTCIceCandidate, RTCCertificate, generateCertificate,
  RTCDataChannelEvent, RTCError, RTCErrorEvent, RTCPeerConnectionIceEvent, RTCPeerConnectionIceErrorEvent,
  setDebugLog,
};

const GLOBALS = {
  RTCPeerConnection, RTCDataChannel, RTCSessionDescription, RTCIceCandidate, RTCCertificate,
  RTCDataChannelEvent, RTCError, RTCErrorEvent, RTCPeerConnectionIceEvent, RTCPeerConnectionIceErrorEvent,
};

/**
 * Defines the WebRTC globals on `target` (globalThis by default) where they are missing, or
 * always with {force: true}. Returns the names it defined.
 */
export function install(target = globalThis, { force = false } = {}) {
  const defined = [];
  for (const [name, value] of Object.entries(GLOBALS)) {
    if (force || typeof target[name] === 'undefined') {
      Object.defineProperty(target, name, { value, writable: true, configurable: true, enumerable: false });
      defined.push(name);
    }
  }
  return defined;
}
