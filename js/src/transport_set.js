// The sockets of one peer connection, by the local address the core knows each by: the UDP sockets
// (one per interface), the WebSocket relay connection, TURN-over-TCP/TLS connections. The core's
// Transmits name their `local`; this routes each to the transport that owns it.

// A datagram a transport keeps past the call (a socket's send queue, a WebSocket's buffer): in Node
// a Buffer from the shared allocation pool (about twice as fast as a TypedArray slice of its own at
// 1200 bytes, and less for the GC to track); elsewhere a slice.
const ownCopy = typeof Buffer === 'function' && typeof Buffer.allocUnsafe === 'function'
  ? (view) => {
    const out = Buffer.allocUnsafe(view.length);
    out.set(view);
    return out;
  }
  : (view) => view.slice();

export class TransportSet {
  #routes = new Map();  // "ip:port" the core uses as `local` -> transport
  #transports = [];
  dropped = 0;          // datagrams for a local no transport owns (closed meanwhile)

  add(transport, locals) {
    this.#transports.push(transport);
    for (const local of locals) this.#routes.set(local, transport);
  }

  /**
   * `view` is lent (PacketIo.flushTransmits): a transport that says `borrows` copies it itself (the
   * UDP thread's ring does); every other one gets its own copy.
   */
  send(local, address, port, view) {
    const transport = this.#routes.get(local);
    if (transport) transport.send(local, address, port, transport.borrows ? view : ownCopy(view));
    else this.dropped++;
  }

  close() {
    for (const transport of this.#transports) transport.close();
    this.#transports = [];
    this.#routes.clear();
  }
}
