// RTCConfiguration.iceServers used the way a browser uses them: TURN over UDP, TCP and TLS
// (turn:…?transport=udp|tcp, turns:), against this repo's wasmrtc-relay and Debian's coturn, with
// iceTransportPolicy 'relay' so the connection can only work through the server. A server that
// cannot be reached becomes an icecandidateerror and gathering still completes.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RTCPeerConnection } from '../../../js/index.js';
import { exchange, selectedLocalType } from './exchange.js';
import { PEERS, closePeer } from './peers.js';
import { makeCertificate, startCoturn, startWasmrtcRelay } from './turn_servers.js';

let dir;
let certificate;
let relay;
let coturn;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wasmrtc-ice-servers-'));
  certificate = makeCertificate(dir);
  relay = await startWasmrtcRelay({ tls: certificate });
  coturn = await startCoturn();
}, 30000);

afterAll(async () => {
  await relay?.stop();
  await coturn?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function relayOnly(url, extra = {}) {
  return new RTCPeerConnection({
    iceServers: [{ urls: url, username: 'alice', credential: 'secret' }],
    iceTransportPolicy: 'relay',
    ...extra,
  });
}

function candidatesOf(pc) {
  const list = [];
  pc.addEventListener('icecandidate', (e) => { if (e.candidate) list.push(e.candidate.candidate); });
  return list;
}

const CASES = [
  ['wasmrtc-relay', 'UDP', () => `turn:${relay.udp}?transport=udp`],
  ['wasmrtc-relay', 'TCP', () => `turn:${relay.tcp}?transport=tcp`],
  ['coturn', 'UDP', () => `turn:${coturn.udp}`],
  ['coturn', 'TCP', () => `turn:${coturn.tcp}?transport=tcp`],
];

test.each(CASES)('relay-only peers connect through %s over TURN/%s and every candidate is relayed', async (name, transport, url) => {
  const a = relayOnly(url());
  const b = relayOnly(url());
  const candidates = [candidatesOf(a), candidatesOf(b)];
  try {
    await exchange(a, b);
    expect(await selectedLocalType(a)).toBe('relay');
    expect(await selectedLocalType(b)).toBe('relay');
    for (const list of candidates) {
      expect(list.length).toBeGreaterThan(0);
      for (const c of list) expect(c).toMatch(/ typ relay /);
    }
  } finally {
    a.close();
    b.close();
  }
}, 40000);

test('turns: (TLS) to wasmrtc-relay, checked against the server certificate', async () => {
  const tls = { ca: certificate.pem };
  const a = relayOnly(`turns:${relay.tcp}`, { wasmrtc: { tls } });
  const b = relayOnly(`turns:${relay.tcp}`, { wasmrtc: { tls } });
  try {
    await exchange(a, b);
    expect(await selectedLocalType(a)).toBe('relay');
  } finally {
    a.close();
    b.close();
  }
}, 40000);

test('turns: with a certificate the client does not trust is an icecandidateerror, not a connection', async () => {
  const pc = relayOnly(`turns:${relay.tcp}`);
  const errors = [];
  pc.onicecandidateerror = (e) => errors.push(e);
  const candidates = candidatesOf(pc);
  try {
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    await waitFor(() => pc.iceGatheringState === 'complete');
    expect(candidates).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0].errorCode).toBe(701);
    expect(errors[0].url).toBe(`turns:${relay.tcp}`);
  } finally {
    pc.close();
  }
}, 30000);

test('without sockets, a turn: URL of iceServers names the WebSocket relay on the same host and port', async () => {
  const { WebSocket } = await import('ws');
  const ws = new RTCPeerConnection({
    iceServers: [{ urls: `turn:${relay.tcp}?transport=tcp`, username: 'alice', credential: 'secret' }],
    wasmrtc: { transport: 'websocket', WebSocket },
  });
  const udp = new RTCPeerConnection();
  const candidates = candidatesOf(ws);
  try {
    await exchange(ws, udp);
    expect(await selectedLocalType(ws)).toBe('relay');
    for (const c of candidates) expect(c).toMatch(/ typ relay /);
  } finally {
    ws.close();
    udp.close();
  }
}, 40000);

test('libwebrtc on host candidates reaches a relay-only wasmrtc peer through coturn', async () => {
  const Wrtc = PEERS.libwebrtc();
  const other = new Wrtc({ iceServers: [] });
  const ours = relayOnly(`turn:${coturn.udp}`);
  try {
    await exchange(other, ours);
    expect(await selectedLocalType(ours)).toBe('relay');
  } finally {
    ours.close();
    closePeer(other);
  }
}, 40000);

test('an unreachable TURN server is an icecandidateerror and gathering still completes with the others', async () => {
  const pc = new RTCPeerConnection({
    iceServers: [
      { urls: 'turn:127.0.0.1:9?transport=tcp', username: 'alice', credential: 'secret' },  // discard port: refused
      { urls: `turn:${relay.udp}`, username: 'alice', credential: 'secret' },
    ],
  });
  const errors = [];
  pc.onicecandidateerror = (e) => errors.push({ url: e.url, errorCode: e.errorCode, text: e.errorText });
  const candidates = candidatesOf(pc);
  try {
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    await waitFor(() => pc.iceGatheringState === 'complete');
    expect(errors).toEqual([{ url: 'turn:127.0.0.1:9?transport=tcp', errorCode: 701, text: expect.any(String) }]);
    expect(candidates.some((c) => / typ host /.test(c))).toBe(true);
    expect(candidates.some((c) => / typ relay /.test(c))).toBe(true);
  } finally {
    pc.close();
  }
}, 30000);

// A STUN server written for the test: it answers every Binding request with a mapped address the
// machine does not have (as a NAT would), so a server-reflexive candidate can only come from it.
async function fakeStunServer(mapped) {
  const dgram = await import('node:dgram');
  const socket = dgram.createSocket('udp4');
  const requests = [];
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 20 || msg.readUInt16BE(0) !== 0x0001) return;
    requests.push(rinfo);
    const reply = Buffer.alloc(32);
    reply.writeUInt16BE(0x0101, 0);           // Binding success response
    reply.writeUInt16BE(12, 2);
    msg.copy(reply, 4, 4, 20);                // magic cookie and transaction id
    reply.writeUInt16BE(0x0020, 20);          // XOR-MAPPED-ADDRESS
    reply.writeUInt16BE(8, 22);
    reply.writeUInt16BE(0x0001, 24);          // IPv4
    reply.writeUInt16BE(mapped.port ^ 0x2112, 26);
    const ip = mapped.address.split('.').reduce((n, b) => (n * 256) + Number(b), 0);
    reply.writeUInt32BE((ip ^ 0x2112a442) >>> 0, 28);
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { url: `stun:127.0.0.1:${socket.address().port}`, requests, close: () => socket.close() };
}

test('a STUN server gives a server-reflexive candidate; iceTransportPolicy relay does not ask it', async () => {
  const stun = await fakeStunServer({ address: '203.0.113.7', port: 40000 });
  const pc = new RTCPeerConnection({ iceServers: [{ urls: stun.url }] });
  const relayPc = new RTCPeerConnection({ iceServers: [{ urls: stun.url }], iceTransportPolicy: 'relay' });
  const candidates = candidatesOf(pc);
  const relayCandidates = candidatesOf(relayPc);
  try {
    for (const p of [pc, relayPc]) {
      p.createDataChannel('x');
      await p.setLocalDescription();
    }
    await waitFor(() => pc.iceGatheringState === 'complete' && relayPc.iceGatheringState === 'complete');
    const reflexive = candidates.filter((c) => / typ srflx /.test(c));
    expect(reflexive.length).toBeGreaterThanOrEqual(1);
    for (const c of reflexive) expect(c).toMatch(/ 203\.0\.113\.7 40000 typ srflx raddr [\d.]+ rport \d+/);
    expect(relayCandidates).toEqual([]);
    // Only the non-relay peer asked, once per host socket.
    expect(new Set(stun.requests.map((r) => `${r.address}:${r.port}`)).size).toBe(reflexive.length);
  } finally {
    pc.close();
    relayPc.close();
    stun.close();
  }
}, 30000);

// `a` restarts ICE and the two renegotiate; resolves with the candidates `a` gathered in the new
// generation (`candidates` is candidatesOf(a)) once it signalled the end of them.
async function restartAndRenegotiate(a, b, candidates) {
  const before = candidates.length;
  const gathered = new Promise((resolve) => {
    a.addEventListener('icecandidate', (e) => { if (!e.candidate) resolve(); });
  });
  a.restartIce();
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  await gathered;
  return candidates.slice(before);
}

async function waitFor(condition, ms = 20000) {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// webrtc-pc §4.4.1.6 / JSEP §4.1.18: a changed iceTransportPolicy takes effect at the next gathering
// phase, so an application restarts ICE to apply it (WPT RTCConfiguration-iceTransportPolicy).
test('a changed iceTransportPolicy applies from the next ICE restart: relay -> all connects, all -> relay offers nothing', async () => {
  const stun = await fakeStunServer({ address: '203.0.113.7', port: 40000 });
  const a = new RTCPeerConnection({ iceServers: [{ urls: stun.url }], iceTransportPolicy: 'relay' });
  const b = new RTCPeerConnection();
  const candidates = candidatesOf(a);
  a.addEventListener('icecandidate', (e) => { if (e.candidate) b.addIceCandidate(e.candidate).catch(() => {}); });
  b.addEventListener('icecandidate', (e) => { if (e.candidate) a.addIceCandidate(e.candidate).catch(() => {}); });
  try {
    const channel = a.createDataChannel('policy');
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
    await waitFor(() => a.iceGatheringState === 'complete');
    await new Promise((r) => setTimeout(r, 300));
    expect(candidates).toEqual([]);  // relay and no TURN server: nothing to offer
    expect(stun.requests.length).toBe(0);
    expect(channel.readyState).toBe('connecting');

    a.setConfiguration({ iceServers: [{ urls: stun.url }], iceTransportPolicy: 'all' });
    await new Promise((r) => setTimeout(r, 200));
    expect(candidates).toEqual([]);  // not before a restart
    await restartAndRenegotiate(a, b, candidates);
    await waitFor(() => channel.readyState === 'open');
    expect(candidates.some((c) => / typ host /.test(c))).toBe(true);
    expect(candidates.some((c) => / 203\.0\.113\.7 40000 typ srflx /.test(c))).toBe(true);

    // all -> relay: the next restart offers no candidate and asks the STUN server no more.
    a.setConfiguration({ iceServers: [{ urls: stun.url }], iceTransportPolicy: 'relay' });
    const asked = stun.requests.length;
    expect(await restartAndRenegotiate(a, b, candidates)).toEqual([]);
    expect(stun.requests.length).toBe(asked);
  } finally {
    a.close();
    b.close();
    stun.close();
  }
}, 30000);

test('a TURN server removed by setConfiguration() is released and not offered after the next ICE restart', async () => {
  const own = await startWasmrtcRelay();  // a relay of its own: its allocation count is this test's
  const allocations = async () => {
    const text = await (await fetch(`http://${own.tcp}/metrics`)).text();
    return Number(/^wasmrtc_relay_allocations (\d+)/m.exec(text)[1]);
  };
  const a = new RTCPeerConnection({ iceServers: [{ urls: `turn:${own.udp}`, username: 'alice', credential: 'secret' }] });
  const b = new RTCPeerConnection();
  const candidates = candidatesOf(a);
  try {
    await exchange(a, b);  // connected on host candidates; the relayed one is offered too
    await waitFor(() => candidates.some((c) => / typ relay /.test(c)));
    expect(await allocations()).toBe(1);

    a.setConfiguration({ iceServers: [] });
    const fresh = await restartAndRenegotiate(a, b, candidates);
    expect(fresh.some((c) => / typ host /.test(c))).toBe(true);
    expect(fresh.filter((c) => / typ relay /.test(c))).toEqual([]);
    const start = Date.now();
    while (await allocations() !== 0) {
      if (Date.now() - start > 5000) throw new Error('the allocation was not released');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    a.close();
    b.close();
    await own.stop();
  }
}, 30000);

test('iceServers given by setConfiguration() are used from the next ICE restart', async () => {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const candidates = candidatesOf(a);
  try {
    await exchange(a, b);
    expect(candidates.some((c) => / typ relay /.test(c))).toBe(false);
    const url = `turn:${coturn.udp}`;  // an independent TURN server
    a.setConfiguration({ iceServers: [{ urls: url, username: 'alice', credential: 'secret' }] });
    expect(a.getConfiguration().iceServers[0].urls).toBe(url);
    await new Promise((r) => setTimeout(r, 300));
    expect(candidates.some((c) => / typ relay /.test(c))).toBe(false);  // not before a restart

    const fresh = await restartAndRenegotiate(a, b, candidates);
    const ufrag = /a=ice-ufrag:(\S+)/.exec(a.localDescription.sdp)[1];
    const relayed = fresh.filter((c) => / typ relay /.test(c));
    expect(relayed.length).toBeGreaterThan(0);
    expect(relayed.every((c) => c.includes(`ufrag ${ufrag}`))).toBe(true);
  } finally {
    a.close();
    b.close();
  }
}, 30000);
