// An application that imports 'wasmrtc', bundled by webpack 5 for the browser the way a user's
// build would (the package found in node_modules, its "browser" export, default settings), then
// run in Chromium from the bundle's own folder only: webpack must emit the .wasm beside the bundle
// (js/src/core.js writes its URL out whole) and must not trip over the Node-only imports
// (js/src/node_builtin.js). In the page two wasmrtc peers connect through wasmrtc-relay and
// exchange a message.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './helpers/chromium.js';
import webpack from 'webpack';
import { startWasmrtcRelay } from './interop/turn_servers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The application: what a user writes.
const APP = `
import { RTCPeerConnection } from 'wasmrtc';

window.connectTwoPeers = async (turn) => {
  const config = { iceServers: [{ urls: turn, username: 'alice', credential: 'secret' }] };
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  const channel = a.createDataChannel('bundled');
  const received = new Promise((resolve) => {
    b.ondatachannel = (e) => { e.channel.onmessage = (m) => resolve(m.data); };
  });
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  await new Promise((resolve) => { channel.onopen = resolve; });
  channel.send('hello from a webpack bundle');
  const message = await received;
  a.close();
  b.close();
  return { message, isWasmrtc: !(a instanceof window.RTCPeerConnection) };  // not Chromium's own
};
`;

let dir;
let relay;
let server;
let browser;

function build(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      return resolve(stats);
    });
  });
}

function serve(folder) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
  const http = createServer(async (req, res) => {
    const file = path.join(folder, path.normalize(new URL(req.url, 'http://x').pathname));
    try {
      const body = await readFile(file.endsWith(path.sep) ? path.join(file, 'index.html') : file);
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'text/html' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(http)));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wasmrtc-webpack-'));
  // The package as an application's node_modules holds it.
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(root, path.join(dir, 'node_modules', 'wasmrtc'), 'dir');
  writeFileSync(path.join(dir, 'app.js'), APP);
  relay = await startWasmrtcRelay();
  browser = await launchChromium();
}, 30000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  await relay?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('webpack bundles wasmrtc for the browser: the .wasm is emitted and two peers connect from the bundle', async () => {
  const out = path.join(dir, 'dist');
  const stats = await build({
    mode: 'production',
    target: 'web',
    context: dir,
    entry: './app.js',
    output: { path: out, filename: 'app.bundle.js' },
    resolve: { modules: [path.join(dir, 'node_modules')] },
    performance: { hints: false },
  });
  const warnings = stats.toJson({ all: false, warnings: true }).warnings.map((w) => w.message);
  expect(warnings).toEqual([]);
  const emitted = readdirSync(out);
  const wasm = emitted.filter((f) => f.endsWith('.wasm'));
  expect(wasm).toHaveLength(1);
  expect(statSync(path.join(out, wasm[0])).size).toBe(statSync(path.join(root, 'js/dist/wasmrtc_core.wasm')).size);
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><script src="app.bundle.js"></script>');

  server = await serve(out);  // only the bundle's folder: nothing can come from the repository
  const page = await browser.newPage();
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
  try {
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => typeof window.connectTwoPeers === 'function');
    const result = await page.evaluate((turn) => window.connectTwoPeers(turn), `turn:${relay.tcp}?transport=tcp`);
    expect(result.message).toBe('hello from a webpack bundle');
    expect(result.isWasmrtc).toBe(true);
    expect(failed).toEqual([]);
  } finally {
    await page.close();
  }
}, 60000);
