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

/**
 * Opens the sockets. onPacket(local, remoteAddress, remotePort, bytes) gets every datagram;
 * `local` is the "ip:port" the core knows the socket by. Resolves with
 * {addresses, send(local, address, port, bytes), close(), dropped}.
 */
export async function openUdpTransport(onPacket, { bindAddresses } = {}) {
  await nodeModules();
  const sockets = new Map();
  const addresses = bindAddresses || localAddresses();
  await Promise.all(addresses.map((address) => new Promise((resolve) => {
    const socket = dgram.createSocket({ type: 'udp4' });
    socket.on('error', () => {
      socket.close();
      resolve();
    });
    socket.bind(0, address, () => {
      const local = `${address}:${socket.address().port}`;
      sockets.set(local, socket);
      socket.on('message', (msg, rinfo) => onPacket(local, rinfo.address, rinfo.port, msg));
      resolve();
    });
  })));
  const transport = {
    addresses: [...sockets.keys()],
    dropped: 0,
    send(local, address, port, bytes) {
      const socket = sockets.get(local);
      if (!socket) {
        transport.dropped++;
        return;
      }
      socket.send(bytes, port, address, (err) => {
        if (err) transport.dropped++;  // UDP: a send that fails is a lost datagram, nothing more
      });
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
  return transport;
}
