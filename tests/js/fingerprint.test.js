// The a=fingerprint is what authenticates the peer (RFC 8122, RFC 8827): a certificate that does
// not match it must fail DTLS in the shipped wasm module, whose OpenSSL skips chain verification
// and hands the peer's certificate straight to the core's check (wasm/third_party/recipe_openssl.sh).
// Both directions: the DTLS client checking the server's certificate and the server checking the
// client's.
import { RTCPeerConnection } from '../../js/index.js';
import { wire } from './helpers/wire.js';

// The last byte of the SHA-256 fingerprint changed: a certificate no one holds.
function tamper(description) {
  const sdp = description.sdp.replace(/(a=fingerprint:sha-256 (?:[0-9A-F]{2}:){31})([0-9A-F]{2})/i,
    (_, head, last) => head + (last.toUpperCase() === '00' ? '01' : '00'));
  expect(sdp).not.toBe(description.sdp);
  return { type: description.type, sdp };
}

function settles(pc) {
  return new Promise((resolve) => {
    const check = () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'connected') resolve(pc.connectionState);
    };
    pc.addEventListener('connectionstatechange', check);
    check();
  });
}

async function connectWithTamperedFingerprint(tamperOffer) {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  try {
    // The side that checks is handed the wrong fingerprint as its remote description.
    const checker = tamperOffer ? b : a;
    const apply = checker.setRemoteDescription.bind(checker);
    checker.setRemoteDescription = (description) => apply(tamper(description));
    const negotiate = wire(a, b);
    const dc = a.createDataChannel('x');
    let opened = false;
    dc.onopen = () => { opened = true; };
    b.ondatachannel = () => { opened = true; };
    await negotiate();
    // It rejects the certificate it receives.
    expect(await settles(checker)).toBe('failed');
    expect(opened).toBe(false);
    expect(a.sctp === null || a.sctp.state !== 'connected').toBe(true);
  } finally {
    a.close();
    b.close();
  }
}

test('a wrong fingerprint in the offer: the answerer rejects the offerer\'s certificate', async () => {
  await connectWithTamperedFingerprint(true);
}, 30000);

test('a wrong fingerprint in the answer: the offerer rejects the answerer\'s certificate', async () => {
  await connectWithTamperedFingerprint(false);
}, 30000);
