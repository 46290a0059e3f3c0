// SCTP path MTU discovery between two wasmrtc peers over real UDP sockets (docs/POLYFILL.md "SCTP
// packet size"): packets grow to what the selected pair's path carries once a probe comes back,
// every byte still arrives, and `wasmrtc: {pathMtuDiscovery: false}` keeps them at 1 200 bytes.
import { createHash } from 'node:crypto';
import { RTCPeerConnection } from '../../js/index.js';
import { signal } from './interop/signal.js';

const digest = (b) => createHash('sha256').update(b).digest('hex');

async function connectedPair(configuration) {
  const a = new RTCPeerConnection(configuration);
  const z = new RTCPeerConnection(configuration);
  const announced = new Promise((resolve) => { z.ondatachannel = (e) => resolve(e.channel); });
  const sender = a.createDataChannel('bulk');
  await signal(a, z);
  const receiver = await announced;
  await Promise.all([sender, receiver].map((dc) => (dc.readyState === 'open' ? null
    : new Promise((resolve) => { dc.onopen = resolve; }))));
  return { a, z, sender, receiver };
}

// Sends `count` messages of 64 KiB and resolves with what arrived, in order.
async function transfer({ sender, receiver }, count) {
  receiver.binaryType = 'arraybuffer';
  const got = [];
  const done = new Promise((resolve) => {
    receiver.onmessage = (e) => {
      got.push(Buffer.from(e.data));
      if (got.length === count) resolve();
    };
  });
  const sent = [];
  for (let i = 0; i < count; i++) {
    const m = Buffer.alloc(64 * 1024, i + 1);
    m.writeUInt32BE(i, 0);
    sent.push(m);
    sender.send(m);
  }
  await done;
  return { sent, got };
}

async function transportAndPair(pc) {
  const stats = [...(await pc.getStats()).values()];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.id === transport.selectedCandidatePairId);
  const remote = stats.find((s) => s.id === pair.remoteCandidateId);
  return { transport, remote };
}

const isLoopback = (address) => address === '::1' || /^127\./.test(address);

test('packets grow to what the path carries once a probe comes back; every byte arrives', async () => {
  const pair = await connectedPair();
  try {
    // One probe and its answer: a round trip on loopback; give the search a moment.
    await new Promise((r) => setTimeout(r, 200));
    const { sent, got } = await transfer(pair, 64);  // 4 MiB
    expect(got.map(digest)).toEqual(sent.map(digest));
    const { transport, remote } = await transportAndPair(pair.a);
    const perDatagram = transport.bytesSent / transport.packetsSent;
    if (isLoopback(remote.address)) {
      // 16 KiB records: a few datagrams per 64 KiB message (SACKs going the other way are small).
      expect(perDatagram).toBeGreaterThan(8000);
    } else {
      // Another interface: an Ethernet-sized datagram at most (1 472 bytes of UDP over IPv4).
      expect(perDatagram).toBeGreaterThan(1250);
      expect(perDatagram).toBeLessThanOrEqual(1472);
    }
  } finally {
    pair.a.close();
    pair.z.close();
  }
}, 30000);

test('pathMtuDiscovery: false keeps every packet at the 1 200-byte base', async () => {
  const pair = await connectedPair({ wasmrtc: { pathMtuDiscovery: false } });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const { sent, got } = await transfer(pair, 32);
    expect(got.map(digest)).toEqual(sent.map(digest));
    const { transport } = await transportAndPair(pair.a);
    expect(transport.bytesSent / transport.packetsSent).toBeLessThanOrEqual(1200);
    // 2 MiB in datagrams of at most 1 200 bytes.
    expect(transport.packetsSent).toBeGreaterThan(32 * 64 * 1024 / 1200);
  } finally {
    pair.a.close();
    pair.z.close();
  }
}, 30000);
