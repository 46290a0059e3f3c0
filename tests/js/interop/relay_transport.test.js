// The relay transport end to end: a wasmrtc RTCPeerConnection with no UDP at all (only a WebSocket
// to wasmrtc-relay, as in a browser page or a Web Worker) talks to peers on plain UDP — another
// wasmrtc peer and libwebrtc (@roamhq/wrtc) — and to another WebSocket-only peer through the same
// relay. The relay is the native `wasmrtc-relay` program, started here on ephemeral ports.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { WebSocket } from 'ws';
import { RTCPeerConnection } from '../../../js/index.js';
import { exchange, selectedLocalType } from './exchange.js';
import { PEERS, closePeer } from './peers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const RELAY = process.env.WASMRTC_RELAY || path.join(root, 'build/native/wasmrtc-relay');

let relay;
let relayUrl;

beforeAll(async () => {
  if (!existsSync(RELAY)) throw new Error(`${RELAY} is missing: run the native build first`);
  // 127.0.0.1 and the machine's own addresses are where the UDP peers gather candidates.
  relay = spawn(RELAY, ['--udp-port', '0', '--tcp-port', '0', '--user', 'alice:wonderland', '--allow-peer', '0.0.0.0/0',
    '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    relay.stdout.once('data', (d) => resolve(d.toString()));
    relay.once('exit', (code) => reject(new Error(`wasmrtc-relay exited with ${code}`)));
  });
  relayUrl = `ws://${/tcp=([\d.]+:\d+)/.exec(line)[1]}/`;
});

afterAll(async () => {
  if (!relay || relay.exitCode !== null) return;
  const exited = new Promise((resolve) => relay.once('exit', resolve));
  relay.kill('SIGTERM');
  await exited;
});

const overRelay = (credential = 'wonderland') => new RTCPeerConnection({
  wasmrtc: { transport: 'websocket', relay: { url: relayUrl, username: 'alice', credential }, WebSocket },
});

test('a WebSocket-only wasmrtc peer reaches a UDP wasmrtc peer through the relay, both ways', async () => {
  const ws = overRelay();
  const udp = new RTCPeerConnection();
  try {
    await exchange(ws, udp);
    expect(await selectedLocalType(ws)).toBe('relay');
  } finally {
    ws.close();
    udp.close();
  }
}, 40000);

test('a WebSocket-only wasmrtc peer reaches libwebrtc (@roamhq/wrtc) on UDP through the relay', async () => {
  const Wrtc = PEERS.libwebrtc();
  const ws = overRelay();
  const other = new Wrtc({ iceServers: [] });
  try {
    await exchange(other, ws);  // libwebrtc offers this time
    expect(ws.connectionState).toBe('connected');
  } finally {
    ws.close();
    closePeer(other);
  }
}, 40000);

test('two WebSocket-only peers reach each other through two allocations on the same relay', async () => {
  const a = overRelay();
  const b = overRelay();
  try {
    await exchange(a, b);
    expect(await selectedLocalType(a)).toBe('relay');
    expect(await selectedLocalType(b)).toBe('relay');
  } finally {
    a.close();
    b.close();
  }
}, 40000);

test('a wrong relay credential gathers no candidate and never connects', async () => {
  const pc = overRelay('not-the-password');
  try {
    const candidates = [];
    pc.onicecandidate = (e) => candidates.push(e.candidate);
    pc.createDataChannel('x');
    await pc.setLocalDescription();
    const start = Date.now();
    while (pc.iceGatheringState !== 'complete') {
      if (Date.now() - start > 20000) throw new Error('gathering did not complete');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(candidates).toEqual([null]);  // only the end-of-candidates null
  } finally {
    pc.close();
  }
}, 40000);
