// The UDP thread (js/src/udp_thread.js, `wasmrtc: {udpThread: true}`): the ring the threads pass
// datagrams through, then connections whose sockets live in the worker, end to end: bytes intact
// and in order, a mixed pair (one side in the thread, one not), the process-wide switch, and a
// process that still exits by itself when its last connection closes.
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { RTCPeerConnection } from '../../js/index.js';
import { udpThreadInfo } from '../../js/src/internal.js';
import { DatagramRing, Ipv4Cache, createRingBuffer } from '../../js/src/datagram_ring.js';
import { wire } from './helpers/wire.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function drainAll(ring) {
  const out = [];
  ring.drain((socket, ip, port, bytes) => out.push({ socket, ip, port, bytes: Uint8Array.from(bytes) }));
  return out;
}

function pattern(seed, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed * 31 + i * 7) & 255;
  return out;
}

describe('DatagramRing', () => {
  test('hands records over in order, bytes and header intact, the doorbell once per batch', () => {
    const ring = new DatagramRing(createRingBuffer(4096));
    expect(ring.push(1, 0x7f000001, 5000, pattern(1, 10))).toBe('ring');
    expect(ring.push(2, 0x0a000002, 6000, pattern(2, 0))).toBe(true);    // already rung
    expect(ring.push(3, 0xffffffff, 65535, pattern(3, 1201))).toBe(true);
    const got = drainAll(ring);
    expect(got.map((r) => [r.socket, r.ip, r.port, r.bytes.length])).toEqual([
      [1, 0x7f000001, 5000, 10], [2, 0x0a000002, 6000, 0], [3, 0xffffffff, 65535, 1201]]);
    expect(got[2].bytes).toEqual(pattern(3, 1201));
    expect(drainAll(ring)).toEqual([]);
    expect(ring.push(4, 1, 1, pattern(4, 3))).toBe('ring');  // the drain cleared the doorbell
  });

  test('a drain with a limit takes that many and leaves the rest, in order, for the next', () => {
    const ring = new DatagramRing(createRingBuffer(4096));
    for (let i = 0; i < 5; i++) ring.push(i, 1, 1, pattern(i, 20));
    const first = [];
    expect(ring.drain((socket) => first.push(socket), 2)).toBe(2);
    expect(first).toEqual([0, 1]);
    expect(drainAll(ring).map((r) => r.socket)).toEqual([2, 3, 4]);
  });

  test('a full ring refuses (a drop for the caller) and takes again once drained', () => {
    const ring = new DatagramRing(createRingBuffer(1024));
    let accepted = 0;
    while (ring.push(accepted, 1, 1, pattern(accepted, 100))) accepted++;
    expect(accepted).toBe(8);  // 116 bytes a record: 8 fit in 1024 with the one-record gap
    const got = drainAll(ring);
    expect(got.map((r) => r.socket)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    got.forEach((r) => expect(r.bytes).toEqual(pattern(r.socket, 100)));
    expect(ring.push(99, 1, 1, pattern(99, 100))).toBeTruthy();
  });

  test('wraps round many times with sizes that never line up, nothing lost or torn', () => {
    const ring = new DatagramRing(createRingBuffer(4000));
    let sent = 0;
    let received = 0;
    let torn = 0;
    for (let round = 0; round < 2000; round++) {
      const burst = 1 + (round % 5);
      for (let i = 0; i < burst; i++) {
        const n = (sent * 37) % 700;
        if (!ring.push(sent, sent, n, pattern(sent, n))) break;
        sent++;
      }
      for (const r of drainAll(ring)) {
        const whole = r.socket === received && r.port === r.bytes.length
          && Buffer.from(r.bytes).equals(Buffer.from(pattern(received, r.bytes.length)));
        if (!whole) torn++;
        received++;
      }
    }
    expect(torn).toBe(0);
    expect(received).toBe(sent);
    expect(sent).toBeGreaterThan(5000);
  });

  test('between two threads: every record arrives once, in order, whole, woken by the doorbell', async () => {
    const buffer = createRingBuffer(64 * 1024);  // small: the writer often finds it full
    const ring = new DatagramRing(buffer);
    const count = 50000;
    let next = 0;
    let bad = 0;
    const writer = new Worker(new URL('./helpers/ring_writer.mjs', import.meta.url), { workerData: { buffer, count } });
    const summary = await new Promise((resolve, reject) => {
      writer.on('error', reject);
      writer.on('message', (message) => {
        ring.drain((socket, ip, port, bytes) => {
          let whole = socket === next && ip === ((next ^ 0x5a5a5a5a) >>> 0) && port === bytes.length
            && bytes.length === (next * 131) % 1500;
          for (let i = 0; whole && i < bytes.length; i++) whole = bytes[i] === ((next + i) & 255);
          if (!whole) bad++;
          next++;
        });
        if (message.done) resolve(message);
      });
    });
    await writer.terminate();
    ring.drain(() => { next++; });  // nothing may be left behind the last wake-up
    expect(bad).toBe(0);
    expect(next).toBe(count);
    expect(summary.refused).toBeGreaterThan(0);  // the full-ring path was exercised
  });

  test('Ipv4Cache turns addresses into numbers and back, and refuses what is not IPv4', () => {
    const cache = new Ipv4Cache();
    expect(cache.number('127.0.0.1')).toBe(0x7f000001);
    expect(cache.number('255.255.255.255')).toBe(0xffffffff);
    expect(cache.text(0xc0a80a01)).toBe('192.168.10.1');
    for (const bad of ['::1', '1.2.3', '1.2.3.256', '1..2.3', 'a.b.c.d']) expect(cache.number(bad)).toBe(-1);
  });
});

async function openPair(configA, configB) {
  const a = new RTCPeerConnection(configA);
  const b = new RTCPeerConnection(configB);
  const negotiate = wire(a, b);
  const dc = a.createDataChannel('bulk');
  const remote = new Promise((resolve) => { b.ondatachannel = (e) => resolve(e.channel); });
  const opened = new Promise((resolve) => { dc.onopen = resolve; });
  await negotiate();
  await opened;
  return { a, b, dc, remote: await remote };
}

// 4 MiB of 64 KiB messages and 2 000 small ones, every byte compared, in order.
async function transfer(dc, remote) {
  const big = 64 * 1024;
  const messages = [];
  for (let i = 0; i < 64; i++) messages.push(pattern(i, big));
  for (let i = 0; i < 2000; i++) messages.push(pattern(i + 64, 1 + (i % 1100)));
  const received = [];
  const done = new Promise((resolve) => {
    remote.binaryType = 'arraybuffer';
    remote.onmessage = (e) => {
      received.push(new Uint8Array(e.data));
      if (received.length === messages.length) resolve();
    };
  });
  dc.bufferedAmountLowThreshold = 256 * 1024;
  for (const message of messages) {
    while (dc.bufferedAmount > 1024 * 1024) {
      await new Promise((resolve) => { dc.onbufferedamountlow = resolve; });
    }
    dc.send(message);
  }
  await done;
  // Buffer.equals, not toEqual: Jest compares typed arrays element by element, seconds for 4 MiB.
  const differing = received.filter((bytes, i) => !Buffer.from(bytes).equals(Buffer.from(messages[i])));
  expect(differing.length).toBe(0);
}

describe('connections with their sockets in the UDP thread', () => {
  test('a pair both in the thread moves bytes intact, and closing gives the sockets back', async () => {
    const before = udpThreadInfo()?.sockets ?? 0;
    const { a, b, dc, remote } = await openPair({ wasmrtc: { udpThread: true } }, { wasmrtc: { udpThread: true } });
    try {
      const info = udpThreadInfo();
      expect(info.running).toBe(true);
      expect(info.sockets).toBeGreaterThanOrEqual(before + 2);  // one per interface, per side
      await transfer(dc, remote);
      expect(udpThreadInfo().droppedInbound).toBe(0);
    } finally {
      a.close();
      b.close();
    }
    await new Promise((resolve) => { setTimeout(resolve, 20); });  // sockets close a task after close()
    expect(udpThreadInfo().sockets).toBe(before);
  });

  test('a side in the thread and a side in the main thread talk to each other', async () => {
    const { a, b, dc, remote } = await openPair({ wasmrtc: { udpThread: true } }, { wasmrtc: { udpThread: false } });
    try {
      await transfer(dc, remote);
      const stats = [...(await b.getStats()).values()];
      const pair = stats.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
      expect(pair).toBeDefined();
      expect(pair.bytesReceived).toBeGreaterThan(4 * 1024 * 1024);
    } finally {
      a.close();
      b.close();
    }
  });
});

// A child process: connect two peers with `config`, send one message, close both, print what the
// UDP thread reports; the process must then exit by itself (a referenced worker would keep it).
function runChild(config, env = {}) {
  const script = `
    import { RTCPeerConnection } from ${JSON.stringify(path.join(root, 'js/index.js'))};
    import { udpThreadInfo } from ${JSON.stringify(path.join(root, 'js/src/internal.js'))};
    const a = new RTCPeerConnection(${JSON.stringify(config)}); const b = new RTCPeerConnection(${JSON.stringify(config)});
    const qa = [], qb = [];
    a.onicecandidate = (e) => e.candidate && (b.remoteDescription ? b.addIceCandidate(e.candidate) : qb.push(e.candidate));
    b.onicecandidate = (e) => e.candidate && (a.remoteDescription ? a.addIceCandidate(e.candidate) : qa.push(e.candidate));
    const dc = a.createDataChannel('x');
    b.ondatachannel = (e) => { e.channel.onmessage = (m) => {
      console.log('got ' + m.data + ' sockets ' + (udpThreadInfo()?.sockets ?? 'none'));
      a.close(); b.close();
    }; };
    dc.onopen = () => dc.send('bye');
    await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
    for (const c of qb) await b.addIceCandidate(c);
    await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
    for (const c of qa) await a.addIceCandidate(c);
  `;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script],
    { timeout: 20000, encoding: 'utf8', env: { ...process.env, ...env } });
}

test('a process whose connections used the UDP thread exits by itself after the last close', () => {
  const run = runChild({ wasmrtc: { udpThread: true } });
  expect(run.error).toBeUndefined();  // a timeout would be an error: the process did not exit
  expect(run.stdout).toMatch(/got bye sockets [1-9]/);
  expect(run.status).toBe(0);
});

test('WASMRTC_UDP_THREAD=1 puts every connection of the process in the thread; without it none', () => {
  const on = runChild({}, { WASMRTC_UDP_THREAD: '1' });
  expect(on.error).toBeUndefined();
  expect(on.stdout).toMatch(/got bye sockets [1-9]/);
  const off = runChild({}, { WASMRTC_UDP_THREAD: '' });
  expect(off.error).toBeUndefined();
  expect(off.stdout).toContain('got bye sockets none');
  // The configuration wins over the variable.
  const overridden = runChild({ wasmrtc: { udpThread: false } }, { WASMRTC_UDP_THREAD: '1' });
  expect(overridden.stdout).toContain('got bye sockets none');
});
