// The sockets of one peer connection, by the local address the core knows each by: the UDP sockets
// (one per interface), the WebSocket relay connection, TURN-over-TCP/TLS connections. The core's
// Transmits name their `local`; this routes each to the transport that owns it.
export class TransportSet {
  #routes = new Map();  // "ip:port" the core uses as `local` -> transport
  #transports = [];
  dropped = 0;          // datagrams for a local no transport owns (closed meanwhile)

  add(transport, locals) {
    this.#transports.push(transport);
    for (const local of locals) this.#routes.set(local, transport);
  }

  send(local, address, port, bytes) {
    const transport = this.#routes.get(local);
    if (transport) transport.send(local, address, port, bytes);
    else this.dropped++;
  }

  close() {
    for (const transport of this.#transports) transport.close();
    this.#transports = [];
    this.#routes.clear();
  }
}
