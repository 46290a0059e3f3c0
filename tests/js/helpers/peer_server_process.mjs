// PeerJS's signalling server (the `peer` package) in a process of its own: it keeps timers it offers
// no way to stop, so the test kills this process instead. Prints "port <n>" once it listens.
import { PeerServer } from 'peer';

PeerServer({ port: 0, host: '127.0.0.1', path: '/' }, (server) => {
  process.stdout.write(`port ${server.address().port}\n`);
});
