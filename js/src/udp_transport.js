// The UDP transport for runtimes that have sockets (Node, Bun, Deno's node:dgram): one socket per
// local IPv4 address, each bound to an ephemeral port, so the core can gather one host candidate
// per interface and say which socket each datagram leaves from. Loopback is included: it costs one
// candidate and makes same-machine connections work even without a network.
let dgram = null;
let os = null;

async function nodeModules() {
  if (!dgram) {
    dgram = await import('node:dgram');
    os = await import('node:os');
  }
}

function localAddresses() {
  const out = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list || []) {
      if (info.family === 'IPv4' || info.family === 4) out.push(info.address);
    }
  }
  // Loopback first: same-machine peers pair on it before anything else.
  out.sort((a, b) => (b.startsWith('127.') ? 1 : 0) - (a.startsWith('127.') ? 1 : 0));
  return [...new Set(out)];
}

// The core hands numeric addresses only, so the sockets resolve nothing: this answers at once.
// Node's default (dns.lookup) answers a literal in a process.nextTick, so every send on an
// unconnected socket cost a tick, an async-hooks scope and a closure before libuv saw it
// (docs/PERFORMANCE.md proposal 1). connect() would skip the lookup too, but a connected socket
// receives only from its one peer, which breaks ICE (checks from new candidates, TURN on the same
// socket); this is as fast in a send loop on loopback (~170k sends/s either way, against ~135k).
function literalLookup(address, family, callback) {
  callback(null, address, 4);
}

// Bytes the kernel may queue for a socket while the one JS thread is busy (sending a burst, say).
// Linux's default (~208 KiB) overflows under a sender that outruns the receiver: in the unordered,
// maxRetransmits 0 benchmark (16 KiB messages, 16 MiB) it dropped 8 000 datagrams, 70 % of the
// messages; with this, 14 %. The kernel caps it at net.core.rmem_max (and doubles it for its
// bookkeeping); where the cap is lower, or the call fails, the default stays.
const RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * Opens the sockets. onPacket(local, remoteAddress, remotePort, bytes) gets every datagram;
 * `local` is the "ip:port" the core knows the socket by. Resolves with
 * {addresses, send(local, address, port, bytes), close(), dropped}.
 */
export async function openUdpTransport(onPacket, { bindAddresses } = {}) {
  await nodeModules();
  const sockets = new Map();
  const addresses = bindAddresses || localAddresses();
  const transport = {
    addresses: [],
    dropped: 0,
    send(local, address, port, bytes) {
      const socket = sockets.get(local);
      if (!socket) {
        transport.dropped++;
        return;
      }
      // No completion callback: one closure and one completion per datagram saved. Node then
      // reports a failed send nowhere (without a callback it neither calls back nor emits), which
      // for UDP is a lost datagram like any other: SCTP and the STUN transactions recover it.
      socket.send(bytes, port, address);
    },
    close() {
      for (const socket of sockets.values()) {
        try {
          socket.close();
        } catch {
          // already closed
        }
      }
      sockets.clear();
    },
  };
  await Promise.all(addresses.map((address) => new Promise((resolve) => {
    const socket = dgram.createSocket({ type: 'udp4', lookup: literalLookup });
    let bound = false;
    // Before bind: the address is unusable, give it up. After: an error is a lost datagram
    // (ICMP unreachable surfacing on a later receive, say), counted, and the socket stays.
    socket.on('error', () => {
      if (bound) {
        transport.dropped++;
        return;
      }
      socket.close();
      resolve();
    });
    socket.bind(0, address, () => {
      bound = true;
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // the system refused: its default buffer stays
      }
      const local = `${address}:${socket.address().port}`;
      sockets.set(local, socket);
      socket.on('message', (msg, rinfo) => onPacket(local, rinfo.address, rinfo.port, msg));
      resolve();
    });
  })));
  transport.addresses = [...sockets.keys()];
  return transport;
}
