// One bound UDP socket as both UDP transports open it: in this thread (js/src/udp_transport.js)
// and in the UDP thread (js/src/udp_thread_worker.js).

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
 * Binds a udp4 socket to `address` on an ephemeral port. Resolves with {socket, local: "ip:port"},
 * or null when the address cannot be bound (it is then given up). After the bind an error is a
 * lost datagram (ICMP unreachable surfacing on a later receive, say): onError() counts it and the
 * socket stays. onMessage(local, msg, rinfo) gets every datagram.
 */
export function bindUdpSocket(dgram, address, onMessage, onError) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket({ type: 'udp4', lookup: literalLookup });
    let bound = false;
    socket.on('error', () => {
      if (bound) {
        onError();
        return;
      }
      socket.close();
      resolve(null);
    });
    socket.bind(0, address, () => {
      bound = true;
      try {
        socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
      } catch {
        // the system refused: its default buffer stays
      }
      const local = `${address}:${socket.address().port}`;
      socket.on('message', (msg, rinfo) => onMessage(local, msg, rinfo));
      resolve({ socket, local });
    });
  });
}
