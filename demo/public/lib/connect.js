// Connects this tab (or Web Worker) to the other peer of a room and opens a data channel, with
// either the browser's own RTCPeerConnection or wasmrtc's. The demo pages all start here; copy it.
//
//   const { pc, channel, polite, close } = await connectToRoom({ room: 'lobby', implementation: 'wasmrtc',
//     onStatus: (text) => { statusElement.textContent = text; } });
//   channel.onmessage = (event) => console.log(event.data);
//   channel.send('hello');
//
// What travels where:
//   - GET /config.json (demo/server.mjs) returns a fresh short-lived TURN credential for the demo's
//     relay: {relay: {url, username, credential}, iceServers: [...]}.
//   - wasmrtc has no UDP in a browser: it reaches the relay over a WebSocket (`relay`), and its only
//     candidate is the address the relay allocated for it.
//   - The browser's own RTCPeerConnection gets the same relay as an ordinary TURN server
//     (`iceServers`). It needs it: its host candidates are mDNS names (xxxx.local) that only the same
//     browser can resolve, so a wasmrtc peer can only be reached from a relayed candidate.
//   - Offers, answers and candidates go through the demo's signaling WebSocket (/signal), which
//     forwards JSON between the two peers of a room. The second peer to join makes the offer and
//     creates the channel; the first answers and receives it in `datachannel`.

export const CHANNEL_LABEL = 'demo';

/** The RTCPeerConnection class for 'native' (the browser's) or 'wasmrtc' (this library's). */
async function peerConnectionClass(implementation) {
  if (implementation === 'wasmrtc') {
    // Loads the wasm core on first use (top-level await inside the module).
    const wasmrtc = await import('/js/index.js');
    return wasmrtc.RTCPeerConnection;
  }
  if (implementation === 'native') {
    if (typeof globalThis.RTCPeerConnection !== 'function') {
      throw new Error('this browser (or this Web Worker) has no RTCPeerConnection of its own; use wasmrtc');
    }
    return globalThis.RTCPeerConnection;
  }
  throw new TypeError(`implementation is 'native' or 'wasmrtc', not '${implementation}'`);
}

/** The configuration each implementation needs, from /config.json. */
function configurationFor(implementation, config) {
  return implementation === 'wasmrtc'
    ? { wasmrtc: { transport: 'websocket', relay: config.relay } }
    : { iceServers: config.iceServers };
}

/** Opens the signaling WebSocket; resolves once it is open. */
function openSignaling(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error(`cannot reach the signaling server at ${url}`));
  });
}

/** Resolves with the next signaling message for which accept(message) is true. */
function nextMessage(ws, accept) {
  return new Promise((resolve, reject) => {
    const onMessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'error') done(reject, new Error(message.message));
      else if (accept(message)) done(resolve, message);
    };
    const onClose = () => done(reject, new Error('the signaling server closed the connection'));
    function done(settle, value) {
      ws.removeEventListener('message', onMessage);
      ws.removeEventListener('close', onClose);
      settle(value);
    }
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', onClose);
  });
}

/**
 * Joins `room` and resolves once the data channel 'demo' to the other peer is open.
 * implementation: 'native' | 'wasmrtc'. onStatus(text, phase) is called as things happen; phase is
 * one of 'config', 'signaling', 'waiting', 'negotiating', 'connection-<RTCPeerConnectionState>',
 * 'open', 'peer-left', 'closed'.
 * Resolves to {pc, channel, polite, close()}. polite is true for the peer that answered (the first
 * to join): the perfect negotiation pattern's polite peer, for applications that renegotiate later.
 * Rejects (and cleans up) if anything fails before the channel opens, if the other peer leaves
 * before that, or when `signal` (an AbortSignal: a "leave" button) aborts.
 */
export async function connectToRoom({ room, implementation = 'wasmrtc', onStatus = () => {}, signal: abortSignal, timeoutMs = 60000 }) {
  const status = (text, phase) => onStatus(text, phase);
  status('fetching the relay configuration', 'config');
  const PeerConnection = await peerConnectionClass(implementation);
  const response = await fetch(new URL('/config.json', location.href));
  if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
  const config = await response.json();

  status(`joining room "${room}"`, 'signaling');
  const signalUrl = new URL('/signal', location.href);
  signalUrl.protocol = signalUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = await openSignaling(signalUrl.href);
  const joined = nextMessage(ws, (m) => m.type === 'joined');
  ws.send(JSON.stringify({ type: 'join', room }));
  let pc = null;
  let closed = false;
  // Settles (rejects) when the attempt must stop before the channel opens.
  let stopWaiting;
  const stopped = new Promise((_, reject) => { stopWaiting = reject; });
  stopped.catch(() => {});
  const close = () => {
    closed = true;
    stopWaiting(new Error('closed'));
    pc?.close();
    ws.close();
  };
  if (abortSignal?.aborted) close();
  abortSignal?.addEventListener('abort', close);

  try {
    const { offerer } = await Promise.race([joined, stopped]);
    pc = new PeerConnection(configurationFor(implementation, config));
    const signal = (data) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ type: 'signal', data }));

    pc.addEventListener('icecandidate', ({ candidate }) => {
      // null (and an empty candidate) mark the end of gathering; the other side needs nothing for it.
      if (candidate && candidate.candidate) signal({ candidate: candidate.toJSON() });
    });
    pc.addEventListener('connectionstatechange', () => {
      if (!closed) status(`connection ${pc.connectionState}`, `connection-${pc.connectionState}`);
    });

    // Messages are handled one at a time, in order: an answer must be applied before the
    // candidates that follow it.
    let queue = Promise.resolve();
    ws.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      queue = queue.then(() => onSignalingMessage(message)).catch((err) => status(`signaling: ${err.message}`, 'error'));
    });
    ws.addEventListener('close', () => {
      if (!closed) status('the signaling server went away', 'closed');
    });
    async function onSignalingMessage(message) {
      if (message.type === 'peer-left') {
        status('the other peer left the room', 'peer-left');
        stopWaiting(new Error('the other peer left the room before the channel opened'));
      } else if (message.type === 'signal' && message.data.description) {
        await pc.setRemoteDescription(message.data.description);
        if (message.data.description.type === 'offer') {
          await pc.setLocalDescription(await pc.createAnswer());
          signal({ description: pc.localDescription.toJSON() });
        }
      } else if (message.type === 'signal' && message.data.candidate) {
        try {
          await pc.addIceCandidate(message.data.candidate);
        } catch (err) {
          // One candidate this side cannot use (an mDNS name, say) must not stop the others.
          console.warn('candidate not added:', message.data.candidate.candidate, err.message);
        }
      }
    }

    let channel;
    if (offerer) {
      status('the other peer is here; making the offer', 'negotiating');
      channel = pc.createDataChannel(CHANNEL_LABEL);
      await pc.setLocalDescription(await pc.createOffer());
      signal({ description: pc.localDescription.toJSON() });
    } else {
      status(`waiting for another tab to join room "${room}"`, 'waiting');
      channel = await Promise.race([stopped, new Promise((resolve) => {
        pc.addEventListener('datachannel', (event) => {
          if (event.channel.label === CHANNEL_LABEL) resolve(event.channel);
        });
      })]);
    }
    await Promise.race([stopped, opened(channel, pc, timeoutMs)]);
    status(`connected: data channel "${channel.label}" is open`, 'open');
    channel.addEventListener('close', () => {
      if (!closed) status('the data channel closed', 'closed');
    });
    return { pc, channel, polite: !offerer, close };
  } catch (err) {
    close();
    throw err;
  }
}

/** Resolves when the channel is open; rejects if the connection fails or it takes too long. */
function opened(channel, pc, timeoutMs) {
  if (channel.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the data channel did not open within ${timeoutMs / 1000} s`)), timeoutMs);
    channel.addEventListener('open', () => {
      clearTimeout(timer);
      resolve();
    });
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed' || pc.connectionState === 'closed') {
        clearTimeout(timer);
        reject(new Error(`the connection ${pc.connectionState}`));
      }
    });
  });
}
