// The polyfill in Debian's headless Chromium: in a page and in a Web Worker (which has no
// RTCPeerConnection of its own), wasmrtc runs over the WebSocket relay (wasmrtc-relay) and connects
// to Chromium's own RTCPeerConnection, data both ways.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './helpers/chromium.js';
import { startDemoServer } from '../../demo/static_server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RELAY = process.env.WASMRTC_RELAY || path.join(root, 'build/native/wasmrtc-relay');

let relay;
let relayUrl;
let server;
let url;
let browser;

// Chromium ignores STUN from loopback addresses, so the relayed addresses must be on one of the
// machine's own interfaces (the traffic still never leaves the machine).
function relayIp() {
  const own = Object.values(os.networkInterfaces()).flat().find((i) => i.family === 'IPv4' && !i.internal);
  return own ? own.address : '127.0.0.1';
}

beforeAll(async () => {
  if (!existsSync(RELAY)) throw new Error(`${RELAY} is missing: run the native build first`);
  relay = spawn(RELAY, ['--udp-port', '0', '--tcp-port', '0', '--user', 'page:secret', '--allow-peer', '0.0.0.0/0',
    '--relay-ip', relayIp(), '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve) => relay.stdout.once('data', (d) => resolve(d.toString())));
  relayUrl = `ws://${/tcp=([\d.]+:\d+)/.exec(line)[1]}/`;
  ({ server, url } = await startDemoServer({ port: 0 }));
  // Chromium hides host addresses behind mDNS names a relay cannot reach; tests turn that off.
  browser = await launchChromium(['--disable-features=WebRtcHideLocalIpsWithMdns']);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (relay && relay.exitCode === null) {
    const exited = new Promise((resolve) => relay.once('exit', resolve));
    relay.kill('SIGTERM');
    await exited;
  }
});

// Runs in the page (and, as text, in the worker): signals two W3C peers together and exchanges
// messages; returns what each side received.
const exchangeSource = `
async function exchange(offerer, answerer) {
  const queue = new Map([[offerer, []], [answerer, []]]);
  const ready = new Set();
  const send = (to) => (e) => {
    if (!e.candidate || !e.candidate.candidate) return;
    const c = { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid };
    if (ready.has(to)) to.addIceCandidate(c); else queue.get(to).push(c);
  };
  offerer.onicecandidate = send(answerer);
  answerer.onicecandidate = send(offerer);
  const flush = async (pc) => { ready.add(pc); for (const c of queue.get(pc).splice(0)) await pc.addIceCandidate(c); };
  const announced = new Promise((r) => { answerer.ondatachannel = (e) => r(e.channel); });
  const local = offerer.createDataChannel('chat');
  await offerer.setLocalDescription(await offerer.createOffer());
  await answerer.setRemoteDescription({ type: 'offer', sdp: offerer.localDescription.sdp });
  await flush(answerer);
  await answerer.setLocalDescription(await answerer.createAnswer());
  await offerer.setRemoteDescription({ type: 'answer', sdp: answerer.localDescription.sdp });
  await flush(offerer);
  const remote = await announced;
  const open = (dc) => dc.readyState === 'open' ? null : new Promise((r) => { dc.onopen = r; });
  await Promise.all([open(local), open(remote)]);
  const got = { offerer: [], answerer: [] };
  local.binaryType = remote.binaryType = 'arraybuffer';
  local.onmessage = (e) => got.offerer.push(typeof e.data === 'string' ? e.data : e.data.byteLength);
  remote.onmessage = (e) => got.answerer.push(typeof e.data === 'string' ? e.data : e.data.byteLength);
  local.send('hello answerer');
  local.send(new Uint8Array(60000));
  remote.send('hello offerer');
  const start = Date.now();
  while (got.answerer.length < 2 || got.offerer.length < 1) {
    if (Date.now() - start > 20000) throw new Error('messages did not arrive: ' + JSON.stringify(got));
    await new Promise((r) => setTimeout(r, 10));
  }
  return got;
}`;

test('in a page, wasmrtc over the WebSocket relay talks to Chromium\'s own RTCPeerConnection', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  const result = await page.evaluate(async ({ relayUrl, exchangeSource }) => {
    const NativePC = window.RTCPeerConnection;
    const wasmrtc = await import('/js/index.js');
    // eslint-disable-next-line no-new-func
    const exchange = new Function(`${exchangeSource}; return exchange;`)();
    const ours = new wasmrtc.RTCPeerConnection({
      wasmrtc: { transport: 'websocket', relay: { url: relayUrl, username: 'page', credential: 'secret' } },
    });
    const native = new NativePC();
    const got = await exchange(ours, native);
    const state = ours.connectionState;
    ours.close();
    native.close();
    return { got, state, nativeIsChrome: NativePC !== wasmrtc.RTCPeerConnection };
  }, { relayUrl, exchangeSource });
  expect(errors).toEqual([]);
  expect(result.nativeIsChrome).toBe(true);
  expect(result.state).toBe('connected');
  expect(result.got.answerer).toEqual(['hello answerer', 60000]);
  expect(result.got.offerer).toEqual(['hello offerer']);
}, 60000);

test('in a Web Worker, wasmrtc connects to the page\'s RTCPeerConnection', async () => {
  const page = await browser.newPage();
  await page.goto(url);
  const result = await page.evaluate(async ({ relayUrl }) => {
    // The worker has no RTCPeerConnection: wasmrtc provides it. Signaling goes through postMessage.
    const code = `
      const { RTCPeerConnection } = await import(${JSON.stringify(location.origin)} + '/js/index.js');
      const pc = new RTCPeerConnection({ wasmrtc: { transport: 'websocket',
        relay: { url: ${JSON.stringify(relayUrl)}, username: 'page', credential: 'secret' } } });
      pc.onicecandidate = (e) => e.candidate && postMessage({ candidate: e.candidate.toJSON() });
      pc.ondatachannel = (e) => {
        const dc = e.channel;
        dc.onmessage = (m) => dc.send('echo: ' + m.data);
      };
      const pending = [];
      onmessage = async ({ data }) => {
        if (data.offer) {
          await pc.setRemoteDescription(data.offer);
          for (const c of pending) await pc.addIceCandidate(c);
          await pc.setLocalDescription();
          postMessage({ answer: { type: 'answer', sdp: pc.localDescription.sdp }, hasNative: typeof self.webkitRTCPeerConnection });
        } else if (data.candidate) {
          if (pc.remoteDescription) await pc.addIceCandidate(data.candidate); else pending.push(data.candidate);
        }
      };
      postMessage({ ready: true, workerHadRTCPeerConnection: 'RTCPeerConnection' in self });`;
    const worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })), { type: 'module' });
    const pc = new RTCPeerConnection();
    let workerHad = null;
    const ready = new Promise((resolve) => {
      worker.onmessage = async ({ data }) => {
        if (data.ready) { workerHad = data.workerHadRTCPeerConnection; resolve(); }
        if (data.answer) await pc.setRemoteDescription(data.answer);
        if (data.candidate) await pc.addIceCandidate(data.candidate);
      };
    });
    await ready;
    pc.onicecandidate = (e) => e.candidate && worker.postMessage({ candidate: e.candidate.toJSON() });
    const dc = pc.createDataChannel('worker-chat');
    const echoed = new Promise((resolve) => { dc.onmessage = (m) => resolve(m.data); });
    dc.onopen = () => dc.send('hi worker');
    await pc.setLocalDescription();
    worker.postMessage({ offer: { type: 'offer', sdp: pc.localDescription.sdp } });
    const reply = await Promise.race([echoed, new Promise((_, reject) => setTimeout(() => reject(new Error('no echo')), 20000))]);
    pc.close();
    worker.terminate();
    return { reply, workerHad };
  }, { relayUrl });
  expect(result.workerHad).toBe(false);
  expect(result.reply).toBe('echo: hi worker');
}, 60000);
