// Short-lived TURN credentials, minted with the TURN REST API scheme that wasmrtc-relay (and coturn's
// use-auth-secret) verify: nothing is stored, the relay recomputes the password from the shared
// secret and refuses the username once its expiry has passed (docs/RELAY.md, "Credentials").
import crypto from 'node:crypto';

/** {username: '<unix expiry>:<user>', credential: base64(HMAC-SHA1(secret, username))}. */
export function mintTurnCredential(secret, user, ttlSeconds = 3600, now = Date.now()) {
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${user}`;
  const credential = crypto.createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/**
 * What GET /config.json returns to a page: the relay's WebSocket for wasmrtc, and the same relay as
 * an ordinary TURN server for the browser's own RTCPeerConnection, with one fresh credential.
 * relay: what startRelay() resolved to.
 */
export function pageConfig(relay, { user = 'demo', ttlSeconds = 3600 } = {}) {
  const { username, credential } = mintTurnCredential(relay.secret, user, ttlSeconds);
  const turn = (address, transport) => `turn:${hostForUrl(address.host)}:${address.port}?transport=${transport}`;
  return {
    relay: { url: `ws://${hostForUrl(relay.tcp.host)}:${relay.tcp.port}/`, username, credential },
    iceServers: [{ urls: [turn(relay.udp, 'udp'), turn(relay.tcp, 'tcp')], username, credential }],
  };
}

const hostForUrl = (host) => (host.includes(':') ? `[${host}]` : host);
