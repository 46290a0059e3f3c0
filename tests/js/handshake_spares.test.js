// Work made ahead of need (js/src/handshake_spares.js, wasm/runtime/handshake_spares.c): every
// connection without `certificates` still gets a certificate of its own, every handshake its own
// X25519 key and ECDSA nonce; spares are made only when the connections are idle, certificates only
// for an application that needs them; a given certificate is the one DTLS presents; and an
// independent stack (libwebrtc) accepts a handshake made with spares.
import { createRequire } from 'node:module';
import { jest } from '@jest/globals';
import { generateCertificate, RTCPeerConnection } from '../../js/index.js';
import { loadCore } from '../../js/src/core.js';
import { noteConnectionBusy, spareCounts, takeCertificate } from '../../js/src/handshake_spares.js';
import { certificateHandle } from '../../js/src/rtc_certificate.js';
import { signal } from './interop/signal.js';
import { wire } from './helpers/wire.js';

const require = createRequire(import.meta.url);
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };

function fingerprintOf(pc) {
  const line = pc.localDescription.sdp.split('\r\n').find((l) => l.startsWith('a=fingerprint:sha-256 '));
  return line.slice('a=fingerprint:sha-256 '.length).toLowerCase();
}

async function offerFingerprint(pc) {
  pc.createDataChannel('x');
  await pc.setLocalDescription();
  return fingerprintOf(pc);
}

// Polls (no timing assertion: a spare that never comes fails by the test's timeout).
async function until(condition) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const handshakeSparesFull = () => spareCounts().x25519 === 2 && spareCounts().nonces === 2;

function waitOpen(channel) {
  return new Promise((resolve) => {
    if (channel.readyState === 'open') resolve();
    else channel.addEventListener('open', resolve);
  });
}

beforeAll(() => loadCore());

// Runs first: certificates are made only once a connection needed one of its own.
test('an application that passes certificates gets no certificate spares, and DTLS presents its certificate', async () => {
  const [certA, certB] = await Promise.all([generateCertificate(ECDSA), generateCertificate(ECDSA)]);
  const a = new RTCPeerConnection({ certificates: [certA] });
  const b = new RTCPeerConnection({ certificates: [certB] });
  try {
    const negotiate = wire(a, b);
    const opened = waitOpen(a.createDataChannel('given'));
    await negotiate();
    await opened;
    expect(fingerprintOf(a)).toBe(certA.getFingerprints()[0].value);
    expect(fingerprintOf(b)).toBe(certB.getFingerprints()[0].value);
    // What b received in the handshake is a's given certificate.
    const seenByB = Buffer.from(b.sctp.transport.getRemoteCertificates()[0]);
    expect(seenByB.equals(Buffer.from(certificateHandle(certA).der()))).toBe(true);
    await until(handshakeSparesFull);  // its handshakes' spares are made once idle...
    expect(spareCounts().certificates).toBe(0);  // ...but no certificate
  } finally {
    a.close();
    b.close();
  }
});

test('spares are ready after a connection without certificates, and each goes to one connection', async () => {
  const first = new RTCPeerConnection();
  const seen = new Set([await offerFingerprint(first)]);
  first.close();
  await until(() => spareCounts().certificates === 2);
  const pcs = [new RTCPeerConnection(), new RTCPeerConnection()];
  expect(spareCounts().certificates).toBe(0);  // both taken by the constructors
  for (const pc of pcs) seen.add(await offerFingerprint(pc));
  await until(() => spareCounts().certificates === 2);
  const third = new RTCPeerConnection();
  seen.add(await offerFingerprint(third));
  for (const pc of [...pcs, third]) pc.close();
  expect(seen.size).toBe(4);  // four connections, four certificates
});

test('no spare is made while a connection is busy, and one piece of work per callback', async () => {
  await until(() => spareCounts().certificates === 2 && handshakeSparesFull());
  const pieces = () => { const c = spareCounts(); return c.certificates + c.x25519 + c.nonces; };
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  try {
    takeCertificate().delete();  // arms the refill timer (a fake one now)
    takeCertificate().delete();
    expect(spareCounts().certificates).toBe(0);
    // Busy every 2 ms for 100 ms: the refill keeps waiting for 5 quiet milliseconds.
    for (let i = 0; i < 50; i++) {
      noteConnectionBusy(performance.now());
      jest.advanceTimersByTime(2);
    }
    expect(spareCounts().certificates).toBe(0);
    // Then one piece per timer callback (a certificate's self-signature takes a nonce, which the
    // following callbacks make again), until everything is full and no timer is left.
    let before = pieces();
    for (let steps = 0; jest.getTimerCount() > 0; steps++) {
      expect(steps).toBeLessThan(20);
      jest.advanceTimersToNextTimer();
      expect(pieces() - before).toBeLessThanOrEqual(1);
      before = pieces();
    }
    expect(spareCounts()).toMatchObject({ certificates: 2, x25519: 2, nonces: 2 });
  } finally {
    jest.runAllTimers();  // leave no fake timer behind in the module, even when this test fails
    jest.useRealTimers();
  }
});

test('libwebrtc accepts a handshake made with a spare X25519 key and a spare ECDSA nonce', async () => {
  const Libwebrtc = require('@roamhq/wrtc').RTCPeerConnection;
  const cert = await generateCertificate(ECDSA);  // given: no certificate signing takes a nonce
  new RTCPeerConnection({ certificates: [cert] }).close();  // a connection: spares are wanted
  await until(handshakeSparesFull);
  const before = spareCounts();
  for (const [wasmrtcOffers, label] of [[true, 'wasmrtc offers'], [false, 'libwebrtc offers']]) {
    const ours = new RTCPeerConnection({ certificates: [cert] });
    const theirs = new Libwebrtc({ iceServers: [] });
    try {
      const [offerer, answerer] = wasmrtcOffers ? [ours, theirs] : [theirs, ours];
      const channel = offerer.createDataChannel(label);
      const received = new Promise((resolve) => {
        answerer.ondatachannel = (e) => { e.channel.onmessage = (m) => resolve(String(m.data)); };
      });
      channel.onopen = () => channel.send(`hello, ${label}`);
      await signal(offerer, answerer);
      expect(await received).toBe(`hello, ${label}`);
      expect(ours.sctp.transport.state).toBe('connected');
    } finally {
      ours.close();
      theirs.close();
    }
    await until(handshakeSparesFull);  // refilled before the next handshake
  }
  // Each handshake took one of each: libwebrtc checked a signature made with a spare nonce (as
  // DTLS server and as client) and derived the keys from a spare X25519 share.
  expect(spareCounts().x25519Taken - before.x25519Taken).toBe(2);
  expect(spareCounts().noncesTaken - before.noncesTaken).toBe(2);
});

test('a spare that cannot be made stops the refill without throwing from the timer', async () => {
  const core = await loadCore();
  const real = core.makeHandshakeSpare;
  let calls = 0;
  core.makeHandshakeSpare = () => { calls++; throw new Error('no spares today'); };
  const uncaught = [];
  const onUncaught = (err) => uncaught.push(err);
  process.on('uncaughtException', onUncaught);
  try {
    const cert = await generateCertificate(ECDSA);
    const pcs = [new RTCPeerConnection({ certificates: [cert] }), new RTCPeerConnection({ certificates: [cert] })];
    const opened = waitOpen(pcs[0].createDataChannel('anyway'));
    await wire(pcs[0], pcs[1])();
    await opened;  // the handshake took what was left and made the rest itself
    for (const pc of pcs) pc.close();
    await until(() => calls > 0);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(uncaught).toEqual([]);
  } finally {
    process.off('uncaughtException', onUncaught);
    core.makeHandshakeSpare = real;
  }
});
