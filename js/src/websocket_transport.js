// The relay transport for runtimes without UDP (browser pages, Web Workers, Deno, edge runtimes):
// one WebSocket to a wasmrtc relay (subprotocol "turn"), each WebSocket message exactly one TURN
// message or ChannelData (docs/ARCHITECTURE.md, "The relay transport, precisely"). The core's ICE
// agent runs its TURN client over it (reliable mode: no retransmissions), so every packet the core
// sends is a datagram to the relay and every message from the relay is a datagram from it.
//
// Backpressure drops, it never queues without bound: while the socket has more than
// MAX_BUFFERED bytes waiting, datagrams are dropped and counted, and SCTP sees loss and backs off.
const MAX_BUFFERED = 256 * 1024;

// Names for the two ends inside the core: TEST-NET addresses (RFC 5737) that never reach the wire.
export const RELAY_LOCAL = '192.0.2.1:1';
export const RELAY_SERVER = '192.0.2.2:3478';

/**
 * Opens the WebSocket. onPacket(local, remoteAddress, remotePort, bytes) gets every message.
 * Resolves with {addresses: [], relay: {local, server}, send(), close(), dropped} once open, or
 * with a transport whose sends are dropped if the relay cannot be reached (ICE then fails cleanly).
 */
export function openWebSocketTransport(url, onPacket, WebSocketImpl = globalThis.WebSocket) {
  if (typeof WebSocketImpl !== 'function') {
    return Promise.reject(new TypeError('wasmrtc: no WebSocket in this runtime; pass configuration.wasmrtc.WebSocket'));
  }
  const [serverAddress, serverPort] = RELAY_SERVER.split(':');
  return new Promise((resolve) => {
    const ws = new WebSocketImpl(url, 'turn');
    ws.binaryType = 'arraybuffer';
    let open = false;
    const transport = {
      addresses: [],
      relay: { local: RELAY_LOCAL, server: RELAY_SERVER },
      dropped: 0,
      send(local, address, port, bytes) {
        if (!open || ws.bufferedAmount > MAX_BUFFERED) {
          transport.dropped++;
          return;
        }
        ws.send(bytes);
      },
      close() {
        open = false;
        try {
          ws.close();
        } catch {
          // already closed
        }
      },
    };
    ws.onopen = () => {
      open = true;
      resolve(transport);
    };
    ws.onmessage = (event) => {
      if (typeof event.data === 'string') return;  // the relay sends binary only
      onPacket(RELAY_LOCAL, serverAddress, Number(serverPort), new Uint8Array(event.data));
    };
    ws.onerror = () => resolve(transport);
    ws.onclose = () => {
      open = false;
      resolve(transport);
    };
  });
}
