// RTCSctpTransport (webrtc-pc §6.1), RTCDtlsTransport (§5.5) and RTCIceTransport (§5.6): the one
// bundled transport of a peer connection, seen from JS. Attributes read the core live (a snapshot
// per access, bindings' transportInfo()); the peer connection calls refresh() when the core reports
// a state change, and the 'statechange', 'gatheringstatechange' and 'selectedcandidatepairchange'
// events fire from there, in the order ICE → DTLS → SCTP the spec's state tables imply.
import { defineEventHandlers } from './event_handlers.js';
import { RTCIceCandidate } from './rtc_ice_candidate.js';

const internal = Symbol('wasmrtc.transport');

function pairKey(pair) {
  return pair ? `${pair.local}|${pair.remote}` : '';
}

function candidate(text) {
  return new RTCIceCandidate({ candidate: `candidate:${text.replace(/^candidate:/, '')}`, sdpMid: '0', sdpMLineIndex: 0 });
}

export class RTCIceTransport extends EventTarget {
  #info;
  #last = { state: 'new', gatheringState: 'new', pair: '' };

  constructor(key, info) {
    if (key !== internal) throw new TypeError('Illegal constructor');
    super();
    this.#info = info;
  }

  get role() { return this.#info().iceRole; }
  get component() { return 'rtp'; }
  get state() { return this.#info().iceState; }
  get gatheringState() { return this.#info().iceGatheringState; }

  getSelectedCandidatePair() {
    const pair = this.#info().selectedPair;
    return pair ? { local: candidate(pair.local), remote: candidate(pair.remote) } : null;
  }

  [internal](info) {
    if (info.iceGatheringState !== this.#last.gatheringState) {
      this.#last.gatheringState = info.iceGatheringState;
      this.dispatchEvent(new Event('gatheringstatechange'));
    }
    if (pairKey(info.selectedPair) !== this.#last.pair) {
      this.#last.pair = pairKey(info.selectedPair);
      if (info.selectedPair) this.dispatchEvent(new Event('selectedcandidatepairchange'));
    }
    if (info.iceState !== this.#last.state) {
      this.#last.state = info.iceState;
      this.dispatchEvent(new Event('statechange'));
    }
  }

  get [Symbol.toStringTag]() { return 'RTCIceTransport'; }
}

export class RTCDtlsTransport extends EventTarget {
  #info;
  #iceTransport;
  #lastState = 'new';

  constructor(key, info) {
    if (key !== internal) throw new TypeError('Illegal constructor');
    super();
    this.#info = info;
    this.#iceTransport = new RTCIceTransport(internal, info);
  }

  get iceTransport() { return this.#iceTransport; }
  get state() { return this.#info().dtlsState; }

  // DER certificates of the peer, as ArrayBuffers (webrtc-pc §5.5.1); empty until connected.
  getRemoteCertificates() {
    const der = this.#info().remoteCertificate;
    return der ? [der.slice().buffer] : [];
  }

  [internal](info) {
    this.#iceTransport[internal](info);
    if (info.dtlsState !== this.#lastState) {
      this.#lastState = info.dtlsState;
      this.dispatchEvent(new Event('statechange'));
    }
  }

  get [Symbol.toStringTag]() { return 'RTCDtlsTransport'; }
}

export class RTCSctpTransport extends EventTarget {
  #transport;
  #maxMessageSize;
  #state = 'connecting';

  constructor(key, info, maxMessageSize) {
    if (key !== internal) throw new TypeError('Illegal constructor');
    super();
    this.#transport = new RTCDtlsTransport(internal, info);
    this.#maxMessageSize = maxMessageSize;
  }

  get transport() { return this.#transport; }
  get state() { return this.#state; }
  get maxMessageSize() { return this.#maxMessageSize(); }
  // SCTP streams: 65535 once the association is up (RFC 8831 §6.2), unknown before.
  get maxChannels() { return this.#state === 'connected' ? 65535 : null; }

  [internal](info, sctpState) {
    if (info === null) {  // closed by RTCPeerConnection.close(): no events
      this.#state = 'closed';
      return;
    }
    this.#transport[internal](info);
    if (sctpState && sctpState !== this.#state) {
      this.#state = sctpState;
      this.dispatchEvent(new Event('statechange'));
    }
  }

  get [Symbol.toStringTag]() { return 'RTCSctpTransport'; }
}

defineEventHandlers(RTCIceTransport.prototype, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);
defineEventHandlers(RTCDtlsTransport.prototype, ['statechange', 'error']);
defineEventHandlers(RTCSctpTransport.prototype, ['statechange']);

/** The peer connection's side: creates pc.sctp, and brings it up to date (events included). */
export function createSctpTransport(info, maxMessageSize) {
  return new RTCSctpTransport(internal, info, maxMessageSize);
}

/** `info` is one transportInfo() snapshot; `sctpState` the new SCTP state, if it changed. */
export function refreshTransport(sctp, info, sctpState) {
  sctp[internal](info, sctpState);
}

/** RTCPeerConnection.close(): the SCTP transport is closed without firing events. */
export function closeTransportSilently(sctp) {
  sctp[internal](null, 'closed');
}
