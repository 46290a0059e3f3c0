// The per-packet crossings between the driver (rtc_peer_connection.js) and one core handle, with
// numbers only (bindings/peer_connection_bindings.cc, docs/PERFORMANCE.md proposal 3): addresses
// are interned once into small indices; a received datagram is copied straight into a buffer in
// wasm memory; a transmit is lent to the transport as a view of wasm memory (the transport copies
// it once, into a socket's Buffer or the UDP thread's ring) and a message is copied once out, their
// indices, pointer and length read from a small int32 area. No Embind object or string is built
// per packet.
//
// Wasm memory can grow during any call into the core, which replaces the module's HEAPU8/HEAP32
// views (Emscripten reassigns Module.HEAPU8 on growth): they are read from `core` at every use,
// never kept.
import { core } from './core.js';

const NO_EVENT = 0;
const MESSAGE_EVENT = 1;
// Each address seen costs an entry here and in the binding. A peer that sprays datagrams from
// ever new ports must not grow them without bound: at this many, both tables start over before
// the next datagram (the core holds no indices, so nothing refers to the old ones).
const MAX_ADDRESSES = 1024;

export class PacketIo {
  #handle;
  #addresses = [];        // index -> {text, ip, port}, filled as the driver first meets an index
  #locals = new Map();    // "ip:port" a transport names its socket by -> index
  #remotes = new Map();   // ip -> Map(port -> index)
  #count = 0;             // addresses interned from this side since the last start-over
  #receiveAt;
  #receiveSize;
  #io;                    // index of the int32 area in HEAP32: [local | channel, remote | binary, pointer, length]
  dropped = 0;            // datagrams too large for any UDP/TURN message, or from an unparsable address

  constructor(handle) {
    this.#handle = handle;
    this.#receiveAt = handle.receiveBufferAddress();
    this.#receiveSize = handle.receiveBufferSize();
    this.#io = handle.ioAddress() >>> 2;
  }

  /** One datagram into the core. `local` is the "ip:port" the core knows the socket by. */
  receive(now, local, address, port, bytes) {
    // Start over before looking up, never between the two lookups: an index from before a start-over
    // would name another address in the new table.
    if (this.#count >= MAX_ADDRESSES) this.#startOver();
    const l = this.#localIndex(local);
    const r = this.#remoteIndex(address, port);
    if (l < 0 || r < 0 || bytes.length > this.#receiveSize) {
      this.dropped++;
      return;
    }
    core.HEAPU8.set(bytes, this.#receiveAt);
    if (!this.#handle.handleReceiveAt(now, l, r, bytes.length)) this.dropped++;
  }

  /**
   * Every queued datagram out: send(local, remoteIp, remotePort, bytes). `bytes` is a view of wasm
   * memory, valid only during the call (the next transmit reuses it): send copies what it keeps.
   */
  flushTransmits(send) {
    const handle = this.#handle;
    for (let n = handle.pollTransmitInto(); n >= 0; n = handle.pollTransmitInto()) {
      const io = core.HEAP32;
      const local = this.#entry(io[this.#io]);
      const remote = this.#entry(io[this.#io + 1]);
      const at = io[this.#io + 2] >>> 0;
      // The address entries are looked up before the view is made: addressInfo may grow memory.
      send(local.text, remote.ip, remote.port, core.HEAPU8.subarray(at, at + n));
    }
  }

  /**
   * The next core event as the object the driver dispatches, or null. A message is built here
   * ({type: 'message', channelEvent: true, channel, binary, data: a fresh Uint8Array}); any
   * other event is the binding's object.
   */
  pollEvent() {
    const kind = this.#handle.pollEventInto();
    if (kind === NO_EVENT) return null;
    if (kind !== MESSAGE_EVENT) return this.#handle.heldEvent();
    const io = core.HEAP32;
    const at = io[this.#io + 2] >>> 0;
    return {
      type: 'message',
      channelEvent: true,
      channel: io[this.#io] >>> 0,
      binary: io[this.#io + 1] !== 0,
      data: core.HEAPU8.slice(at, at + io[this.#io + 3]),
    };
  }

  /** dc.send: the bytes into the binding's send buffer, then sent. undefined or {error}. */
  send(now, channel, bytes, binary) {
    const n = bytes.length;
    // The send buffer is shared by every connection (bindings/peer_connection_bindings.cc): another
    // one may have moved it, so its address is asked for each time.
    const at = this.#handle.sendBufferAddress(n);  // first: it may grow memory (a new HEAPU8)
    core.HEAPU8.set(bytes, at);
    return this.#handle.sendBuffered(now, channel, n, binary);
  }

  #localIndex(text) {
    const known = this.#locals.get(text);
    if (known !== undefined) return known;
    const index = this.#intern(text);
    if (index >= 0) this.#locals.set(text, index);
    return index;
  }

  #remoteIndex(ip, port) {
    let ports = this.#remotes.get(ip);
    const known = ports && ports.get(port);
    if (known !== undefined) return known;
    const index = this.#intern(ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`);
    if (index < 0) return index;
    if (!ports) {
      ports = new Map();
      this.#remotes.set(ip, ports);
    }
    ports.set(port, index);
    return index;
  }

  #intern(text) {
    this.#count++;
    return this.#handle.internAddress(text);
  }

  #startOver() {
    this.#handle.resetAddresses();
    this.#addresses = [];
    this.#locals.clear();
    this.#remotes.clear();
    this.#count = 0;
  }

  #entry(index) {
    let entry = this.#addresses[index];
    if (!entry) {
      entry = this.#handle.addressInfo(index);
      this.#addresses[index] = entry;
    }
    return entry;
  }
}
