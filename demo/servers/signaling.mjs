// The demo's signaling server: WebSocket rooms of two peers, attached to the demo's HTTP server at
// /signal. It knows nothing about WebRTC: it forwards each JSON message from one peer of a room to
// the other. Messages, client → server:
//   {type: 'join', room: 'name'}       first message; answered with
//   {type: 'joined', room, offerer}     offerer is true for the second peer of the room: it makes
//                                       the offer, so the two never offer at once (no glare)
//   {type: 'signal', data: ...}         forwarded to the other peer as {type: 'signal', data}
// and server → client: {type: 'peer-joined'}, {type: 'peer-left'}, {type: 'error', message}
// (then the server closes the socket: room full, bad message).
import { WebSocketServer } from 'ws';

const MAX_MESSAGE = 64 * 1024;   // SDP and candidates are a few KiB
const ROOM_NAME = /^[\w.-]{1,64}$/;

/** Attaches to `server` (an http.Server). Returns {rooms, close()}; close() ends every socket. */
export function attachSignaling(server, { path = '/signal' } = {}) {
  const wss = new WebSocketServer({ server, path, maxPayload: MAX_MESSAGE });
  const rooms = new Map();   // room name -> Set of sockets (at most two)

  wss.on('connection', (socket) => {
    let room = null;
    const send = (to, message) => to.readyState === to.OPEN && to.send(JSON.stringify(message));
    const refuse = (message) => {
      send(socket, { type: 'error', message });
      socket.close(1008, message.slice(0, 100));
    };
    const other = () => [...(rooms.get(room) ?? [])].find((s) => s !== socket);

    socket.on('message', (raw, isBinary) => {
      let message;
      try {
        message = isBinary ? null : JSON.parse(raw.toString());
      } catch {
        message = null;
      }
      if (!message || typeof message !== 'object') return refuse('messages are JSON objects');
      if (message.type === 'join' && room === null) {
        if (typeof message.room !== 'string' || !ROOM_NAME.test(message.room)) {
          return refuse('a room name is 1 to 64 letters, digits, ".", "-" or "_"');
        }
        const peers = rooms.get(message.room) ?? new Set();
        if (peers.size >= 2) return refuse(`room "${message.room}" already has two peers`);
        room = message.room;
        peers.add(socket);
        rooms.set(room, peers);
        const peer = other();
        send(socket, { type: 'joined', room, offerer: Boolean(peer) });
        if (peer) send(peer, { type: 'peer-joined' });
      } else if (message.type === 'signal' && room !== null) {
        const peer = other();
        if (peer) send(peer, { type: 'signal', data: message.data });
      } else {
        refuse(`unexpected message type "${message.type}"`);
      }
    });

    socket.on('close', () => {
      if (room === null) return;
      const peer = other();
      const peers = rooms.get(room);
      peers.delete(socket);
      if (peers.size === 0) rooms.delete(room);
      if (peer) send(peer, { type: 'peer-left' });
    });
  });

  return {
    rooms,
    close() {
      for (const socket of wss.clients) socket.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
