// `npm run demo`'s chat pages in Debian's headless Chromium, against the demo's own servers
// (startDemo: wasmrtc-relay, signaling, /config.json, static files), as a person would use them:
// two tabs join a room and chat both ways. Chromium runs with its defaults (mDNS host names on), as
// a normal browser does: a native tab reaches a wasmrtc tab only through TURN on the demo's relay.
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { launchChromium } from './helpers/chromium.js';
import { startDemo } from '../../demo/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(root, 'build/artifacts');

let demo;
let browser;
let rooms = 0;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  demo = await startDemo({ port: 0 });
  browser = await launchChromium();
}, 60000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

/** Opens `page` (chat.html or worker.html) in a new tab, joined to `room`; resolves once it can chat. */
async function openTab(pageName, room, impl) {
  const page = await browser.newPage();
  page.errors = [];
  page.on('pageerror', (err) => page.errors.push(err.message));
  const query = new URLSearchParams({ room, ...(impl ? { impl } : {}) });
  await page.goto(`${demo.url}${pageName}?${query}`);
  return page;
}

/** Waits until both tabs can send (their data channel is open). */
async function bothOpen(a, b) {
  const enabled = (page) => page.waitForSelector('#message:not([disabled])', { timeout: 60000 })
    .catch(async (err) => { throw new Error(`${err.message}\nstatus: ${await page.textContent('#status')}`); });
  await Promise.all([enabled(a), enabled(b)]);
}

async function say(page, text) {
  await page.fill('#message', text);
  await page.press('#message', 'Enter');
}

/** The texts of the peer's messages in a tab's log, once there are `count` of them. */
async function peerMessages(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('#log li.peer').length >= n, count, { timeout: 20000 });
  return page.$$eval('#log li.peer', (items) => items.map((li) => li.lastChild.textContent));
}

/** Whether the tab loaded the wasm core: true for wasmrtc tabs, false for the browser's own WebRTC. */
const loadedWasm = (page) => page.evaluate(() => performance.getEntriesByType('resource')
  .some((entry) => entry.name.endsWith('/js/dist/wasmrtc_core.wasm')));

/** The candidate types {local, remote} of the selected pair, from the tab's getStats(). */
const selectedPairTypes = (page) => page.evaluate(async () => {
  const stats = await globalThis.demoConnection.pc.getStats();
  const transport = [...stats.values()].find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = stats.get(transport.selectedCandidatePairId);
  return { local: stats.get(pair.localCandidateId).candidateType, remote: stats.get(pair.remoteCandidateId).candidateType };
});

async function chatBothWays(a, b, label) {
  await bothOpen(a, b);
  await say(a, `hello from A (${label})`);
  await say(b, `hello from B (${label})`);
  await say(a, 'how are you? ünïcødé ✓');
  expect(await peerMessages(b, 2)).toEqual([`hello from A (${label})`, 'how are you? ünïcødé ✓']);
  expect(await peerMessages(a, 1)).toEqual([`hello from B (${label})`]);
  // What the sender showed as its own.
  expect(await a.$$eval('#log li.me', (items) => items.map((li) => li.lastChild.textContent)))
    .toEqual([`hello from A (${label})`, 'how are you? ünïcødé ✓']);
}

const room = (name) => `${name}-${process.pid}-${++rooms}`;

test('the index page links to every demo page, and each one is served', async () => {
  const page = await browser.newPage();
  await page.goto(demo.url);
  const links = await page.$$eval('.pages a', (anchors) => anchors.map((a) => a.getAttribute('href')));
  expect(links).toEqual(['chat.html', 'file.html', 'stats.html', 'worker.html']);
  for (const link of links) expect((await fetch(new URL(link, demo.url))).status).toBe(200);
  await page.screenshot({ path: path.join(ARTIFACTS, 'demo-index.png'), fullPage: true });
  await page.close();
});

test('/config.json hands out a fresh TURN REST credential for the relay', async () => {
  const config = await (await fetch(new URL('config.json', demo.url))).json();
  const { udp, tcp } = demo.relay;
  expect(config.relay.url).toBe(`ws://${tcp.host}:${tcp.port}/`);
  expect(config.iceServers).toEqual([{
    urls: [`turn:${udp.host}:${udp.port}?transport=udp`, `turn:${tcp.host}:${tcp.port}?transport=tcp`],
    username: config.relay.username,
    credential: config.relay.credential,
  }]);
  const [expiry, user] = config.relay.username.split(':');
  expect(user).toBe('demo');
  const lifetime = Number(expiry) - Date.now() / 1000;
  expect(lifetime).toBeGreaterThan(3500);
  expect(lifetime).toBeLessThanOrEqual(3600);
  expect(config.relay.credential).toMatch(/^[A-Za-z0-9+/]{27}=$/);   // base64 of 20 bytes (SHA-1)
});

test('the signaling server holds two peers per room and tells the second to offer', async () => {
  const signalUrl = `${demo.url.replace('http', 'ws')}signal`;
  const join = (name) => new Promise((resolve, reject) => {
    const ws = new WebSocket(signalUrl);
    ws.received = [];
    ws.on('message', (m) => {
      ws.received.push(JSON.parse(m));
      if (ws.received.length === 1) resolve(ws);
    });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'join', room: name })));
    ws.on('error', reject);
  });
  const name = room('signaling');
  const first = await join(name);
  const second = await join(name);
  const third = await join(name);
  expect(first.received[0]).toEqual({ type: 'joined', room: name, offerer: false });
  expect(second.received[0]).toEqual({ type: 'joined', room: name, offerer: true });
  expect(third.received[0]).toEqual({ type: 'error', message: `room "${name}" already has two peers` });
  second.send(JSON.stringify({ type: 'signal', data: { hello: 1 } }));
  second.close();
  await new Promise((resolve) => { first.on('message', () => first.received.length >= 4 && resolve()); });
  expect(first.received.slice(1)).toEqual([{ type: 'peer-joined' }, { type: 'signal', data: { hello: 1 } }, { type: 'peer-left' }]);
  first.close();
  third.close();
});

test('two wasmrtc tabs chat both ways through the relay', async () => {
  const name = room('wasm');
  const a = await openTab('chat.html', name, 'wasmrtc');
  const b = await openTab('chat.html', name, 'wasmrtc');
  await chatBothWays(a, b, 'wasmrtc and wasmrtc');
  expect(await loadedWasm(a)).toBe(true);
  expect(await loadedWasm(b)).toBe(true);
  expect(await a.textContent('#status')).toMatch(/connected|open/);
  await b.screenshot({ path: path.join(ARTIFACTS, 'demo-chat.png'), fullPage: true });
  expect([...a.errors, ...b.errors]).toEqual([]);
  await Promise.all([a.close(), b.close()]);
}, 120000);

test('a tab with the browser\'s own WebRTC and a wasmrtc tab chat both ways', async () => {
  const name = room('mixed');
  const native = await openTab('chat.html', name, 'native');
  const ours = await openTab('chat.html', name, 'wasmrtc');
  await chatBothWays(native, ours, 'native and wasmrtc');
  expect(await loadedWasm(native)).toBe(false);
  expect(await loadedWasm(ours)).toBe(true);
  // wasmrtc's only candidate is its relayed address; Chromium's host candidates are mDNS names
  // wasmrtc cannot resolve, so Chromium's side is a candidate it learnt from the demo's relay
  // through iceServers (server-reflexive or relayed; on loopback it gets both).
  const pair = await selectedPairTypes(native);
  expect(pair.remote).toBe('relay');
  expect(['srflx', 'relay']).toContain(pair.local);
  await native.screenshot({ path: path.join(ARTIFACTS, 'demo-chat-native.png'), fullPage: true });
  expect([...native.errors, ...ours.errors]).toEqual([]);
  await Promise.all([native.close(), ours.close()]);
}, 120000);

test('the worker page (wasmrtc inside a Web Worker) chats with a native tab', async () => {
  const name = room('worker');
  const worker = await openTab('worker.html', name);
  const native = await openTab('chat.html', name, 'native');
  await chatBothWays(worker, native, 'worker and native');
  // The worker had no RTCPeerConnection of its own: the connection is wasmrtc's.
  expect(await worker.getAttribute('#worker-info', 'data-native')).toBe('false');
  expect(await loadedWasm(native)).toBe(false);
  await worker.screenshot({ path: path.join(ARTIFACTS, 'demo-worker.png'), fullPage: true });
  expect([...worker.errors, ...native.errors]).toEqual([]);
  await Promise.all([worker.close(), native.close()]);
}, 120000);

test('when the other tab leaves, a tab waits in its room and chats with the next one', async () => {
  const name = room('rejoin');
  const stays = await openTab('chat.html', name, 'wasmrtc');
  const first = await openTab('chat.html', name, 'native');
  await bothOpen(stays, first);
  await first.close();   // as closing the tab does: its signaling socket goes, the room says peer-left
  await stays.waitForSelector('#status[data-phase=waiting]', { timeout: 20000 });
  expect(await stays.isDisabled('#message')).toBe(true);
  const next = await openTab('chat.html', name, 'wasmrtc');
  await bothOpen(stays, next);
  await say(next, 'I am the next one');
  await say(stays, 'welcome');
  expect(await peerMessages(stays, 1)).toEqual(['I am the next one']);
  expect(await peerMessages(next, 1)).toEqual(['welcome']);
  expect([...stays.errors, ...next.errors]).toEqual([]);
  await Promise.all([stays.close(), next.close()]);
}, 120000);

test('the demo stops cleanly: the relay exits on SIGTERM and every port is closed', async () => {
  const { relay, url } = demo;
  const refused = (port, host = '127.0.0.1') => new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(false); });
    socket.once('error', (err) => resolve(err.code === 'ECONNREFUSED'));
  });
  const httpPort = Number(new URL(url).port);
  expect(await refused(httpPort)).toBe(false);
  expect(await refused(relay.tcp.port, relay.tcp.host)).toBe(false);
  await demo.stop();
  expect(relay.process.exitCode).toBe(0);   // exit 0 means it handled SIGTERM (a kill would leave a signal)
  expect(relay.process.signalCode).toBe(null);
  expect(await refused(httpPort)).toBe(true);
  expect(await refused(relay.tcp.port, relay.tcp.host)).toBe(true);
});
