// What the file and stats pages share around connectToRoom(): the implementation switch, a
// "Room [....] [Join] [Leave]" form and a status line. With ?room=... in the URL the page joins at
// once, so a copied link opens the second tab already in the room. When the other tab leaves, the
// page waits in the same room for the next one.
import { connectToRoom } from './connect.js';
import { renderImplementationSwitch, IMPLEMENTATIONS } from './switch.js';

/**
 * ids of the page's elements: switch (container), join (form with #room, #join-button), leave
 * (button), status. onConnected({pc, channel, polite, close, implementation}) runs once the data
 * channel is open; onDisconnected() when that connection ends (left, or the other tab went away).
 */
export function roomPage({ onConnected, onDisconnected = () => {} }) {
  const $ = (id) => document.getElementById(id);
  const implementationSwitch = renderImplementationSwitch($('switch'), { onChange: () => leave() });
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
    const implementation = implementationSwitch.value;
    const showConnected = () => showStatus(
      `connected with ${IMPLEMENTATIONS[implementation]}: data channel "${connection.channel.label}" is open`, 'open');
    try {
      connection = await connectToRoom({
        room,
        implementation,
        signal: controller.signal,
        onStatus: (text, phase) => {
          if (attempt !== controller) return;
          // Once the channel is open, the line keeps saying so unless something goes wrong
          // (connectToRoom also reports 'connection-connected', which may come after 'open').
          if (connection && (phase === 'open' || phase === 'connection-connected')) showConnected();
          else showStatus(text, phase);
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
    showConnected();
    $('status').dataset.connected = 'true';
    onConnected({ ...connection, implementation });
  }

  function disconnect() {
    const current = attempt;
    const wasConnected = connection !== null;
    attempt = null;
    connection = null;
    current?.abort();   // closes the connection and the signaling socket
    delete $('status').dataset.connected;
    if (wasConnected) onDisconnected();
  }

  function rejoin(room) {
    disconnect();
    join(room);
  }

  function leave() {
    disconnect();
    setJoined(false);
    showStatus('not connected', 'idle');
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
}
