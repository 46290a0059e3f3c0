// `npm run demo`: serves the demo page on http://127.0.0.1:8080/ (PORT=... to change it).
import { startDemoServer } from './static_server.mjs';

const port = Number(process.env.PORT ?? 8080);
try {
  const { url } = await startDemoServer({ port });
  console.log(`wasmrtc demo: open ${url}  (Ctrl-C to stop)`);
} catch (err) {
  if (err.code === 'EADDRINUSE') {
    console.error(`wasmrtc demo: port ${port} is in use; run with PORT=<another port> npm run demo`);
    process.exit(1);
  }
  throw err;
}
