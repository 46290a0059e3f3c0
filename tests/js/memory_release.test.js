// A closed RTCPeerConnection frees its wasm memory at once (js/src/closed_handle.js), and what the
// API still reports after close() keeps working. The allocator's in-use bytes (mallinfo) are
// measured: after many connections are created, used and closed, the heap is back where it was.
import { core } from '../../js/src/core.js';
import { RTCPeerConnection } from '../../js/index.js';
import { wire } from './helpers/wire.js';

async function connectAndUse() {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const negotiate = wire(a, b);
  const dc = a.createDataChannel('bulk');
  const received = new Promise((resolve) => {
    b.ondatachannel = ({ channel }) => {
      let bytes = 0;
      channel.onmessage = (e) => { bytes += e.data.byteLength; if (bytes === 256 * 1024) resolve(); };
    };
  });
  dc.onopen = () => { for (let i = 0; i < 16; i++) dc.send(new Uint8Array(16 * 1024)); };
  await negotiate();
  await received;
  return [a, b];
}

const KiB = 1024;

test('connections created, used and closed give their wasm memory back', async () => {
  // The first connection allocates what lives as long as the module (OpenSSL's tables, caches).
  (await connectAndUse()).forEach((pc) => pc.close());
  const base = core.heapInUse();

  const open = [];
  for (let i = 0; i < 5; i++) open.push(...await connectAndUse());
  const perPair = (core.heapInUse() - base) / 5;
  expect(perPair).toBeGreaterThan(20 * KiB);  // a live pair holds DTLS, SCTP and ICE state

  open.forEach((pc) => pc.close());
  // Nothing but the allocator's own fragmentation may remain: well under one pair's worth.
  expect(core.heapInUse() - base).toBeLessThan(Math.min(perPair / 2, 64 * KiB));
}, 60000);

test('50 connections created and closed without connecting leave the heap as it was', () => {
  new RTCPeerConnection().close();
  const base = core.heapInUse();
  for (let i = 0; i < 50; i++) {
    const pc = new RTCPeerConnection();
    pc.createDataChannel('x');
    pc.close();
  }
  expect(core.heapInUse() - base).toBeLessThan(16 * KiB);
});

test('after close() the descriptions, transports and the last stats are still reported', async () => {
  const [a, b] = await connectAndUse();
  const offer = a.localDescription.sdp;
  const remoteCertificates = a.sctp.transport.getRemoteCertificates();
  a.close();
  expect(a.localDescription.sdp).toBe(offer);
  expect(a.currentRemoteDescription.type).toBe('answer');
  expect(a.signalingState).toBe('closed');
  expect(a.connectionState).toBe('closed');
  expect(a.sctp.state).toBe('closed');
  expect(a.sctp.transport.getRemoteCertificates()[0].byteLength).toBe(remoteCertificates[0].byteLength);
  const stats = await a.getStats();
  const channel = [...stats.values()].find((s) => s.type === 'data-channel');
  expect(channel.bytesSent).toBe(256 * KiB);
  await expect(a.createOffer()).rejects.toMatchObject({ name: 'InvalidStateError' });
  expect(() => a.createDataChannel('late')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  b.close();
});
