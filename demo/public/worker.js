// worker.html's page side: draws the chat and forwards to and from the worker (chat_worker.js),
// which owns the connection. Nothing here touches WebRTC.
import { createChatView } from './lib/chat_view.js';

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL('chat_worker.js', import.meta.url), { type: 'module' });
const chat = createChatView({ log: $('log'), form: $('send'), onSend: send });
let room = null;
let open = false;

function showStatus(text, phase) {
  $('status').textContent = text;
  $('status').dataset.phase = phase;
}

function setJoined(joined) {
  $('join-button').disabled = joined;
  $('room').disabled = joined;
  $('leave').disabled = !joined;
}

function join(name) {
  room = name;
  setJoined(true);
  const url = new URL(location.href);
  url.searchParams.set('room', room);
  history.replaceState(null, '', url);
  worker.postMessage({ type: 'join', room });
}

function leave() {
  room = null;
  open = false;
  worker.postMessage({ type: 'leave' });
  chat.setEnabled(false);
  setJoined(false);
  showStatus('not connected', 'idle');
}

function send(text) {
  if (!open) return;
  worker.postMessage({ type: 'send', text });
  chat.show('me', text);
}

worker.onmessage = ({ data }) => {
  switch (data.type) {
    case 'ready':
      $('worker-info').textContent = data.hasOwnRTCPeerConnection
        ? 'this browser has an RTCPeerConnection in workers; wasmrtc is used anyway'
        : 'no RTCPeerConnection of its own; wasmrtc provides it';
      $('worker-info').dataset.native = String(data.hasOwnRTCPeerConnection);
      break;
    case 'status':
      if (room) showStatus(data.text, data.phase);
      // The other tab left: the worker waits in the same room for the next one.
      if (data.phase === 'peer-left' && open) {
        open = false;
        chat.setEnabled(false);
        chat.show('info', 'the other peer left');
        worker.postMessage({ type: 'leave' });
        worker.postMessage({ type: 'join', room });
      }
      break;
    case 'open':
      open = true;
      chat.show('info', 'connected with wasmrtc inside the worker');
      chat.setEnabled(true);
      break;
    case 'message':
      chat.show('peer', data.text);
      break;
    case 'failed':
      if (/left the room/.test(data.message) && room) {
        worker.postMessage({ type: 'join', room });
        break;
      }
      showStatus(`could not connect: ${data.message}`, 'failed');
      if (room) setJoined(false);
      room = null;
      break;
    default:
      break;
  }
};

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  join($('room').value.trim());
});
$('leave').addEventListener('click', leave);

const initial = new URL(location.href).searchParams.get('room');
if (initial) {
  $('room').value = initial;
  join(initial);
}
