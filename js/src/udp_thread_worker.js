// The UDP thread (js/src/udp_thread.js): a worker_threads worker that owns every UDP socket of the
// process, so the sendmsg/recvmsg system calls and Node's per-datagram callbacks (~40 % of the
// main thread in a one-process transfer, docs/PERFORMANCE.md) run on another core. Datagrams
// cross in two DatagramRings; control (open, close) comes as messages. It holds no WebRTC state.
import { parentPort, workerData } from 'node:worker_threads';
import dgram from 'node:dgram';
import { DatagramRing, Ipv4Cache } from './datagram_ring.js';
import { bindUdpSocket } from './udp_socket.js';

const toMain = new DatagramRing(workerData.toMain);
const fromMain = new DatagramRing(workerData.toWorker);
const counters = new Int32Array(workerData.counters);  // [dropped toward main]
const sockets = new Map();  // id -> dgram socket
const addresses = new Ipv4Cache();
const WAKE = 0;

async function bind(id, address) {
  const bound = await bindUdpSocket(dgram, address, (local, msg, rinfo) => {
    const ip = addresses.number(rinfo.address);
    const pushed = ip < 0 ? false : toMain.push(id, ip, rinfo.port, msg);
    if (pushed === 'ring') parentPort.postMessage(WAKE);
    else if (!pushed) Atomics.add(counters, 0, 1);
  }, () => {});  // a lost datagram: UDP recovers nothing anyway
  if (!bound) return null;
  sockets.set(id, bound.socket);
  return { id, local: bound.local };
}

function sendQueued() {
  fromMain.drain((id, ip, port, bytes) => {
    const socket = sockets.get(id);
    if (!socket) return;
    // A copy: the ring's space is given back when this returns, and a send the kernel cannot
    // take at once is queued by libuv with the buffer.
    const copy = Buffer.allocUnsafe(bytes.length);
    copy.set(bytes);
    try {
      socket.send(copy, port, addresses.text(ip));
    } catch {
      // a socket closing under the send: the datagram is lost, as on the wire
    }
  });
}

parentPort.on('message', async (message) => {
  if (message === WAKE) {
    sendQueued();
    return;
  }
  if (message.type === 'open') {
    const opened = await Promise.all(message.addresses.map(
      (address, i) => bind(message.ids[i], address)));
    parentPort.postMessage({ type: 'opened', request: message.request, sockets: opened.filter(Boolean) });
  } else if (message.type === 'close') {
    sendQueued();  // what the main thread queued before closing still leaves
    for (const id of message.ids) {
      const socket = sockets.get(id);
      sockets.delete(id);
      try {
        socket?.close();
      } catch {
        // already closed
      }
    }
  }
});
