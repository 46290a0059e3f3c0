// PeerJS (the `peerjs` package, unmodified) on wasmrtc: in a Chromium page whose RTCPeerConnection,
// RTCSessionDescription and RTCIceCandidate are wasmrtc's (install(window, {force: true}) before
// PeerJS loads, so webrtc-adapter's shims wrap wasmrtc's classes), two Peers signal through the
// `peer` package's PeerServer and open DataConnections through wasmrtc-relay (a page has no UDP).
// Each of PeerJS's serializations carries an object, a string and a 100 KB binary message (which
// PeerJS's binary mode splits into chunks) both ways.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { launchChromium } from '../helpers/chromium.js';
import { startDemoServer } from '../../../demo/static_server.mjs';
import { startWasmrtcRelay } from './turn_servers.js';

const require = createRequire(import.meta.url);
const PEERJS = require.resolve('peerjs/dist/peerjs.min.js');
const PEER_SERVER = new URL('../helpers/peer_server_process.mjs', import.meta.url);

let relay;
let peerServer;
let peerPort;
let pages;
let browser;

beforeAll(async () => {
  relay = await startWasmrtcRelay();
  // PeerJS's own signalling server (its WebSocket path: /peerjs), on a free port.
  peerServer = spawn(process.execPath, [PEER_SERVER.pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  peerPort = await new Promise((resolve, reject) => {
    peerServer.stdout.once('data', (d) => resolve(Number(/port (\d+)/.exec(d.toString())[1])));
    peerServer.once('exit', (code) => reject(new Error(`the PeerServer exited with ${code}`)));
  });
  pages = await startDemoServer({ port: 0 });
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pages?.server.close(resolve));
  if (peerServer && peerServer.exitCode === null) {
    const exited = new Promise((resolve) => peerServer.once('exit', resolve));
    peerServer.kill('SIGTERM');
    await exited;
  }
  await relay?.stop();
});

// Runs in the page: two Peers, one DataConnection per serialization, every message echoed back.
async function inPage({ peerPort, turn }) {
  const { Peer } = window.peerjs;
  const wasmrtc = await import('/js/index.js');
  const config = { iceServers: [{ urls: turn, username: 'alice', credential: 'secret' }] };
  const open = (id) => new Promise((resolve, reject) => {
    const peer = new Peer(id, { host: '127.0.0.1', port: peerPort, path: '/', config, debug: 0 });
    peer.on('open', () => resolve(peer));
    peer.on('error', (err) => reject(new Error(`${id}: ${err.type} ${err.message}`)));
  });
  const suffix = Math.random().toString(36).slice(2, 8);
  const alice = await open(`alice-${suffix}`);
  const bob = await open(`bob-${suffix}`);
  // bob echoes whatever arrives on any connection.
  bob.on('connection', (conn) => conn.on('data', (data) => conn.send(data)));
  const big = new Uint8Array(100 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 31 + 7) & 0xff;
  const describe = (data) => {
    if (data instanceof ArrayBuffer) data = new Uint8Array(data);
    if (ArrayBuffer.isView(data)) {
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      let sum = 0;
      for (const b of bytes) sum = (sum * 33 + b) >>> 0;
      return { bytes: bytes.length, sum };
    }
    return data;
  };
  const results = {};
  for (const serialization of ['binary', 'json']) {
    const conn = alice.connect(bob.id, { serialization, reliable: true });
    await new Promise((resolve, reject) => {
      conn.on('open', resolve);
      conn.on('error', reject);
    });
    const messages = [{ hello: 'bob', n: 1, list: [1, 2, 3] }, 'a string ✓'];
    if (serialization === 'binary') messages.push(big);
    const echoed = [];
    const done = new Promise((resolve) => conn.on('data', (data) => {
      echoed.push(describe(data));
      if (echoed.length === messages.length) resolve();
    }));
    for (const m of messages) conn.send(m);
    await done;
    results[serialization] = { sent: messages.map(describe), echoed,
      onWasmrtc: conn.peerConnection instanceof wasmrtc.RTCPeerConnection };
    conn.close();
  }
  alice.destroy();
  bob.destroy();
  return results;
}

test('PeerJS peers connect through wasmrtc in a page and echo objects, strings and chunked binary', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(pages.url);
    await page.evaluate(async () => {
      const wasmrtc = await import('/js/index.js');
      wasmrtc.install(window, { force: true });
    });
    await page.addScriptTag({ path: PEERJS });
    const results = await page.evaluate(inPage, { peerPort, turn: `turn:${relay.tcp}?transport=tcp` });
    for (const serialization of ['binary', 'json']) {
      const { sent, echoed, onWasmrtc } = results[serialization];
      expect(onWasmrtc).toBe(true);
      expect(echoed).toEqual(sent);
    }
    expect(results.binary.echoed[2]).toEqual({ bytes: 100 * 1024, sum: results.binary.sent[2].sum });
    expect(errors).toEqual([]);
  } finally {
    await page.close();
  }
}, 60000);
