// `npm run demo`: everything the demo pages need, on this machine, with no configuration:
//   - wasmrtc-relay (development mode), the TURN server both kinds of tabs go through;
//   - one HTTP server (127.0.0.1, PORT or 8080) with the pages and the package (static_server.mjs),
//     GET /config.json (a fresh short-lived TURN credential, servers/turn_credentials.mjs) and the
//     signaling WebSocket at /signal (servers/signaling.mjs).
// Prints one URL; Ctrl-C (SIGINT) or SIGTERM stops all of it, the relay included.
// Tests import startDemo() instead of running this file.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { serveStatic } from './static_server.mjs';
import { startRelay } from './servers/relay_process.mjs';
import { attachSignaling } from './servers/signaling.mjs';
import { pageConfig } from './servers/turn_credentials.mjs';

/**
 * Starts the relay and the HTTP server. port 0 picks a free port; relayIp puts the relayed addresses
 * on that interface address instead of loopback (servers/relay_process.mjs says when). Resolves to
 * {url, relay, server, stop()}; stop() closes the sockets, stops the relay (SIGTERM) and resolves
 * once it has exited.
 */
export async function startDemo({ port = 8080, host = '127.0.0.1', relayBinary, relayIp } = {}) {
  const relay = await startRelay({ ...(relayBinary && { binary: relayBinary }), ...(relayIp && { relayIp }) });
  const server = http.createServer((req, res) => {
    if (new URL(req.url, 'http://localhost').pathname === '/config.json' && req.method === 'GET') {
      // Minted per request and never cached: each tab gets its own credential.
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(pageConfig(relay)));
      return;
    }
    serveStatic(req, res);
  });
  const signaling = attachSignaling(server, { path: '/signal' });
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
  } catch (err) {
    await signaling.close();
    await relay.stop();
    throw err;
  }

  let stopping = null;
  const stop = () => {
    stopping ??= (async () => {
      await signaling.close();
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();   // browsers keep idle keep-alive connections open
      await closed;
      await relay.stop();
    })();
    return stopping;
  };
  return { url: `http://${host}:${server.address().port}/`, relay, server, stop };
}

async function main() {
  const port = Number(process.env.PORT ?? 8080);
  let demo;
  try {
    demo = await startDemo({ port });
  } catch (err) {
    if (err.code === 'EADDRINUSE') {
      console.error(`wasmrtc demo: port ${port} is in use; run with PORT=<another port> npm run demo`);
    } else {
      console.error(`wasmrtc demo: ${err.message}`);
    }
    process.exit(1);
  }
  console.log(`wasmrtc demo: open ${demo.url}  (Ctrl-C to stop)`);
  // If this process dies some other way (an uncaught error), the relay must not outlive it.
  process.on('exit', () => demo.relay.process.kill('SIGTERM'));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await demo.stop();
      process.exit(0);
    });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
