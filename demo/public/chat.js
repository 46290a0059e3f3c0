// chat.html: join a room, chat over the data channel. The connection is made by lib/connect.js with
// the implementation chosen in the switch (lib/switch.js).
import { connectToRoom } from './lib/connect.js';
import { renderImplementationSwitch } from './lib/switch.js';
import { createChatView } from './lib/chat_view.js';

const $ = (id) => document.getElementById(id);
const implementationSwitch = renderImplementationSwitch($('switch'), { onChange: () => leave() });
const chat = createChatView({ log: $('log'), form: $('send'), onSend: (text) => send(text) });

let connection = null;   // what connectToRoom resolved to
let attempt = null;      // AbortController of the join in progress, or of the live connection

function showStatus(text, phase) {
  $('status').textContent = text;
  $('status').dataset.phase = phase;
}

function setJoined(joined) {
  $('join-button').disabled = joined;
  $('room').disabled = joined;
  $('leave').disabled = !joined;
  implementationSwitch.setDisabled(joined);
}

async function join(room) {
  const controller = new AbortController();
  attempt = controller;
  setJoined(true);
  const url = new URL(location.href);
  url.searchParams.set('room', room);
  history.replaceState(null, '', url);   // a reload (or a copied link) joins the same room
  try {
    connection = await connectToRoom({
      room,
      implementation: implementationSwitch.value,
      signal: controller.signal,
      onStatus: (text, phase) => {
        if (attempt === controller) showStatus(text, phase);
        // The other tab went away: keep the room and wait for the next one.
        if (phase === 'peer-left' && connection) rejoin(room);
      },
    });
  } catch (err) {
    if (attempt !== controller) return;   // left on purpose
    if (/left the room/.test(err.message)) return rejoin(room);
    showStatus(`could not connect: ${err.message}`, 'failed');
    attempt = null;
    setJoined(false);
    return;
  }
  globalThis.demoConnection = connection;   // to look at from the console: demoConnection.pc.getStats()
  chat.show('info', `connected with ${implementationSwitch.value === 'native' ? "the browser's own WebRTC" : 'wasmrtc'}`);
  connection.channel.addEventListener('message', (event) => chat.show('peer', String(event.data)));
  chat.setEnabled(true);
}

function rejoin(room) {
  chat.show('info', 'the other peer left');
  disconnect();
  join(room);
}

function disconnect() {
  chat.setEnabled(false);
  const current = attempt;
  attempt = null;
  connection = null;
  current?.abort();   // closes the connection and the signaling socket (connectToRoom's close())
}

function leave() {
  disconnect();
  setJoined(false);
  showStatus('not connected', 'idle');
}

function send(text) {
  if (connection?.channel.readyState !== 'open') return;
  connection.channel.send(text);
  chat.show('me', text);
}

$('join').addEventListener('submit', (event) => {
  event.preventDefault();
  join($('room').value.trim());
});
$('leave').addEventListener('click', leave);

const room = new URL(location.href).searchParams.get('room');
if (room) {
  $('room').value = room;
  join(room);
}
