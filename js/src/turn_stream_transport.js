// TURN over TCP or TLS (RFC 8656 §3.1, turn:…?transport=tcp and turns:) for runtimes with
// node:net / node:tls: one connection per TURN server URL. The core's TURN client runs in reliable
// stream mode (no retransmissions, ChannelData padded to 4 bytes); the receive side is framed into
// whole TURN messages by the core's StunStreamFramer (a StreamFramerHandle) and each message is
// handed to the core as one datagram from the server. This is what gets through networks that
// allow only TCP/443.
import { importNodeBuiltin } from './node_builtin.js';

const CONNECT_TIMEOUT_MS = 5000;
// Like the WebSocket transport: past this much unsent data, datagrams are dropped (SCTP backs off)
// rather than queued without bound.
const MAX_BUFFERED = 256 * 1024;

let counter = 0;

/**
 * Connects to {ip, port} (TLS when `secure`, checking the certificate against `servername` unless
 * tls options say otherwise). Resolves with {local, server, send(), close(), dropped} once
 * connected, or rejects with an Error on failure or timeout. onPacket(local, address, port, bytes)
 * gets every framed message; onClose() runs if the server closes the connection.
 */
export async function openTurnStreamTransport({ ip, port, secure, servername, tlsOptions = {} },
  createFramer, onPacket, onClose = () => {}) {
  const net = await importNodeBuiltin('net');
  const tls = secure ? await importNodeBuiltin('tls') : null;
  // The name the core knows this connection by: a TEST-NET-1 address (RFC 5737) that never
  // reaches the wire, unique per connection.
  counter = (counter + 1) % 65000;
  const local = `192.0.2.3:${counter + 1}`;
  const server = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  const framer = createFramer();
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host: ip, port, servername: net.isIP(servername) ? undefined : servername, ...tlsOptions })
      : net.connect({ host: ip, port });
    socket.setNoDelay(true);
    let connected = false;
    const timer = setTimeout(() => socket.destroy(new Error(`TURN server ${server}: connect timed out`)), CONNECT_TIMEOUT_MS);
    const transport = {
      local,
      server,
      dropped: 0,
      send(from, address, toPort, bytes) {
        if (!connected || socket.writableLength > MAX_BUFFERED) {
          transport.dropped++;
          return;
        }
        socket.write(bytes);
      },
      close() {
        connected = false;
        socket.destroy();
      },
    };
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      connected = true;
      resolve(transport);
    });
    socket.on('data', (chunk) => {
      const messages = framer.push(chunk);
      if (messages === null) {  // framing lost: nothing after this can be trusted
        transport.dropped++;
        socket.destroy();
        return;
      }
      for (const message of messages) onPacket(local, ip, port, message);
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      if (!connected) reject(err);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      framer.delete?.();
      if (connected) {
        connected = false;
        onClose();
      }
    });
  });
}
