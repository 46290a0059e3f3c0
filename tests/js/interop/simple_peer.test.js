// simple-peer (unmodified, from npm) given wasmrtc as its `wrtc` option: the API has to be exact
// enough for a library written against browsers (it reads getStats for the selected pair, sets
// bufferedAmountLowThreshold, sends Buffers that are views into a shared pool).
import { createRequire } from 'node:module';
import * as wasmrtc from '../../../js/index.js';

const require = createRequire(import.meta.url);
const SimplePeer = require('simple-peer');

const wrtc = {
  RTCPeerConnection: wasmrtc.RTCPeerConnection,
  RTCSessionDescription: wasmrtc.RTCSessionDescription,
  RTCIceCandidate: wasmrtc.RTCIceCandidate,
};

function connectPair(optionsA, optionsB) {
  const a = new SimplePeer({ initiator: true, ...optionsA });
  const b = new SimplePeer(optionsB);
  a.on('signal', (data) => b.signal(data));
  b.on('signal', (data) => a.signal(data));
  const failed = new Promise((_, reject) => {
    a.on('error', reject);
    b.on('error', reject);
  });
  const connected = Promise.all([a, b].map((p) => new Promise((resolve) => p.once('connect', resolve))));
  return { a, b, ready: Promise.race([connected, failed]) };
}

function nextData(peer, count) {
  return new Promise((resolve) => {
    const got = [];
    const onData = (data) => {
      got.push(Buffer.from(data));
      if (got.length === count) {
        peer.off('data', onData);
        resolve(got);
      }
    };
    peer.on('data', onData);
  });
}

async function exchange(a, b) {
  // A Buffer from Node's pool: a view with a nonzero byteOffset into a larger ArrayBuffer.
  const pooled = Buffer.from('pooled view');
  const big = Buffer.alloc(120 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 13) & 0xff;
  const atB = nextData(b, 3);
  const atA = nextData(a, 1);
  a.send('hello from a');
  a.send(pooled);
  a.send(big);
  b.send('hello from b');
  const [fromA, fromB] = await Promise.all([atB, atA]);
  expect(fromA[0].toString()).toBe('hello from a');
  expect(fromA[1].toString()).toBe('pooled view');
  expect(Buffer.compare(fromA[2], big)).toBe(0);
  expect(fromB[0].toString()).toBe('hello from b');
}

test('two simple-peers on wasmrtc connect, report their addresses and exchange data', async () => {
  const { a, b, ready } = connectPair({ wrtc }, { wrtc });
  try {
    await ready;
    expect(a.connected && b.connected).toBe(true);
    // simple-peer fills these from getStats' selected candidate pair.
    expect(a.remoteAddress).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(Number.isInteger(a.remotePort) && a.remotePort > 0).toBe(true);
    await exchange(a, b);
    const closed = new Promise((resolve) => b.once('close', resolve));
    a.destroy();
    await closed;
  } finally {
    a.destroy();
    b.destroy();
  }
}, 40000);

test('simple-peer on wasmrtc talks to simple-peer on libwebrtc (@roamhq/wrtc), wasmrtc answering', async () => {
  const Wrtc = require('@roamhq/wrtc');
  const { a, b, ready } = connectPair({ wrtc: Wrtc }, { wrtc });
  try {
    await ready;
    await exchange(a, b);
  } finally {
    a.destroy();
    b.destroy();
  }
}, 40000);
