// The polyfill (wasm core in Node, over UDP) against the independent stacks in the same process:
// libwebrtc (@roamhq/wrtc), libdatachannel (node-datachannel) and werift, with wasmrtc as offerer
// and as answerer. Both sides use only the W3C API, as simple-peer or PeerJS would.
import { createHash } from 'node:crypto';
import { RTCPeerConnection } from '../../../js/index.js';
import { signal } from './signal.js';
import { CLOSE_SIGNALLED, PEERS, closePeer, messageBytes, releasePeers } from './peers.js';

afterAll(() => releasePeers());

const MAX_SIZE = { libwebrtc: 256 * 1024, libdatachannel: 256 * 1024, werift: 64 * 1024 };
const EMPTY_OK = { libwebrtc: true, libdatachannel: true, werift: false };
const digest = (b) => createHash('sha256').update(b).digest('hex');

function opened(dc) {
  return dc.readyState === 'open' ? Promise.resolve(dc) : new Promise((resolve) => { dc.onopen = () => resolve(dc); });
}

async function waitFor(predicate, what, ms = 20000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function tracked(dc) {
  dc.binaryType = 'arraybuffer';
  dc.received = [];
  dc.onmessage = (e) => dc.received.push(messageBytes(e.data));
  return dc;
}

for (const lib of Object.keys(PEERS)) {
  for (const wasmrtcOffers of [true, false]) {
    test(`wasmrtc polyfill <-> ${lib}, ${wasmrtcOffers ? 'wasmrtc offers' : 'wasmrtc answers'}`, async () => {
      const Other = PEERS[lib]();
      const ours = new RTCPeerConnection();
      const theirs = new Other({ iceServers: [] });
      try {
        const offerer = wasmrtcOffers ? ours : theirs;
        const answerer = wasmrtcOffers ? theirs : ours;
        const announced = new Promise((resolve) => { answerer.ondatachannel = (e) => resolve(e.channel); });
        const local = tracked(offerer.createDataChannel('chat'));
        await signal(offerer, answerer);
        const remote = tracked(await announced);
        await Promise.all([opened(local), opened(remote)]);
        const [mine, other] = wasmrtcOffers ? [local, remote] : [remote, local];

        // Both ways: every size up to what the other stack accepts, strings and binary.
        const sizes = [1, 1000, 16 * 1024, 64 * 1024, 256 * 1024].filter((n) => n <= MAX_SIZE[lib]);
        const payloads = sizes.map((n, i) => Buffer.alloc(n, i + 1));
        mine.send('from wasmrtc');
        if (EMPTY_OK[lib]) mine.send('');
        for (const p of payloads) mine.send(p);
        other.send('from ' + lib);
        for (const p of payloads) other.send(p);
        const expectedAtOther = 1 + (EMPTY_OK[lib] ? 1 : 0) + payloads.length;
        await waitFor(() => other.received.length >= expectedAtOther && mine.received.length >= 1 + payloads.length,
          'messages both ways');
        expect(other.received[0]).toEqual({ binary: false, bytes: Buffer.from('from wasmrtc') });
        expect(mine.received[0]).toEqual({ binary: false, bytes: Buffer.from('from ' + lib) });
        const tail = (list) => list.slice(-payloads.length).map((m) => [m.binary, digest(m.bytes)]);
        expect(tail(other.received)).toEqual(payloads.map((p) => [true, digest(p)]));
        expect(tail(mine.received)).toEqual(payloads.map((p) => [true, digest(p)]));
        expect(ours.connectionState).toBe('connected');

        // The other side closes: ours notices (at once when it says so, else by consent freshness).
        const ended = CLOSE_SIGNALLED[lib]
          ? new Promise((resolve) => { mine.onclose = resolve; })
          : new Promise((resolve) => {
            ours.onconnectionstatechange = () => { if (ours.connectionState === 'disconnected') resolve(); };
          });
        closePeer(theirs);
        await ended;
      } finally {
        closePeer(theirs);
        ours.close();
      }
    }, 60000);
  }
}
