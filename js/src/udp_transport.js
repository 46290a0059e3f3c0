// The UDP transport for runtimes that have sockets (Node, Bun, Deno's node:dgram): one socket per
// local IPv4 address, each bound to an ephemeral port, so the core can gather one host candidate
// per interface and say which socket each datagram leaves from. Loopback is included: it costs one
// candidate and makes same-machine connections work even without a network.
import { bindUdpSocket } from './udp_socket.js';
import { openUdpThreadTransport } from './udp_thread.js';
import { importNodeBuiltin } from './node_builtin.js';

let dgram = null;
let os = null;

async function nodeModules() {
  if (!dgram) {
    dgram = await importNodeBuiltin('dgram');
    os = await importNodeBuiltin('os');
  }
}

// os.networkInterfaces() costs ~0.15 ms (getifaddrs and an object per address), ~4 % of a
// same-process setup; a burst of new connections (a server accepting many) asks once a second at
// most. An interface that appears is used by the connections made from then on.
const ADDRESSES_FRESH_MS = 1000;
let addressesCache = { list: null, at: 0 };

function localAddresses() {
  const at = Date.now();
  if (addressesCache.list && at - addressesCache.at >= 0 && at - addressesCache.at < ADDRESSES_FRESH_MS) {
    return addressesCache.list;
  }
  const out = [];
  for (const list of Object.values(os.networkInterfaces())) {
    for (const info of list || []) {
      if (info.family === 'IPv4' || info.family === 4) out.push(info.address);
    }
  }
  // Loopback first: same-machine peers pair on it before anything else.
  out.sort((a, b) => (b.startsWith('127.') ? 1 : 0) - (a.startsWith('127.') ? 1 : 0));
  addressesCache = { list: [...new Set(out)], at };
  return addressesCache.list;
}

// WASMRTC_UDP_THREAD=1 turns the UDP thread (js/src/udp_thread.js) on for every connection of the
// process that does not say otherwise: for programs that cannot change the configuration (a library
// that makes the RTCPeerConnections, say).
function threadByDefault() {
  const value = globalThis.process?.env?.WASMRTC_UDP_THREAD;
  return value === '1' || value === 'true';
}

/**
 * Opens the sockets, in the UDP thread when `thread` and the runtime can, else in this one.
 * onPacket(local, remoteAddress, remotePort, bytes) gets every datagram (`bytes` may be a view
 * valid only during the call); `local` is the "ip:port" the core knows the socket by. Resolves with
 * {addresses, send(local, address, port, bytes), close(), dropped}.
 */
export async function openUdpTransport(onPacket, { bindAddresses, thread = threadByDefault() } = {}) {
  await nodeModules();
  const addresses = bindAddresses || localAddresses();
  if (thread) {
    const threaded = await openUdpThreadTransport(onPacket, addresses);
    if (threaded) return threaded;
  }
  const sockets = new Map();
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
  const bound = await Promise.all(addresses.map((address) => bindUdpSocket(dgram, address,
    (local, msg, rinfo) => onPacket(local, rinfo.address, rinfo.port, msg),
    () => { transport.dropped++; })));
  for (const entry of bound) if (entry) sockets.set(entry.local, entry.socket);
  transport.addresses = [...sockets.keys()];
  return transport;
}
