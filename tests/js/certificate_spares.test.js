// Certificates made ahead of need (js/src/certificate_spares.js): every connection without
// `certificates` still gets one of its own, spares are made only when the connections are idle
// and only for an application that needs them, and a given certificate is the one DTLS presents.
import { jest } from '@jest/globals';
import { generateCertificate, RTCPeerConnection } from '../../js/index.js';
import { loadCore } from '../../js/src/core.js';
import { noteConnectionBusy, spareCount, takeCertificate } from '../../js/src/certificate_spares.js';
import { wire } from './helpers/wire.js';

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

function waitOpen(channel) {
  return new Promise((resolve) => { channel.onopen = resolve; });
}

beforeAll(() => loadCore());

// Runs first: spares are made only once a connection needed a certificate of its own.
test('an application that passes certificates never pays for spares, and DTLS presents its certificate', async () => {
  const [certA, certB] = await Promise.all([generateCertificate(ECDSA), generateCertificate(ECDSA)]);
  const a = new RTCPeerConnection({ certificates: [certA] });
  const b = new RTCPeerConnection({ certificates: [certB] });
  try {
    const negotiate = wire(a, b);
    const channel = a.createDataChannel('given');
    const opened = waitOpen(channel);
    await negotiate();
    await opened;
    expect(fingerprintOf(a)).toBe(certA.getFingerprints()[0].value);
    expect(fingerprintOf(b)).toBe(certB.getFingerprints()[0].value);
    // What each side received in the handshake is the other's given certificate.
    const seenByB = Buffer.from(b.sctp.transport.getRemoteCertificates()[0]);
    const { certificateHandle } = await import('../../js/src/rtc_certificate.js');
    expect(seenByB.equals(Buffer.from(certificateHandle(certA).der()))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));  // idle: a refill would have run
    expect(spareCount()).toBe(0);
  } finally {
    a.close();
    b.close();
  }
});

test('spares are ready after a connection without certificates, and each goes to one connection', async () => {
  const first = new RTCPeerConnection();
  const seen = new Set([await offerFingerprint(first)]);
  first.close();
  await until(() => spareCount() === 2);
  const pcs = [new RTCPeerConnection(), new RTCPeerConnection()];
  expect(spareCount()).toBe(0);  // both taken by the constructors
  for (const pc of pcs) seen.add(await offerFingerprint(pc));
  await until(() => spareCount() === 2);
  const third = new RTCPeerConnection();
  seen.add(await offerFingerprint(third));
  for (const pc of [...pcs, third]) pc.close();
  expect(seen.size).toBe(4);  // four connections, four certificates
});

test('no spare is made while a connection is busy', async () => {
  await until(() => spareCount() === 2);
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
  try {
    takeCertificate().delete();  // arms the refill timer (a fake one now)
    takeCertificate().delete();
    expect(spareCount()).toBe(0);
    // Busy every 2 ms for 100 ms: the refill keeps waiting for 5 quiet milliseconds.
    for (let i = 0; i < 50; i++) {
      noteConnectionBusy(performance.now());
      jest.advanceTimersByTime(2);
    }
    expect(spareCount()).toBe(0);
    jest.advanceTimersByTime(5);
    expect(spareCount()).toBe(1);  // one per callback
    jest.advanceTimersByTime(5);
    expect(spareCount()).toBe(2);
    jest.advanceTimersByTime(50);
    expect(spareCount()).toBe(2);  // never more than two
  } finally {
    jest.useRealTimers();
  }
});
