// What is left of a PeerConnectionHandle once its RTCPeerConnection is closed. A closed connection
// can never send, receive or negotiate again (webrtc-pc §4.4.1.5), so its core object is deleted
// at once and its wasm memory (certificate, DTLS and SCTP state, buffers) is freed without waiting
// for the garbage collector. What the API still reports after close() — the descriptions, the
// transports' states and certificates, the last stats (the stats at the time of close, as
// browsers give them) — is kept here as plain values, behind the same method names, so every
// caller of the handle keeps working unchanged.

/** Deletes `handle` (already closed and flushed) and returns its stand-in. */
export function releaseHandle(handle, nowMs) {
  const kept = {
    localDescription: handle.localDescription(),
    currentLocalDescription: handle.currentLocalDescription(),
    pendingLocalDescription: handle.pendingLocalDescription(),
    remoteDescription: handle.remoteDescription(),
    currentRemoteDescription: handle.currentRemoteDescription(),
    pendingRemoteDescription: handle.pendingRemoteDescription(),
    iceGatheringState: handle.iceGatheringState(),
    maxMessageSize: handle.maxMessageSize(),
    dtlsRole: handle.dtlsRole(),
    transportInfo: handle.transportInfo(),
    stats: handle.getStats(nowMs),
  };
  handle.delete();
  return closedHandle(kept);
}

const closedError = () => ({ error: { code: 'InvalidState', message: 'the RTCPeerConnection is closed' } });

function closedHandle(kept) {
  const value = (name) => () => kept[name];
  const nothing = () => undefined;
  return {
    closed: true,
    localDescription: value('localDescription'),
    currentLocalDescription: value('currentLocalDescription'),
    pendingLocalDescription: value('pendingLocalDescription'),
    remoteDescription: value('remoteDescription'),
    currentRemoteDescription: value('currentRemoteDescription'),
    pendingRemoteDescription: value('pendingRemoteDescription'),
    signalingState: () => 'closed',
    iceGatheringState: value('iceGatheringState'),
    iceConnectionState: () => 'closed',
    connectionState: () => 'closed',
    maxMessageSize: value('maxMessageSize'),
    dtlsRole: value('dtlsRole'),
    transportInfo: value('transportInfo'),
    getStats: value('stats'),
    // The driver's entry points: nothing comes in or goes out of a closed connection.
    handleTimeout: nothing,
    nextTimeout: () => Infinity,
    close: nothing,
    addHostAddress: nothing,
    addStunServer: nothing,
    addTurnServer: nothing,
    restartIce: nothing,
    // Channels of a closed connection are closed: nothing buffered, nothing to send.
    bufferedAmount: () => 0,
    setBufferedAmountLowThreshold: nothing,
    streamId: () => null,
    closeChannel: nothing,
    createOffer: closedError,
    createAnswer: closedError,
    setLocalDescription: closedError,
    setRemoteDescription: closedError,
    addIceCandidate: closedError,
    createDataChannel: closedError,
    delete: nothing,
  };
}

/**
 * What replaces the connection's PacketIo (js/src/packet_io.js) at close: its buffers lived in
 * the deleted handle. Nothing is received, sent or polled any more.
 */
export const closedPacketIo = Object.freeze({
  dropped: 0,
  receive() {},
  flushTransmits() {},
  pollEvent: () => null,
  send: closedError,
});
