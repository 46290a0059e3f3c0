// Interop acceptance of the PeerConnection core (issue: PeerConnection core): the native
// `wasmrtc-peer` completes ICE + DTLS + SCTP with libwebrtc (@roamhq/wrtc), libdatachannel
// (node-datachannel) and werift on 127.0.0.1, as offerer and as answerer, and data channel
// messages cross both ways: strings and binary, 0 B to 256 KiB, ordered and unordered.
// wasmrtc-peer echoes every message back on its channel, so each echo is a message this side sent.
import { createHash } from 'node:crypto';
import { NativePeer } from './native_peer.js';
import { CLOSE_SIGNALLED, PEERS, closePeer, messageBytes, releasePeers } from './peers.js';

afterAll(() => releasePeers());

// What each stack can carry: werift announces a=max-message-size:65536 and does not send empty
// messages (RFC 8831 §6.6's PPID 56/57), so its set stops there.
const LIMITS = {
  libwebrtc: { maxSize: 256 * 1024, empty: true },
  libdatachannel: { maxSize: 256 * 1024, empty: true },
  werift: { maxSize: 64 * 1024, empty: false },
};

function pattern(size, seed) {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed) & 0xff;
  return bytes;
}

function messagesFor(lib) {
  const { maxSize, empty } = LIMITS[lib];
  const list = [
    { binary: false, bytes: Buffer.from('hello from ' + lib) },
    { binary: false, bytes: Buffer.from('ünïcödé ✓ 🚀') },
  ];
  if (empty) list.push({ binary: false, bytes: Buffer.alloc(0) }, { binary: true, bytes: Buffer.alloc(0) });
  for (const size of [1, 1200, 16 * 1024, 64 * 1024, 256 * 1024]) {
    if (size <= maxSize) list.push({ binary: true, bytes: pattern(size, size % 251) });
  }
  return list;
}

const digest = (b) => createHash('sha256').update(b).digest('hex');

function sendOn(channel, message) {
  if (!message.binary) channel.send(message.bytes.toString('utf8'));
  else channel.send(new Uint8Array(message.bytes.buffer, message.bytes.byteOffset, message.bytes.length));
}

// Connects a JS peer of `lib` with a native peer; `nativeOffers` picks who offers. Resolves with
// both sides and the JS peer's 'chat' (ordered) and 'lossy' (unordered, maxRetransmits 0) channels.
async function connect(lib, nativeOffers) {
  const RTCPeerConnection = PEERS[lib]();
  const pc = new RTCPeerConnection({ iceServers: [] });
  const native = new NativePeer(nativeOffers
    ? ['--offer', '--channel', 'chat', '--channel', 'lossy,unordered,maxRetransmits=0']
    : ['--answer']);
  const channels = {};
  const opened = new Promise((resolve) => {
    const track = (dc) => {
      dc.binaryType = 'arraybuffer';
      dc.received = [];
      dc.onmessage = (e) => dc.received.push(messageBytes(e.data));
      const done = () => {
        channels[dc.label] = dc;
        if (channels.chat && channels.lossy) resolve();
      };
      if (dc.readyState === 'open') done();
      else dc.onopen = done;
    };
    pc.ondatachannel = (e) => track(e.channel);
    if (!nativeOffers) {
      track(pc.createDataChannel('chat'));
      track(pc.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 }));
    }
  });

  // Signaling: candidates wait until the other side has its remote description.
  let nativeHasRemote = false;
  const toNative = [];
  pc.onicecandidate = (e) => {
    if (!e.candidate || !e.candidate.candidate) return;
    const line = { type: 'candidate', candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid ?? '0' };
    if (nativeHasRemote) native.send(line);
    else toNative.push(line);
  };
  const flushToNative = () => {
    nativeHasRemote = true;
    for (const line of toNative.splice(0)) native.send(line);
  };
  let jsHasRemote = false;
  const toJs = [];
  const addToJs = async (m) => pc.addIceCandidate({ candidate: m.candidate, sdpMid: m.sdpMid });
  native.onmessage = async (m) => {
    try {
      if (m.type === 'offer') {
        await pc.setRemoteDescription({ type: 'offer', sdp: m.sdp });
        jsHasRemote = true;
        await pc.setLocalDescription(await pc.createAnswer());
        native.send({ type: 'answer', sdp: pc.localDescription.sdp });
        flushToNative();
        for (const c of toJs.splice(0)) await addToJs(c);
      } else if (m.type === 'answer') {
        await pc.setRemoteDescription({ type: 'answer', sdp: m.sdp });
        jsHasRemote = true;
        for (const c of toJs.splice(0)) await addToJs(c);
      } else if (m.type === 'candidate' && m.candidate) {
        if (jsHasRemote) await addToJs(m);
        else toJs.push(m);
      }
    } catch (error) {
      native.jsError = error;
    }
  };
  if (!nativeOffers) {
    await pc.setLocalDescription(await pc.createOffer());
    native.send({ type: 'offer', sdp: pc.localDescription.sdp });
    flushToNative();
  }
  let timer;
  await Promise.race([
    opened,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${lib}: channels did not open; native said ${
        JSON.stringify(native.lines.filter((l) => l.type !== 'candidate'))}, js error ${native.jsError}`)), 20000);
    }),
  ]).finally(() => clearTimeout(timer));
  return { pc, native, channels };
}

async function waitUntil(predicate, what, timeoutMs = 20000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const lib of Object.keys(PEERS)) {
  for (const nativeOffers of [true, false]) {
    const role = nativeOffers ? 'wasmrtc offers' : 'wasmrtc answers';
    test(`native PeerConnection <-> ${lib}, ${role}: messages both ways, ordered and unordered`, async () => {
      const { pc, native, channels } = await connect(lib, nativeOffers);
      try {
        await native.waitFor((m) => m.type === 'connectionState' && m.state === 'connected', 'connected');

        // Ordered: every message comes back byte-identical, same type, in order.
        const sent = messagesFor(lib);
        for (const m of sent) sendOn(channels.chat, m);
        await waitUntil(() => channels.chat.received.length >= sent.length, `${sent.length} echoes on chat`);
        expect(channels.chat.received.map((m) => [m.binary, m.bytes.length, digest(m.bytes)]))
          .toEqual(sent.map((m) => [m.binary, m.bytes.length, digest(m.bytes)]));

        // Unordered, maxRetransmits 0: on loopback nothing is lost; order is not promised.
        const burst = Array.from({ length: 20 }, (_, i) => ({ binary: true, bytes: pattern(1024, i) }));
        for (const m of burst) sendOn(channels.lossy, m);
        await waitUntil(() => channels.lossy.received.length >= burst.length, 'echoes on lossy');
        expect(channels.lossy.received.map((m) => digest(m.bytes)).sort())
          .toEqual(burst.map((m) => digest(m.bytes)).sort());

        // wasmrtc originates too.
        native.send({ type: 'send', label: 'chat', text: 'from wasmrtc' });
        native.send({ type: 'send', label: 'chat', base64: pattern(300, 7).toString('base64') });
        await waitUntil(() => channels.chat.received.length >= sent.length + 2, 'messages from wasmrtc');
        const [text, binary] = channels.chat.received.slice(sent.length);
        expect(text.binary).toBe(false);
        expect(text.bytes.toString()).toBe('from wasmrtc');
        expect(binary.binary).toBe(true);
        expect(Buffer.compare(binary.bytes, pattern(300, 7))).toBe(0);

        expect(native.errors()).toEqual([]);
        // The peer closes: wasmrtc's channels end (or, when the stack does not say so, consent
        // freshness notices), and the program exits cleanly.
        closePeer(pc);
        if (CLOSE_SIGNALLED[lib]) {
          await native.waitFor((m) => m.type === 'closed' && m.label === 'chat', 'chat closed after the peer closed');
        } else {
          await native.waitFor((m) => m.type === 'connectionState' && m.state === 'disconnected',
            'disconnected after the peer vanished');
        }
      } finally {
        closePeer(pc);
        expect(await native.close()).toBe(0);
      }
    }, 60000);
  }
}
