// The writing side of the cross-thread DatagramRing test (tests/js/udp_thread.test.js): pushes
// `count` records of varying sizes as fast as the ring takes them, rings the doorbell as the UDP
// thread does, and waits briefly whenever the ring is full (a full ring must refuse, not tear).
import { parentPort, workerData } from 'node:worker_threads';
import { DatagramRing } from '../../../js/src/datagram_ring.js';

const ring = new DatagramRing(workerData.buffer);
const pause = new Int32Array(new SharedArrayBuffer(4));
const bytes = new Uint8Array(1500);
let refused = 0;
for (let seq = 0; seq < workerData.count; seq++) {
  const n = (seq * 131) % 1500;
  for (let i = 0; i < n; i++) bytes[i] = (seq + i) & 255;
  let pushed;
  while (!(pushed = ring.push(seq, seq ^ 0x5a5a5a5a, n, bytes.subarray(0, n)))) {
    refused++;
    Atomics.wait(pause, 0, 0, 0.05);
  }
  if (pushed === 'ring') parentPort.postMessage('wake');
}
parentPort.postMessage({ done: true, refused });
