// The demo's file transfer page (file.html) and live stats page (stats.html).
// First the page libraries alone in Node (lib/file_transfer.js over a simulated channel pair,
// lib/stats_summary.js over hand-written reports), then the pages in Debian's headless Chromium
// against the demo's own servers (startDemo: wasmrtc-relay, signaling, /config.json, static files):
// two tabs move a 10 MiB file of random bytes, byte-identical, and show live stats.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './helpers/chromium.js';
import { startDemo } from '../../demo/server.mjs';
import { attachFileTransfer, chunkSizeFor, HIGH_WATER, LOW_WATER } from '../../demo/public/lib/file_transfer.js';
import { describeCandidate, summarize } from '../../demo/public/lib/stats_summary.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(root, 'build/artifacts');
const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

// ---------------------------------------------------------------------------------------------
// lib/file_transfer.js in Node, over a simulated channel pair.

/**
 * One end of a simulated ordered, reliable channel: send() queues, a timer delivers up to `rate`
 * bytes per tick to the peer, bufferedAmount and 'bufferedamountlow' behave as webrtc-pc says.
 * tamper(data, index) may change a binary message on its way (index counts binary messages).
 */
class SimChannel extends EventTarget {
  readyState = 'open';
  binaryType = 'blob';
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  maxBuffered = 0;
  binarySent = 0;
  sizes = [];
  #queue = [];
  #timer = null;
  constructor({ rate = 256 * 1024, tamper = null } = {}) {
    super();
    this.rate = rate;
    this.tamper = tamper;
  }
  send(data) {
    if (this.readyState !== 'open') throw new Error('InvalidStateError');
    let message;
    if (typeof data === 'string') message = data;
    else {
      const view = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      message = view.slice().buffer;   // send() copies, as a browser does
      if (this.tamper) message = this.tamper(message, this.binarySent);
      this.binarySent++;
      this.sizes.push(message.byteLength);
    }
    const size = typeof message === 'string' ? Buffer.byteLength(message) : message.byteLength;
    this.bufferedAmount += size;
    this.maxBuffered = Math.max(this.maxBuffered, this.bufferedAmount);
    this.#queue.push([message, size]);
    this.#timer ??= setTimeout(() => this.#deliver(), 0);
  }
  #deliver() {
    this.#timer = null;
    let budget = this.rate;
    while (this.#queue.length && budget > 0) {
      const [message, size] = this.#queue.shift();
      budget -= size;
      const before = this.bufferedAmount;
      this.bufferedAmount -= size;
      if (before > this.bufferedAmountLowThreshold && this.bufferedAmount <= this.bufferedAmountLowThreshold) {
        this.dispatchEvent(new Event('bufferedamountlow'));
      }
      const event = new Event('message');
      event.data = message;
      this.peer.dispatchEvent(event);
    }
    if (this.#queue.length) this.#timer = setTimeout(() => this.#deliver(), 0);
  }
  close() {
    this.readyState = 'closed';
    this.dispatchEvent(new Event('close'));
  }
}

function channelPair(options) {
  const a = new SimChannel(options);
  const b = new SimChannel();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

describe('lib/file_transfer.js', () => {
  test('moves a file byte-identical in chunks, never more than HIGH_WATER + a chunk buffered', async () => {
    const [a, b] = channelPair();
    const bytes = crypto.randomBytes(3 * 1024 * 1024 + 12345);
    const received = new Promise((resolve) => attachFileTransfer(b, null, { onReceived: resolve }));
    const sender = attachFileTransfer(a, { sctp: { maxMessageSize: 262144 } });
    const sent = await sender.send(new Blob([bytes], { type: 'application/x-test' }));
    const got = await received;

    expect(got.ok).toBe(true);
    expect(got.size).toBe(bytes.length);
    expect(got.type).toBe('application/x-test');
    expect(got.sha256).toBe(sha256(bytes));
    expect(Buffer.from(await got.blob.arrayBuffer()).equals(bytes)).toBe(true);
    expect(sent.sha256).toBe(sha256(bytes));
    expect(sent.ack).toMatchObject({ kind: 'file-ack', ok: true, size: bytes.length, sha256: sha256(bytes) });
    expect(sent.waits).toBeGreaterThan(0);
    expect(sent.peakBufferedAmount).toBe(a.maxBuffered);
    expect(b.binaryType).toBe('arraybuffer');
    expect(a.bufferedAmountLowThreshold).toBe(LOW_WATER);
    // 64 KiB chunks, the last one shorter.
    expect(Math.max(...a.sizes)).toBe(64 * 1024);
    expect(a.sizes.reduce((x, y) => x + y, 0)).toBe(bytes.length);
    // Backpressure: the sender waited for 'bufferedamountlow' instead of queueing the whole file.
    expect(a.maxBuffered).toBeLessThanOrEqual(HIGH_WATER + 64 * 1024 + 1024);
    expect(a.maxBuffered).toBeGreaterThan(HIGH_WATER);
  });

  test('the receiver rejects a file whose bytes changed on the way, and says so to the sender', async () => {
    const [a, b] = channelPair({ tamper: (message, index) => {
      if (index !== 3) return message;
      const copy = new Uint8Array(message.slice(0));
      copy[100] ^= 1;   // one flipped bit
      return copy.buffer;
    } });
    const bytes = crypto.randomBytes(512 * 1024);
    const received = new Promise((resolve) => attachFileTransfer(b, null, { onReceived: resolve }));
    const sent = await attachFileTransfer(a, null).send(new Blob([bytes]));
    const got = await received;
    expect(got.ok).toBe(false);
    expect(got.reason).toBe('SHA-256 mismatch');
    expect(got.size).toBe(bytes.length);
    expect(got.sha256).not.toBe(sha256(bytes));
    expect(got.expectedSha256).toBe(sha256(bytes));
    expect(sent.ack).toMatchObject({ ok: false, reason: 'SHA-256 mismatch' });
  });

  test('the receiver rejects a file that arrives short', async () => {
    const [a, b] = channelPair({ tamper: (message, index) => (index === 0 ? message.slice(0, 1000) : message) });
    const bytes = crypto.randomBytes(200 * 1024);
    const received = new Promise((resolve) => attachFileTransfer(b, null, { onReceived: resolve }));
    const sent = await attachFileTransfer(a, null).send(new Blob([bytes]));
    expect((await received).ok).toBe(false);
    expect(sent.ack.ok).toBe(false);
    expect(sent.ack.reason).toBe(`size mismatch: got ${bytes.length - 64 * 1024 + 1000} bytes, expected ${bytes.length}`);
  });

  test('chunks stay within the peer\'s maxMessageSize; an empty file works', async () => {
    expect(chunkSizeFor({ sctp: { maxMessageSize: 262144 } })).toBe(65536);
    expect(chunkSizeFor({ sctp: { maxMessageSize: Infinity } })).toBe(65536);
    expect(chunkSizeFor({ sctp: { maxMessageSize: 16384 } })).toBe(16384);
    expect(chunkSizeFor({ sctp: { maxMessageSize: 1200 } })).toBe(1200);
    expect(chunkSizeFor({ sctp: null })).toBe(65536);

    const [a, b] = channelPair();
    const received = new Promise((resolve) => attachFileTransfer(b, null, { onReceived: resolve }));
    const sent = await attachFileTransfer(a, { sctp: { maxMessageSize: 16384 } }).send(new Blob([crypto.randomBytes(40000)]));
    expect(a.sizes).toEqual([16384, 16384, 40000 - 32768]);
    expect(sent.ack.ok).toBe(true);
    await received;

    const [c, d] = channelPair();
    const empty = new Promise((resolve) => attachFileTransfer(d, null, { onReceived: resolve }));
    const none = await attachFileTransfer(c, null).send(new Blob([]));
    expect(none.ack.ok).toBe(true);
    expect((await empty).sha256).toBe(sha256(Buffer.alloc(0)));
  });

  test('a channel that closes mid-transfer rejects send() instead of hanging', async () => {
    const [a, b] = channelPair({ rate: 16 * 1024 });
    attachFileTransfer(b, null);
    const sending = attachFileTransfer(a, null).send(new Blob([crypto.randomBytes(4 * 1024 * 1024)]));
    setTimeout(() => a.close(), 20);
    await expect(sending).rejects.toThrow(/closed/);
  });
});

describe('lib/stats_summary.js', () => {
  const report = (entries) => new Map(entries.map((e) => [e.id, e]));
  const local = { id: 'L1', type: 'local-candidate', candidateType: 'relay', address: '192.0.2.2', port: 5000, protocol: 'udp', relayProtocol: 'tcp' };
  const remote = { id: 'R1', type: 'remote-candidate', candidateType: 'host', address: '192.0.2.3', port: 6000, protocol: 'udp' };
  const other = { id: 'L2', type: 'local-candidate', candidateType: 'host', address: '10.0.0.1', port: 1, protocol: 'udp' };

  test('the selected pair is the one transport.selectedCandidatePairId names', () => {
    const s = summarize(report([
      { id: 'CP2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R1', nominated: true, state: 'succeeded' },
      { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', state: 'succeeded', currentRoundTripTime: 0.012 },
      { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1', dtlsCipher: 'X' },
      local, remote, other,
      { id: 'D2', type: 'data-channel', label: 'b', dataChannelIdentifier: 2 },
      { id: 'D0', type: 'data-channel', label: 'a', dataChannelIdentifier: 0 },
    ]));
    expect(s.pair.id).toBe('CP1');
    expect(s.pairFoundBy).toBe('transport.selectedCandidatePairId');
    expect(s.local).toBe(local);
    expect(s.remote).toBe(remote);
    expect(s.transport.dtlsCipher).toBe('X');
    expect(s.channels.map((c) => c.label)).toEqual(['a', 'b']);
    expect(describeCandidate(s.local)).toBe('relay 192.0.2.2:5000 udp (to the relay over tcp)');
    expect(describeCandidate({ ...other, address: '' })).toBe('host (address hidden):1 udp');
  });

  test('without selectedCandidatePairId: Firefox\'s selected flag, then a nominated succeeded pair, else none', () => {
    const pairs = [
      { id: 'CP2', type: 'candidate-pair', localCandidateId: 'L2', remoteCandidateId: 'R1', nominated: true, state: 'succeeded' },
      { id: 'CP1', type: 'candidate-pair', localCandidateId: 'L1', remoteCandidateId: 'R1', selected: true },
    ];
    expect(summarize(report([{ id: 'T', type: 'transport' }, ...pairs, local, remote, other])).pair.id).toBe('CP1');
    expect(summarize(report([pairs[0], local, remote, other])).local).toBe(other);
    const none = summarize(report([{ id: 'T', type: 'transport' }, { ...pairs[0], state: 'in-progress' }]));
    expect(none.pair).toBe(null);
    expect(describeCandidate(none.local)).toBe('—');
  });
});

// ---------------------------------------------------------------------------------------------
// The pages in Chromium, against the demo's servers.

describe('file.html and stats.html in Chromium', () => {
  let demo;
  let browser;
  let context;
  let rooms = 0;
  const room = (name) => `${name}-${process.pid}-${++rooms}`;

  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    demo = await startDemo({ port: 0 });
    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 800 } });
  }, 60000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  /** Two tabs of `pageName` in one new room, with the given implementations; resolves once both are connected. */
  async function openPair(pageName, implA, implB) {
    const name = room(pageName.replace('.html', ''));
    const tabs = [];
    for (const impl of [implA, implB]) {
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (err) => page.errors.push(err.message));
      await page.goto(`${demo.url}${pageName}?${new URLSearchParams({ room: name, impl })}`);
      tabs.push(page);
    }
    await Promise.all(tabs.map((page) => page.waitForSelector('#status[data-connected]', { timeout: 90000 })
      .catch(async (err) => { throw new Error(`${err.message}\nstatus: ${await page.textContent('#status')}`); })));
    return tabs;
  }

  const closeAll = (...pages) => Promise.all(pages.map((p) => p.close()));

  /** sender picks `bytes` as a file; resolves with what both tabs showed once the receiver has checked it. */
  async function transfer(sender, receiver, bytes, name) {
    await sender.waitForSelector('#file-input:not([disabled])');
    // The buffer travels to the browser over the DevTools protocol (base64): slow on a busy machine.
    await sender.setInputFiles('#file-input', { name, mimeType: 'application/octet-stream', buffer: bytes }, { timeout: 120000 });
    const timeout = 240000;
    await receiver.waitForSelector('#receive-result[data-ok]', { timeout });
    await sender.waitForSelector('#send-result[data-ok]', { timeout });
    const read = (page, selector) => page.$eval(selector, (el) => ({ ...el.dataset, text: el.textContent }));
    const got = await read(receiver, '#receive-result');
    const sent = await read(sender, '#send-result');
    // The download link: the bytes a person would save, read back from disk.
    const [download] = await Promise.all([receiver.waitForEvent('download'), receiver.click('#download')]);
    const saved = fs.readFileSync(await download.path());
    return { got, sent, saved, filename: download.suggestedFilename(),
      progress: await receiver.$eval('#receive-progress', (el) => el.value),
      sendProgress: await sender.$eval('#send-progress', (el) => el.value),
      rates: [await sender.textContent('#send-rate'), await receiver.textContent('#receive-rate')] };
  }

  function expectIdentical(result, bytes, name) {
    expect(result.got.ok).toBe('true');
    expect(Number(result.got.size)).toBe(bytes.length);
    expect(result.got.sha256).toBe(sha256(bytes));
    expect(result.sent.ok).toBe('true');
    expect(result.sent.sha256).toBe(sha256(bytes));
    // Backpressure in the browser: 64 KiB chunks (both implementations allow 256 KiB messages), and
    // the sender paused on 'bufferedamountlow' rather than queueing past 1 MiB + a chunk.
    expect(Number(result.sent.chunkSize)).toBe(64 * 1024);
    expect(Number(result.sent.peakBufferedAmount)).toBeLessThanOrEqual(HIGH_WATER + 64 * 1024);
    if (bytes.length > 4 * HIGH_WATER) expect(Number(result.sent.waits)).toBeGreaterThan(0);
    expect(result.filename).toBe(name);
    expect(result.saved.length).toBe(bytes.length);
    expect(sha256(result.saved)).toBe(sha256(bytes));
    expect(result.progress).toBe(1);
    expect(result.sendProgress).toBe(1);
    // Throughput on both sides: the last second's and the average, e.g. "6.9 Mbit/s · average 5.7 Mbit/s".
    for (const rate of result.rates) expect(rate).toMatch(/^[\d.]+ (k|M)?bit\/s · average [1-9][\d.]* (k|M)bit\/s$/);
  }

  test('two wasmrtc tabs move a 10 MiB file through the relay, byte-identical', async () => {
    const [a, b] = await openPair('file.html', 'wasmrtc', 'wasmrtc');
    const bytes = crypto.randomBytes(10 * 1024 * 1024);
    const result = await transfer(a, b, bytes, 'random-10MiB.bin');
    expectIdentical(result, bytes, 'random-10MiB.bin');
    // Both tabs really ran wasmrtc, and went through the relay (its only candidates are relayed ones).
    for (const page of [a, b]) {
      const loaded = await page.evaluate(() => performance.getEntriesByType('resource')
        .some((entry) => entry.name.endsWith('/js/dist/wasmrtc_core.wasm')));
      expect(loaded).toBe(true);
    }
    await a.screenshot({ path: path.join(ARTIFACTS, 'file-wasmrtc-sender.png'), fullPage: true });
    await b.screenshot({ path: path.join(ARTIFACTS, 'file-wasmrtc-receiver.png'), fullPage: true });
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await closeAll(a, b);
  }, 300000);

  test('a native tab and a wasmrtc tab move a 10 MiB file (native → wasmrtc) and a 1 MiB file back', async () => {
    const [native, wasm] = await openPair('file.html', 'native', 'wasmrtc');
    const bytes = crypto.randomBytes(10 * 1024 * 1024);
    expectIdentical(await transfer(native, wasm, bytes, 'to-wasmrtc.bin'), bytes, 'to-wasmrtc.bin');
    const back = crypto.randomBytes(1024 * 1024 + 7);
    expectIdentical(await transfer(wasm, native, back, 'to-native.bin'), back, 'to-native.bin');
    await native.screenshot({ path: path.join(ARTIFACTS, 'file-native.png'), fullPage: true });
    await wasm.screenshot({ path: path.join(ARTIFACTS, 'file-wasmrtc.png'), fullPage: true });
    expect(native.errors).toEqual([]);
    expect(wasm.errors).toEqual([]);
    await closeAll(native, wasm);
  }, 300000);

  test('the stats page shows the selected candidate pair and moving counters for both implementations', async () => {
    const [native, wasm] = await openPair('stats.html', 'native', 'wasmrtc');
    const shown = async (page) => {
      // Once a report shows the pings of both tabs (each answered once) in the data channel's row.
      const moved = () => {
        const row = Array.from(document.querySelectorAll('#channels tbody tr')).find((r) => r.cells[0].textContent === 'demo');
        return document.getElementById('pair').dataset.found === 'true' && row !== undefined &&
          Array.from(row.cells).slice(3).every((cell) => Number(cell.textContent) >= 2);
      };
      await page.waitForFunction(moved, null, { timeout: 30000 })
        .catch(async (err) => { throw new Error(`${err.message}\n${await page.textContent('#channels')}`); });
      const text = (id) => page.textContent(`#${id}`);
      return {
        local: await text('pair-local'), remote: await text('pair-remote'), state: await text('pair-state'),
        rtt: await text('pair-rtt'), cipher: await text('transport-cipher'), dtls: await text('transport-dtls'),
        impl: await text('app-impl'), channels: await page.$$eval('#channels tbody tr', (rows) =>
          rows.map((row) => Array.from(row.cells, (c) => c.textContent))),
        raw: await page.$$eval('#raw caption', (captions) => captions.map((c) => c.textContent)),
        selectedRaw: await page.$$eval('#raw table.selected', (tables) => tables.length),
        pairBytes: await page.$eval('#pair-bytes', (el) => ({ ...el.dataset })),
        transportBytes: await page.$eval('#transport-bytes', (el) => ({ ...el.dataset })),
        ping: await text('app-ping'),
      };
    };
    const n = await shown(native);
    const w = await shown(wasm);
    await native.screenshot({ path: path.join(ARTIFACTS, 'stats-native.png'), fullPage: true });
    await wasm.screenshot({ path: path.join(ARTIFACTS, 'stats-wasmrtc.png'), fullPage: true });

    expect(n.impl).toBe("browser's own WebRTC");
    expect(w.impl).toBe('wasmrtc');
    for (const s of [n, w]) {
      // (Chromium hides its own host addresses behind mDNS names, and leaves them out of its stats.)
      expect(s.local).toMatch(/^(host|srflx|prflx|relay) (\S+|\(address hidden\)):\d+ (udp|tcp)/);
      expect(s.remote).toMatch(/^(host|srflx|prflx|relay) \S+:\d+ (udp|tcp)/);
      expect(s.state).toMatch(/^succeeded.*via transport\.selectedCandidatePairId/);
      expect(s.cipher).toMatch(/^TLS_/);
      expect(s.dtls).toMatch(/^connected, role (client|server)/);
      expect(s.selectedRaw).toBe(1);
      expect(s.raw.some((c) => c.startsWith('transport '))).toBe(true);
      expect(s.raw.some((c) => c.startsWith('candidate-pair ') && c.includes('(selected)'))).toBe(true);
      // The data channel row: label, id, state, then nonzero message and byte counts both ways.
      const row = s.channels.find((r) => r[0] === 'demo');
      expect(row[2]).toBe('open');
      for (const count of row.slice(3)) expect(Number(count)).toBeGreaterThan(0);
      expect(Number(s.pairBytes.sent)).toBeGreaterThan(0);
      expect(Number(s.pairBytes.received)).toBeGreaterThan(0);
      expect(Number(s.transportBytes.sent)).toBeGreaterThan(0);
      expect(Number(s.transportBytes.received)).toBeGreaterThan(0);
      expect(s.ping).toMatch(/^\d+\.\d ms round trip$/);
    }
    // wasmrtc in a page has no UDP: its side of the pair is the relay's allocation, on both tabs.
    expect(w.local).toMatch(/^relay /);
    expect(n.remote).toMatch(/^relay /);
    // One DTLS client and one server.
    expect(new Set([n.dtls.match(/role (\w+)/)[1], w.dtls.match(/role (\w+)/)[1]])).toEqual(new Set(['client', 'server']));
    // Both measure the selected pair's RTT (from their ICE checks and consent checks).
    expect(n.rtt).toMatch(/^\d+\.\d ms$/);
    expect(w.rtt).toMatch(/^\d+\.\d ms$/);
    expect(native.errors).toEqual([]);
    expect(wasm.errors).toEqual([]);
    await closeAll(native, wasm);
  }, 120000);
});
