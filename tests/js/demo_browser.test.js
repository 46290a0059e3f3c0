// The demo's static side in Debian's headless Chromium, without the relay or signaling
// (static_server.mjs alone): the pages load without script errors, the implementation switch
// keeps its choice in the URL, and the server serves the wasm with its MIME type and nothing
// outside its two folders. tests/js/demo_chat.test.js connects tabs through the whole demo.
import http from 'node:http';
import { launchChromium } from './helpers/chromium.js';
import { startDemoServer } from '../../demo/static_server.mjs';

let server;
let browser;
let url;

beforeAll(async () => {
  ({ server, url } = await startDemoServer({ port: 0 }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('the chat page\'s switch chooses the implementation and keeps it in the URL', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${url}chat.html`);
  // wasmrtc by default; the labels are what a person reads.
  expect(await page.$$eval('.impl-switch label', (labels) => labels.map((l) => l.textContent)))
    .toEqual(["browser's own WebRTC", 'wasmrtc']);
  expect(await page.isChecked('#impl-wasmrtc')).toBe(true);
  await page.click('label[for=impl-native]');
  expect(new URL(page.url()).searchParams.get('impl')).toBe('native');
  await page.reload();
  expect(await page.isChecked('#impl-native')).toBe(true);
  expect(await page.isDisabled('#message')).toBe(true);   // nothing to send to before joining
  expect(errors).toEqual([]);
  await page.close();
});

test('the worker page\'s worker starts and has no RTCPeerConnection of its own', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${url}worker.html`);
  await page.waitForSelector('#worker-info[data-native]');
  expect(await page.getAttribute('#worker-info', 'data-native')).toBe('false');
  expect(errors).toEqual([]);
  await page.close();
});

test('the server serves the wasm module with its MIME type and refuses path escapes', async () => {
  const wasm = await fetch(new URL('js/dist/wasmrtc_core.wasm', url));
  expect(wasm.status).toBe(200);
  expect(wasm.headers.get('content-type')).toBe('application/wasm');
  // fetch() would normalise the dots away; send the raw path.
  const rawStatus = (path) => new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: new URL(url).port, path }, (res) => { res.resume(); resolve(res.statusCode); })
      .on('error', reject);
  });
  expect(await rawStatus('/js/index.js')).toBe(200);
  expect(await rawStatus('/lib/connect.js')).toBe(200);
  expect(await rawStatus('/js/..%2f..%2fpackage.json')).toBe(404);
  expect(await rawStatus('/js/..%2fpackage.json')).toBe(404);
  expect(await rawStatus('/..%2fserver.mjs')).toBe(404);
});
