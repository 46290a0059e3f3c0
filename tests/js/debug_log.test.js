// WASMRTC_DEBUG / setDebugLog: the core's logs by layer, silent by default, enough to see why a
// connection failed (js/src/debug_log.js over native/common/log.h).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RTCPeerConnection, setDebugLog } from '../../js/index.js';
import { wire } from './helpers/wire.js';

const entry = fileURLToPath(new URL('../../js/index.js', import.meta.url));
const wireModule = fileURLToPath(new URL('./helpers/wire.js', import.meta.url));

// A child Node process that connects two peers, exchanges one message and exits; returns stderr.
function connectInChild(env) {
  const script = `
    const { RTCPeerConnection } = await import(${JSON.stringify(entry)});
    const { wire } = await import(${JSON.stringify(wireModule)});
    const a = new RTCPeerConnection(); const b = new RTCPeerConnection();
    const negotiate = wire(a, b);
    const dc = a.createDataChannel('chat');
    const got = new Promise((resolve) => { b.ondatachannel = (e) => { e.channel.onmessage = resolve; }; });
    dc.onopen = () => dc.send('hello');
    await negotiate();
    await got;
    a.close(); b.close();
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30000,
  });
  expect(child.status).toBe(0);
  return child.stderr;
}

async function connectedPair() {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const negotiate = wire(a, b);
  const dc = a.createDataChannel('chat');
  const open = new Promise((resolve) => { dc.onopen = resolve; });
  await negotiate();
  await open;
  return [a, b];
}

test('WASMRTC_DEBUG names the layers whose logs go to stderr; unset, nothing is written', () => {
  const logged = connectInChild({ WASMRTC_DEBUG: 'ice,dtls' });
  expect(logged).toMatch(/^\[wasmrtc ice\] local candidate candidate:/m);
  expect(logged).toMatch(/^\[wasmrtc ice\] state checking -> connected/m);
  expect(logged).toMatch(/^\[wasmrtc dtls\] connected, cipher TLS_/m);
  expect(logged).not.toMatch(/\[wasmrtc (sctp|peer|datachannel)\]/);

  const quiet = connectInChild({ WASMRTC_DEBUG: '' });
  expect(quiet).not.toMatch(/\[wasmrtc/);

  const typo = connectInChild({ WASMRTC_DEBUG: 'sctp,icee' });
  expect(typo).toMatch(/'icee'.*not a layer/);
  expect(typo).toMatch(/^\[wasmrtc sctp\] association established$/m);
}, 60000);

test('setDebugLog sends the chosen layers to a function, and turns them off again', async () => {
  const lines = [];
  setDebugLog('sctp,datachannel,peer', (layer, message) => lines.push(`${layer}: ${message}`));
  let pair;
  try {
    pair = await connectedPair();
    expect(lines).toContain('sctp: association established');
    expect(lines.some((l) => /^datachannel: channel \d+ open$/.test(l))).toBe(true);
    expect(lines.some((l) => /^peer: connectionState connecting -> connected$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('ice:') || l.startsWith('dtls:'))).toBe(false);
  } finally {
    setDebugLog('');
    pair?.forEach((pc) => pc.close());
  }
  const count = lines.length;
  const again = await connectedPair();
  again.forEach((pc) => pc.close());
  expect(lines.length).toBe(count);
  expect(() => setDebugLog('ice', 'not a function')).toThrow(TypeError);
}, 30000);

test('a wrong fingerprint: the dtls log says why the connection failed', async () => {
  const lines = [];
  setDebugLog('dtls', (layer, message) => lines.push(`${layer}: ${message}`));
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  try {
    a.createDataChannel('chat');
    const candidates = { a: [], b: [] };
    a.onicecandidate = (e) => e.candidate && candidates.a.push(e.candidate);
    b.onicecandidate = (e) => e.candidate && candidates.b.push(e.candidate);
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    await b.setLocalDescription();
    // a is told a certificate fingerprint that is not b's.
    const sdp = b.localDescription.sdp.replace(/(a=fingerprint:sha-256 )([0-9A-F])/i,
      (_, head, digit) => head + (digit.toUpperCase() === 'A' ? 'B' : 'A'));
    await a.setRemoteDescription({ type: 'answer', sdp });
    const failed = new Promise((resolve) => {
      a.onconnectionstatechange = () => a.connectionState === 'failed' && resolve();
    });
    await new Promise((r) => setTimeout(r, 200));  // let gathering finish
    for (const c of candidates.a) await b.addIceCandidate(c);
    for (const c of candidates.b) await a.addIceCandidate(c);
    await failed;
    expect(lines.some((l) => /^dtls: failed: .*fingerprint/i.test(l))).toBe(true);
  } finally {
    setDebugLog(null);
    a.close();
    b.close();
  }
}, 30000);

test('a sink that throws, or closes the connection it is logging, is not called from inside the core', async () => {
  const errors = [];
  const onError = (err) => errors.push(err);
  process.on('uncaughtException', onError);
  let closedFromSink = null;
  let calls = 0;
  setDebugLog('ice,dtls', (layer) => {
    calls++;
    if (layer === 'dtls' && closedFromSink) {
      const pc = closedFromSink;
      closedFromSink = null;
      pc.close();
    }
    throw new Error('a broken sink');
  });
  try {
    const [a, b] = await connectedPair();  // every line threw: the connection still came up
    expect(calls).toBeGreaterThan(0);
    a.close();
    b.close();
    const c = new RTCPeerConnection();
    const d = new RTCPeerConnection();
    closedFromSink = c;  // closed by the sink at its first dtls line, mid-negotiation
    const negotiate = wire(c, d);
    c.createDataChannel('x');
    // Signaling on c after the sink closed it is misuse the API reports: InvalidStateError.
    await negotiate().catch((err) => expect(err.name).toBe('InvalidStateError'));
    const start = Date.now();
    while (c.connectionState !== 'closed' && Date.now() - start < 10000) await new Promise((r) => setTimeout(r, 10));
    expect(c.connectionState).toBe('closed');
    d.close();
    expect(errors).toEqual([]);
  } finally {
    setDebugLog(null);
    process.off('uncaughtException', onError);
  }
}, 30000);
