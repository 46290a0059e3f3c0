// RTCConfiguration checks of the constructor and setConfiguration() (webrtc-pc §4.4.1.1,
// §4.4.1.3 "set a configuration" and "validate an ICE server"): each error the spec names.
import { RTCPeerConnection } from '../../js/index.js';

const open = [];
afterEach(() => {
  for (const pc of open.splice(0)) pc.close();
});

function create(configuration) {
  const pc = new RTCPeerConnection(configuration);
  open.push(pc);
  return pc;
}

function errorOf(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

test.each([
  [{ urls: 'http://example.org' }, 'SyntaxError'],
  [{ urls: 'stun:' }, 'SyntaxError'],
  [{ urls: [] }, 'SyntaxError'],
  [{ urls: 'turn:example.org?transport=sctp', username: 'u', credential: 'p' }, 'SyntaxError'],
  [{ urls: 'turn:example.org' }, 'InvalidAccessError'],
  [{ urls: 'turns:example.org', username: 'u' }, 'InvalidAccessError'],
  [{ urls: ['stun:example.org', 'turn:example.org'], credential: 'p' }, 'InvalidAccessError'],
])('iceServers %j throws %s', (server, name) => {
  const err = errorOf(() => create({ iceServers: [server] }));
  expect(err).toBeInstanceOf(DOMException);
  expect(err.name).toBe(name);
});

test.each([
  [{ iceServers: [{}] }],
  [{ iceServers: [null] }],
  [{ iceTransportPolicy: 'none' }],
  [{ bundlePolicy: 'max' }],
  [{ rtcpMuxPolicy: 'negotiate' }],
  [{ iceCandidatePoolSize: 256 }],
  [{ iceCandidatePoolSize: -1 }],
  [{ iceCandidatePoolSize: NaN }],
  [{ certificates: [{}] }],
  ['not a dictionary'],
])('%j throws TypeError', (configuration) => {
  expect(errorOf(() => create(configuration))).toBeInstanceOf(TypeError);
});

test('valid servers are accepted, and getConfiguration returns what was given, in fresh copies', () => {
  const iceServers = [
    { urls: 'stun:stun.example.org' },
    { urls: ['turn:[2001:db8::1]:3478?transport=tcp', 'turns:turn.example.org'], username: 'u', credential: '' },
  ];
  const pc = create({ iceServers, iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', iceCandidatePoolSize: 3 });
  const c = pc.getConfiguration();
  expect(c).toEqual({
    iceServers, iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
    certificates: [], iceCandidatePoolSize: 3,
  });
  c.iceServers[1].urls.push('stun:changed');
  expect(pc.getConfiguration().iceServers[1].urls).toHaveLength(2);
});

test('defaults', () => {
  expect(create().getConfiguration()).toEqual({
    iceServers: [], iceTransportPolicy: 'all', bundlePolicy: 'balanced', rtcpMuxPolicy: 'require',
    certificates: [], iceCandidatePoolSize: 0,
  });
});

test('setConfiguration: what cannot change throws InvalidModificationError; the rest is kept', async () => {
  const pc = create({ bundlePolicy: 'max-bundle', iceCandidatePoolSize: 1 });
  expect(errorOf(() => pc.setConfiguration({ bundlePolicy: 'balanced' })).name).toBe('InvalidModificationError');
  expect(errorOf(() => pc.setConfiguration({ bundlePolicy: 'max-bundle', iceServers: [{ urls: 'turn:x' }] })).name)
    .toBe('InvalidAccessError');
  const certificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
  expect(errorOf(() => pc.setConfiguration({ bundlePolicy: 'max-bundle', certificates: [certificate] })).name)
    .toBe('InvalidModificationError');
  pc.setConfiguration({ bundlePolicy: 'max-bundle', iceCandidatePoolSize: 2, iceTransportPolicy: 'relay',
    iceServers: [{ urls: 'stun:stun.example.org' }] });
  expect(pc.getConfiguration()).toMatchObject({ iceCandidatePoolSize: 2, iceTransportPolicy: 'relay',
    iceServers: [{ urls: 'stun:stun.example.org' }] });
  pc.createDataChannel('x');
  await pc.setLocalDescription();
  expect(errorOf(() => pc.setConfiguration({ bundlePolicy: 'max-bundle', iceCandidatePoolSize: 5 })).name)
    .toBe('InvalidModificationError');
  pc.close();
  expect(errorOf(() => pc.setConfiguration({ bundlePolicy: 'max-bundle' })).name).toBe('InvalidStateError');
});
