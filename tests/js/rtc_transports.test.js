// pc.sctp → RTCSctpTransport → RTCDtlsTransport → RTCIceTransport (webrtc-pc §5.5, §5.6, §6.1)
// between two wasmrtc peers: states and their events, roles, the peer's certificate, the selected
// candidate pair, and close() firing nothing.
import { createHash } from 'node:crypto';
import { RTCPeerConnection } from '../../js/index.js';
import { wire } from './helpers/wire.js';

async function connected() {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  const negotiate = wire(a, b);
  const events = [];
  const channel = a.createDataChannel('x');
  const opened = new Promise((resolve) => { channel.onopen = resolve; });
  expect(a.sctp).toBeNull();
  await negotiate();
  for (const [name, pc] of [['a', a], ['b', b]]) {
    const sctp = pc.sctp;
    sctp.addEventListener('statechange', () => events.push(`${name} sctp ${sctp.state}`));
    sctp.transport.onstatechange = () => events.push(`${name} dtls ${sctp.transport.state}`);
    sctp.transport.iceTransport.onstatechange = () => events.push(`${name} ice ${sctp.transport.iceTransport.state}`);
  }
  await opened;
  // b's side may still be finishing (its connectionstatechange runs in its own microtask).
  const start = Date.now();
  while (b.connectionState !== 'connected' || a.connectionState !== 'connected') {
    if (Date.now() - start > 10000) throw new Error('not connected');
    await new Promise((r) => setTimeout(r, 10));
  }
  return { a, b, events };
}

function sdpFingerprint(sdp) {
  return /a=fingerprint:sha-256 ([0-9A-F:]+)/i.exec(sdp)[1].toUpperCase();
}

test('the transports of a connected pair: states, roles, certificates, selected pair', async () => {
  const { a, b, events } = await connected();
  try {
    for (const pc of [a, b]) {
      const sctp = pc.sctp;
      expect(Object.prototype.toString.call(sctp)).toBe('[object RTCSctpTransport]');
      expect(sctp.state).toBe('connected');
      expect(sctp.maxChannels).toBe(65535);
      expect(sctp.maxMessageSize).toBeGreaterThanOrEqual(64 * 1024);
      expect(sctp.transport.state).toBe('connected');
      expect(['connected', 'completed']).toContain(sctp.transport.iceTransport.state);
      expect(sctp.transport.iceTransport.gatheringState).toBe('complete');
      expect(sctp.transport.iceTransport.component).toBe('rtp');
      expect(sctp.transport).toBe(pc.sctp.transport);  // the same objects each time
    }
    expect(a.sctp.transport.iceTransport.role).toBe('controlling');  // the offerer
    expect(b.sctp.transport.iceTransport.role).toBe('controlled');

    // The DER certificate a received is the one b's SDP fingerprint names.
    const [der] = a.sctp.transport.getRemoteCertificates();
    expect(der).toBeInstanceOf(ArrayBuffer);
    const digest = createHash('sha256').update(Buffer.from(der)).digest('hex').toUpperCase().match(/../g).join(':');
    expect(digest).toBe(sdpFingerprint(b.localDescription.sdp));

    // The selected pair agrees with getStats' selected candidate pair.
    const pair = a.sctp.transport.iceTransport.getSelectedCandidatePair();
    const stats = await a.getStats();
    const transport = [...stats.values()].find((s) => s.type === 'transport');
    const statsPair = stats.get(transport.selectedCandidatePairId);
    const local = stats.get(statsPair.localCandidateId);
    const remote = stats.get(statsPair.remoteCandidateId);
    expect(pair.local.address).toBe(local.address);
    expect(pair.local.port).toBe(local.port);
    expect(pair.remote.address).toBe(remote.address);
    expect(pair.remote.port).toBe(remote.port);

    // Events: each transport reported its way up (the a side's are registered after negotiation,
    // so at least DTLS and SCTP reaching 'connected' were seen on both sides).
    for (const side of ['a', 'b']) {
      expect(events).toContain(`${side} dtls connected`);
      expect(events).toContain(`${side} sctp connected`);
      expect(events.indexOf(`${side} dtls connected`)).toBeLessThan(events.indexOf(`${side} sctp connected`));
    }
  } finally {
    a.close();
    b.close();
  }
}, 30000);

test('close() closes the transports without firing their events', async () => {
  const { a, b, events } = await connected();
  const sctp = a.sctp;
  const before = events.filter((e) => e.startsWith('a ')).length;
  a.close();
  await new Promise((r) => setTimeout(r, 50));
  expect(sctp.state).toBe('closed');
  expect(sctp.transport.state).toBe('closed');
  expect(sctp.transport.iceTransport.state).toBe('closed');
  expect(events.filter((e) => e.startsWith('a ')).length).toBe(before);
  b.close();
}, 30000);

test('the transport interfaces cannot be constructed by applications', async () => {
  const { a, b } = await connected();
  try {
    for (const object of [a.sctp, a.sctp.transport, a.sctp.transport.iceTransport]) {
      expect(() => new object.constructor()).toThrow(TypeError);
    }
  } finally {
    a.close();
    b.close();
  }
}, 30000);
