// `npm run demo`'s page in Debian's headless Chromium: it must load the wasm core and show a
// fingerprint computed inside wasm.
import http from 'node:http';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../../demo/static_server.mjs';

let server;
let browser;
let url;

beforeAll(async () => {
  ({ server, url } = await startDemoServer({ port: 0 }));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('the demo page shows a wasm-computed certificate fingerprint', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('status').textContent !== 'loading the wasm core…');
  expect(errors).toEqual([]);
  expect(await page.textContent('#status')).toBe('ready');
  const fingerprint = await page.textContent('#fingerprint');
  expect(fingerprint).toMatch(/^sha-256 ([0-9a-f]{2}:){31}[0-9a-f]{2}$/);
  expect(await page.textContent('#openssl')).toMatch(/^OpenSSL 3\.0\./);

  // The button makes a new certificate, so a new fingerprint.
  await page.click('#regenerate');
  await page.waitForFunction((old) => document.getElementById('fingerprint').textContent !== old, fingerprint);
  expect(await page.textContent('#fingerprint')).toMatch(/^sha-256 /);
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
  expect(await rawStatus('/js/..%2f..%2fpackage.json')).toBe(404);
  expect(await rawStatus('/js/..%2fpackage.json')).toBe(404);
});
