// The Web Worker of worker.html: holds the wasmrtc RTCPeerConnection and its data channel.
// Module workers can import ES modules, so the page's own lib/connect.js works here unchanged;
// a worker has fetch and WebSocket, which is all wasmrtc needs.
//
// Messages, page → worker: {type: 'join', room}, {type: 'send', text}, {type: 'leave'}
// worker → page: {type: 'ready', hasOwnRTCPeerConnection}, {type: 'status', text, phase},
//                {type: 'open'}, {type: 'message', text}, {type: 'failed', message}
import { connectToRoom } from './lib/connect.js';

let connection = null;
let controller = null;

// Checked before anything is imported into this scope: the browser's own API is not here.
postMessage({ type: 'ready', hasOwnRTCPeerConnection: typeof self.RTCPeerConnection === 'function' });

async function join(room) {
  const current = new AbortController();
  controller = current;
  try {
    connection = await connectToRoom({
      room,
      implementation: 'wasmrtc',   // the only one a worker has
      signal: current.signal,
      // A left attempt may still report; only the current one speaks to the page.
      onStatus: (text, phase) => controller === current && postMessage({ type: 'status', text, phase }),
    });
  } catch (err) {
    if (controller === current) postMessage({ type: 'failed', message: err.message });
    return;
  }
  connection.channel.addEventListener('message', (event) => postMessage({ type: 'message', text: String(event.data) }));
  postMessage({ type: 'open' });
}

function leave() {
  const current = controller;
  controller = null;
  connection = null;
  current?.abort();
}

onmessage = ({ data }) => {
  if (data.type === 'join') join(data.room);
  else if (data.type === 'leave') leave();
  else if (data.type === 'send' && connection?.channel.readyState === 'open') connection.channel.send(data.text);
};
