// js/src/packet_io.js against a real core handle: the numeric per-packet crossings (interned
// address indices, datagrams through wasm memory) name the right sockets and carry the right bytes,
// and oversized or unaddressable input is dropped and counted. The end-to-end suites
// (rtc_peer_connection.test.js) carry data channel messages through the same path.
import { loadCore } from '../../js/src/internal.js';
import { PacketIo } from '../../js/src/packet_io.js';

const LOCAL = '127.0.0.1:40000';
const STUN_SERVER = { ip: '127.0.0.2', port: 3478 };
const MAGIC = 0x2112a442;

let core;
const handles = [];
beforeAll(async () => { core = await loadCore(); });
afterAll(() => {
  for (const handle of handles) handle.delete();
});

function newHandle() {
  const created = core.PeerConnectionHandle.create(performance.now(), Date.now(), { maxMessageSize: 65536 });
  handles.push(created.handle);
  return created.handle;
}

function transmitsOf(io) {
  const out = [];
  // A view of wasm memory, lent for the call: kept as a copy.
  io.flushTransmits((local, ip, port, bytes) => out.push({ local, ip, port, bytes: bytes.slice() }));
  return out;
}

function eventsOf(io) {
  const out = [];
  for (let e = io.pollEvent(); e; e = io.pollEvent()) out.push(e);
  return out;
}

// Starts gathering with one host socket and one STUN server; returns the first binding request.
function startGathering(handle, io) {
  let now = performance.now();
  handle.addHostAddress(now, LOCAL);
  handle.addStunServer(`${STUN_SERVER.ip}:${STUN_SERVER.port}`);
  handle.createDataChannel(now, {
    label: 'x', protocol: '', ordered: true, maxPacketLifeTime: null, maxRetransmits: null, negotiated: false, id: null, priority: 256,
  });
  handle.setLocalDescription(now, 'offer', '');
  for (let i = 0; i < 50; i++) {
    const stun = transmitsOf(io).filter((t) => t.ip === STUN_SERVER.ip);
    if (stun.length) return stun[0];
    now += 100;
    handle.handleTimeout(now);
  }
  throw new Error('no binding request to the STUN server');
}

// A Binding success response (RFC 8489 §6.3.1) to `request` with XOR-MAPPED-ADDRESS ip:port.
function bindingResponse(request, ip, port) {
  const out = Buffer.alloc(20 + 12);
  out.writeUInt16BE(0x0101, 0);
  out.writeUInt16BE(12, 2);
  out.writeUInt32BE(MAGIC, 4);
  Buffer.from(request.subarray(8, 20)).copy(out, 8);
  out.writeUInt16BE(0x0020, 20);
  out.writeUInt16BE(8, 22);
  out.writeUInt16BE(0x0001, 24);
  out.writeUInt16BE(port ^ (MAGIC >>> 16), 26);
  const addr = ip.split('.').reduce((a, b) => ((a << 8) | Number(b)) >>> 0, 0);
  out.writeUInt32BE((addr ^ MAGIC) >>> 0, 28);
  return out;
}

test('a transmit names its socket and destination, and a response fed back by index reaches ICE', () => {
  const handle = newHandle();
  const io = new PacketIo(handle);
  const request = startGathering(handle, io);
  expect(request.local).toBe(LOCAL);
  expect(request.port).toBe(STUN_SERVER.port);
  expect(request.bytes).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(request.bytes).readUInt16BE(0)).toBe(0x0001);  // Binding request
  expect(Buffer.from(request.bytes).readUInt32BE(4)).toBe(MAGIC);

  eventsOf(io);
  io.receive(performance.now(), LOCAL, STUN_SERVER.ip, STUN_SERVER.port, bindingResponse(request.bytes, '203.0.113.7', 50000));
  const candidates = eventsOf(io).filter((e) => e.type === 'icecandidate').map((e) => e.candidate);
  expect(candidates.some((c) => / 203\.0\.113\.7 50000 typ srflx raddr 127\.0\.0\.1 rport 40000/.test(c))).toBe(true);
  expect(io.dropped).toBe(0);
});

test('the same response from another address, or to another socket, does not count as the server\'s', () => {
  const handle = newHandle();
  const io = new PacketIo(handle);
  const request = startGathering(handle, io);
  eventsOf(io);
  io.receive(performance.now(), LOCAL, '127.0.0.9', STUN_SERVER.port, bindingResponse(request.bytes, '203.0.113.7', 50000));
  io.receive(performance.now(), '127.0.0.1:40001', STUN_SERVER.ip, STUN_SERVER.port, bindingResponse(request.bytes, '203.0.113.8', 50000));
  const candidates = eventsOf(io).filter((e) => e.type === 'icecandidate').map((e) => e.candidate);
  expect(candidates.some((c) => / typ srflx /.test(c))).toBe(false);
});

test('oversized datagrams and unparsable addresses are dropped and counted', () => {
  const handle = newHandle();
  const io = new PacketIo(handle);
  io.receive(performance.now(), LOCAL, '127.0.0.2', 1, new Uint8Array(handle.receiveBufferSize() + 1));
  io.receive(performance.now(), 'not an address', '127.0.0.2', 1, new Uint8Array(10));
  expect(io.dropped).toBe(2);
  io.receive(performance.now(), LOCAL, '127.0.0.2', 1, new Uint8Array(handle.receiveBufferSize()));
  expect(io.dropped).toBe(2);
});

test('datagrams from ever new ports do not grow the address tables without bound', () => {
  const handle = newHandle();
  const io = new PacketIo(handle);
  const junk = new Uint8Array([1, 2, 3, 4]);
  for (let port = 1; port <= 3000; port++) io.receive(performance.now(), LOCAL, '198.51.100.1', port, junk);
  expect(io.dropped).toBe(0);
  expect(handle.addressInfo(1100)).toBeNull();  // the tables started over on the way
  // ... and the path still works afterwards.
  const request = startGathering(handle, io);
  expect(request.local).toBe(LOCAL);
  eventsOf(io);
  io.receive(performance.now(), LOCAL, STUN_SERVER.ip, STUN_SERVER.port, bindingResponse(request.bytes, '203.0.113.7', 50000));
  expect(eventsOf(io).some((e) => e.type === 'icecandidate' && / typ srflx /.test(e.candidate))).toBe(true);
});
