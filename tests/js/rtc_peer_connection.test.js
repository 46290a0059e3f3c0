// The polyfill end to end in Node: two wasmrtc RTCPeerConnections over UDP on this machine, with the
// W3C API's behaviour (events and their order, states, errors the spec names, backpressure, close).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate, install } from '../../js/index.js';
import { wire } from './helpers/wire.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const until = (target, type, predicate = () => true, ms = 15000) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), ms);
  const listener = (e) => {
    if (!predicate(e)) return;
    clearTimeout(timer);
    target.removeEventListener(type, listener);
    resolve(e);
  };
  target.addEventListener(type, listener);
});

async function connectedPair() {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const negotiate = wire(a, b);
  const chat = a.createDataChannel('chat', { protocol: 'json' });
  const incoming = new Promise((resolve) => b.addEventListener('datachannel', (e) => {
    const seen = { readyState: e.channel.readyState, open: false };
    e.channel.addEventListener('open', () => { seen.open = true; });
    resolve({ channel: e.channel, seen });
  }, { once: true }));
  const opened = until(chat, 'open');
  await negotiate();
  const { channel, seen } = await incoming;
  // Open already when 'datachannel' fires, and its 'open' event follows (webrtc-pc §6.2).
  expect(seen.readyState).toBe('open');
  expect(seen.open).toBe(true);
  await opened;
  return { a, b, chat, remote: channel, negotiate };
}

function collect(channel) {
  const messages = [];
  channel.addEventListener('message', (e) => messages.push(e.data));
  return messages;
}

async function waitFor(predicate, what, ms = 15000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

test('two wasmrtc peers connect and the channel carries strings, binary, empty and 256 KiB messages', async () => {
  const { a, b, chat, remote } = await connectedPair();
  try {
    expect(a.connectionState).toBe('connected');
    expect(b.connectionState).toBe('connected');
    expect(remote.label).toBe('chat');
    expect(remote.protocol).toBe('json');
    expect(chat.id).not.toBeNull();
    expect(remote.id).toBe(chat.id);
    const received = collect(remote);
    const big = new Uint8Array(256 * 1024).map((_, i) => (i * 13) & 0xff);
    chat.send('hello');
    chat.send('');
    chat.send(new Uint8Array(0));
    chat.send(big);
    chat.send(new Uint16Array([1, 2, 3]));
    await waitFor(() => received.length === 5, 'five messages');
    expect(received[0]).toBe('hello');
    expect(received[1]).toBe('');
    expect(received[2]).toBeInstanceOf(ArrayBuffer);
    expect(received[2].byteLength).toBe(0);
    expect(Buffer.compare(Buffer.from(received[3]), Buffer.from(big))).toBe(0);
    expect([...new Uint16Array(received[4])]).toEqual([1, 2, 3]);
    // And back.
    const back = collect(chat);
    remote.send('pong');
    await waitFor(() => back.length === 1, 'the answer');
    expect(back[0]).toBe('pong');
  } finally {
    a.close();
    b.close();
  }
});

test('send() errors are the ones the spec names and leave the channel open', async () => {
  const { a, b, chat } = await connectedPair();
  try {
    expect(a.sctp.maxMessageSize).toBe(256 * 1024);
    expect(() => chat.send(new Uint8Array(256 * 1024 + 1))).toThrow(TypeError);
    expect(chat.readyState).toBe('open');
    const pending = a.createDataChannel('later');
    expect(() => pending.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    chat.close();
    expect(chat.readyState).toBe('closing');
    expect(() => chat.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  } finally {
    a.close();
    b.close();
  }
});

test('bufferedAmount rises with send() and bufferedamountlow fires when it drains', async () => {
  const { a, b, chat, remote } = await connectedPair();
  try {
    const received = collect(remote);
    chat.bufferedAmountLowThreshold = 64 * 1024;
    const low = until(chat, 'bufferedamountlow');
    const chunk = new Uint8Array(64 * 1024);
    for (let i = 0; i < 32; i++) chat.send(chunk);
    expect(chat.bufferedAmount).toBeGreaterThan(64 * 1024);
    await low;
    expect(chat.bufferedAmount).toBeLessThanOrEqual(64 * 1024);
    await waitFor(() => received.length === 32, 'all 32 chunks');
  } finally {
    a.close();
    b.close();
  }
});

test('an unordered, maxRetransmits 0 channel and a negotiated channel open on both sides', async () => {
  const { a, b } = await connectedPair();
  try {
    const lossy = a.createDataChannel('lossy', { ordered: false, maxRetransmits: 0 });
    const announced = await until(b, 'datachannel', (e) => e.channel.label === 'lossy');
    expect(announced.channel.ordered).toBe(false);
    expect(announced.channel.maxRetransmits).toBe(0);
    if (lossy.readyState !== 'open') await until(lossy, 'open');
    const received = collect(announced.channel);
    for (let i = 0; i < 10; i++) lossy.send(`m${i}`);
    await waitFor(() => received.length === 10, 'ten unordered messages');
    expect([...received].sort()).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`).sort());

    const left = a.createDataChannel('side', { negotiated: true, id: 42 });
    const right = b.createDataChannel('side', { negotiated: true, id: 42 });
    if (left.readyState !== 'open') await until(left, 'open');
    if (right.readyState !== 'open') await until(right, 'open');
    const got = collect(right);
    left.send('out of band');
    await waitFor(() => got.length === 1, 'the negotiated channel message');
    expect(got[0]).toBe('out of band');
    expect(right.id).toBe(42);
  } finally {
    a.close();
    b.close();
  }
});

test('closing a channel fires closing/close on the peer; closing the connection ends the peer channel', async () => {
  const { a, b, chat, remote } = await connectedPair();
  try {
    const closing = until(remote, 'closing');
    const closed = until(remote, 'close');
    const localClosed = until(chat, 'close');
    chat.close();
    await closing;
    await closed;
    expect(remote.readyState).toBe('closed');
    await localClosed;
    expect(chat.readyState).toBe('closed');
    const second = a.createDataChannel('second');
    const incoming = await until(b, 'datachannel', (e) => e.channel.label === 'second');
    if (incoming.channel.readyState !== 'open') await until(incoming.channel, 'open');
    const ended = until(incoming.channel, 'close');
    a.close();
    expect(a.connectionState).toBe('closed');
    expect(a.signalingState).toBe('closed');
    expect(second.readyState).toBe('closed');
    await ended;
  } finally {
    a.close();
    b.close();
  }
});

test('signaling events, states and descriptions follow the spec', async () => {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const negotiate = wire(a, b);
  const log = [];
  for (const type of ['signalingstatechange', 'icegatheringstatechange', 'connectionstatechange', 'negotiationneeded']) {
    a.addEventListener(type, () => log.push(type === 'negotiationneeded' ? type : `${type}:${
      { signalingstatechange: a.signalingState, icegatheringstatechange: a.iceGatheringState,
        connectionstatechange: a.connectionState }[type]}`));
  }
  try {
    expect(a.canTrickleIceCandidates).toBeNull();
    a.createDataChannel('x');
    await until(a, 'negotiationneeded');
    await negotiate();
    await until(a, 'connectionstatechange', () => a.connectionState === 'connected');
    expect(log).toEqual(expect.arrayContaining(['negotiationneeded', 'signalingstatechange:have-local-offer',
      'icegatheringstatechange:gathering', 'signalingstatechange:stable', 'connectionstatechange:connecting',
      'connectionstatechange:connected']));
    expect(log.indexOf('signalingstatechange:have-local-offer')).toBeLessThan(log.indexOf('signalingstatechange:stable'));
    expect(a.currentLocalDescription.type).toBe('offer');
    expect(a.currentRemoteDescription.type).toBe('answer');
    expect(a.pendingLocalDescription).toBeNull();
    expect(a.localDescription).toBeInstanceOf(RTCSessionDescription);
    expect(a.localDescription.sdp).toMatch(/a=candidate:/);
    expect(a.canTrickleIceCandidates).toBe(true);
    const stats = await a.getStats();
    const transport = [...stats.values()].find((s) => s.type === 'transport');
    expect(transport.dtlsState).toBe('connected');
    expect(transport.dtlsCipher).toBe('TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256');
    expect(stats.get(transport.selectedCandidatePairId).type).toBe('candidate-pair');
  } finally {
    a.close();
    b.close();
  }
});

test('API misuse rejects with the errors the spec names', async () => {
  const pc = new RTCPeerConnection();
  try {
    await expect(pc.addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0' }))
      .rejects.toMatchObject({ name: 'InvalidStateError' });
    await expect(pc.addIceCandidate({ candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' }))
      .rejects.toBeInstanceOf(TypeError);
    await expect(pc.setRemoteDescription({ type: 'offer', sdp: 'not sdp' }))
      .rejects.toMatchObject({ name: 'OperationError' });
    await expect(pc.setRemoteDescription({ sdp: 'v=0' })).rejects.toBeInstanceOf(TypeError);
    await expect(pc.setLocalDescription({ type: 'answer', sdp: 'v=0\r\n' }))
      .rejects.toMatchObject({ name: 'InvalidStateError' });
    await expect(pc.setLocalDescription({ type: 'rollback' })).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(() => pc.createDataChannel('x', { maxRetransmits: 1, maxPacketLifeTime: 1 })).toThrow(TypeError);
    expect(() => pc.createDataChannel('x', { negotiated: true })).toThrow(TypeError);
    expect(() => pc.createDataChannel('x', { id: 65535, negotiated: true })).toThrow(TypeError);
    expect(() => pc.createDataChannel('x'.repeat(65536))).toThrow(TypeError);
    expect(() => new RTCIceCandidate({ candidate: 'candidate:1 1 udp 1 1.2.3.4 9 typ host' })).toThrow(TypeError);
    const offer = await pc.createOffer();
    await expect(pc.setLocalDescription({ type: 'offer', sdp: offer.sdp.replace('s=-', 's=edited') }))
      .rejects.toMatchObject({ name: 'InvalidModificationError' });
    pc.close();
    await expect(pc.createOffer()).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(() => pc.createDataChannel('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
  } finally {
    pc.close();
  }
});

test('RTCIceCandidate parses the candidate line', () => {
  const c = new RTCIceCandidate({
    candidate: 'candidate:842163049 1 udp 1677729535 192.0.2.3 46154 typ srflx raddr 10.0.0.1 rport 46154 ufrag abcd',
    sdpMid: '0',
  });
  expect(c).toMatchObject({ foundation: '842163049', component: 'rtp', protocol: 'udp', priority: 1677729535,
    address: '192.0.2.3', port: 46154, type: 'srflx', relatedAddress: '10.0.0.1', relatedPort: 46154,
    usernameFragment: 'abcd' });
  expect(c.toJSON()).toEqual({ candidate: c.candidate, sdpMid: '0', sdpMLineIndex: null, usernameFragment: null });
});

test('install() defines the globals only where missing', () => {
  const target = {};
  expect(install(target)).toContain('RTCPeerConnection');
  expect(target.RTCPeerConnection).toBe(RTCPeerConnection);
  const other = { RTCPeerConnection: 'native' };
  install(other);
  expect(other.RTCPeerConnection).toBe('native');
  install(other, { force: true });
  expect(other.RTCPeerConnection).toBe(RTCPeerConnection);
});

test('a Node process exits by itself once its last connection is closed', () => {
  const script = `
    import { RTCPeerConnection } from ${JSON.stringify(path.join(root, 'js/index.js'))};
    const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
    const qa = [], qb = [];
    a.onicecandidate = (e) => e.candidate && (b.remoteDescription ? b.addIceCandidate(e.candidate) : qb.push(e.candidate));
    b.onicecandidate = (e) => e.candidate && (a.remoteDescription ? a.addIceCandidate(e.candidate) : qa.push(e.candidate));
    const dc = a.createDataChannel('x');
    b.ondatachannel = (e) => { e.channel.onmessage = (m) => { console.log('got ' + m.data); a.close(); b.close(); }; };
    dc.onopen = () => dc.send('bye');
    await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
    for (const c of qb) await b.addIceCandidate(c);
    await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
    for (const c of qa) await a.addIceCandidate(c);
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { timeout: 20000, encoding: 'utf8' });
  expect(run.error).toBeUndefined();  // a timeout would be an error: the process did not exit
  expect(run.stdout).toContain('got bye');
  expect(run.status).toBe(0);
});

test('a core deadline that is already due runs in the same turn, not after a 1 ms timer', async () => {
  // Node clamps setTimeout(fn, 0) to 1 ms: the first ICE check after setRemoteDescription waited
  // for it. The driver's timer callback is its #onTimer; record how it is scheduled.
  const scheduled = { timeoutDue: 0, timeoutLater: 0, immediate: 0 };
  const { setTimeout: realTimeout, setImmediate: realImmediate } = globalThis;
  globalThis.setTimeout = (fn, delay, ...args) => {
    if (fn && fn.name === '#onTimer') scheduled[delay > 0 ? 'timeoutLater' : 'timeoutDue']++;
    return realTimeout(fn, delay, ...args);
  };
  globalThis.setImmediate = (fn, ...args) => {
    if (fn && fn.name === '#onTimer') scheduled.immediate++;
    return realImmediate(fn, ...args);
  };
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  try {
    const negotiate = wire(a, b);
    const channel = a.createDataChannel('due');
    const opened = new Promise((resolve) => { channel.onopen = resolve; });
    await negotiate();
    await opened;
  } finally {
    globalThis.setTimeout = realTimeout;
    globalThis.setImmediate = realImmediate;
    a.close();
    b.close();
  }
  expect(scheduled.immediate).toBeGreaterThan(0);  // the first checks, at least
  expect(scheduled.timeoutDue).toBe(0);
  expect(scheduled.timeoutLater).toBeGreaterThan(0);  // deadlines in the future still use timers
});
