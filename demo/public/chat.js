// chat.html: join a room, chat over the data channel. lib/room_page.js draws the switch, the
// room form and the status line and calls lib/connect.js; this file is only the chat.
import { roomPage } from './lib/room_page.js';
import { createChatView } from './lib/chat_view.js';
import { IMPLEMENTATIONS } from './lib/switch.js';

let channel = null;   // the open data channel, while connected
const chat = createChatView({
  log: document.getElementById('log'),
  form: document.getElementById('send'),
  onSend(text) {
    if (channel?.readyState !== 'open') return;
    channel.send(text);
    chat.show('me', text);
  },
});

roomPage({
  onConnected(connection) {
    globalThis.demoConnection = connection;   // to look at from the console: demoConnection.pc.getStats()
    channel = connection.channel;
    channel.addEventListener('message', (event) => chat.show('peer', String(event.data)));
    chat.show('info', `connected with ${IMPLEMENTATIONS[connection.implementation]}`);
    chat.setEnabled(true);
  },
  // Left, or the other tab went away (the page then waits in the room for the next one).
  onDisconnected() {
    channel = null;
    chat.setEnabled(false);
    chat.show('info', 'disconnected');
  },
});
