// Hands RTCConfiguration.iceServers to the core for a peer connection that has sockets (Node):
// STUN servers for server-reflexive candidates, TURN servers over UDP from one of the host sockets,
// TURN over TCP and TLS through their own connections (turn_stream_transport.js). Host names are
// resolved here (the core does no I/O). A server that cannot be resolved or reached becomes an
// icecandidateerror (webrtc-pc §4.8.3: errorCode 701 when no host candidate reached it), never a
// failed connection: the others still gather.
import { openTurnStreamTransport } from './turn_stream_transport.js';
import { importNodeBuiltin } from './node_builtin.js';

async function resolveHost(url) {
  if (url.ip) return url.ip;
  const dns = await importNodeBuiltin('dns');
  const { address } = await dns.promises.lookup(url.host, { family: 4 });
  return address;
}

const isLoopback = (ip) => ip.startsWith('127.') || ip === '::1';

// TURN over UDP leaves from one host socket: loopback for a loopback server, else the first
// socket of another interface (loopback cannot reach it).
function udpBase(hostAddresses, ip) {
  const ipv4 = hostAddresses.filter((a) => !a.startsWith('['));
  return isLoopback(ip) ? ipv4.find((a) => isLoopback(a)) : ipv4.find((a) => !a.startsWith('127.'));
}

/**
 * Adds every usable server of `iceServers` (normalized by rtc_configuration.js) to `handle`.
 * STUN servers are added whatever the policy: the core asks them only in a gathering phase under
 * iceTransportPolicy 'all', which an ICE restart after setConfiguration() may start. With
 * `relayOnly` (the policy is 'relay' now) a STUN server that cannot be resolved is no error.
 * Stream transports it opens are added with addTransport(transport, [local]); onAdded(server,
 * {kind: 'stun', address} | {kind: 'turn', server, local}) names what the core got for each entry,
 * so a later setConfiguration() can take it away again. Resolves with the
 * list of failures [{url, address, port, errorCode, errorText}] for icecandidateerror.
 */
export async function setUpIceServers({ iceServers, relayOnly, hostAddresses, handle, now, createFramer,
  onPacket, addTransport, isClosed, tlsOptions, onAdded = () => {} }) {
  const failures = [];
  const jobs = [];
  for (const server of iceServers) {
    for (const url of server.parsed) {
      if (!url.scheme.startsWith('turn') && url.secure) continue;  // stuns: not gathered
      jobs.push((async () => {
        let ip;
        try {
          ip = await resolveHost(url);
        } catch (err) {
          if (relayOnly && url.scheme === 'stun') return;  // not asked under this policy anyway
          failures.push({ url: url.url, address: null, port: null, errorCode: 701, errorText: `cannot resolve ${url.host}: ${err.code || err.message}` });
          return;
        }
        const address = ip.includes(':') ? `[${ip}]:${url.port}` : `${ip}:${url.port}`;
        if (isClosed()) return;
        if (url.scheme === 'stun') {
          handle.addStunServer(address);
          onAdded(server, { kind: 'stun', address });
        } else if (url.transport === 'udp' && !url.secure) {
          const base = udpBase(hostAddresses, ip);
          if (!base) {
            failures.push({ url: url.url, address: null, port: null, errorCode: 701, errorText: 'no local socket can reach the server' });
            return;
          }
          handle.addTurnServer(now(), address, base, server.username, server.credential, false, false);
          onAdded(server, { kind: 'turn', server: address, local: base });
        } else {
          let transport;
          try {
            transport = await openTurnStreamTransport({ ip, port: url.port, secure: url.secure, servername: url.host, tlsOptions },
              createFramer, onPacket);
          } catch (err) {
            failures.push({ url: url.url, address: null, port: null, errorCode: 701, errorText: err.message });
            return;
          }
          if (isClosed()) {
            transport.close();
            return;
          }
          addTransport(transport, [transport.local]);
          handle.addTurnServer(now(), transport.server, transport.local, server.username, server.credential, true, true);
          onAdded(server, { kind: 'turn', server: transport.server, local: transport.local });
        }
      })());
    }
  }
  await Promise.all(jobs);
  return failures;
}
