// Starts build/native/wasmrtc-relay on ephemeral ports for the relayed column (as
// tests/js/interop/relay_transport.test.js does) and stops it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './implementations.mjs';

export const RELAY = process.env.WASMRTC_RELAY || path.join(ROOT, 'build/native/wasmrtc-relay');

/** Resolves with {url, username, credential, stop()}; rejects with the reason when it cannot start. */
export async function startRelay() {
  if (!existsSync(RELAY)) throw new Error(`${path.relative(ROOT, RELAY)} missing (bash scripts/bench.sh builds it)`);
  const child = spawn(RELAY, ['--udp-port', '0', '--tcp-port', '0', '--user', 'bench:bench', '--allow-peer', '0.0.0.0/0',
    // 50 concurrent pairs are 100 WebSocket clients of one user from one address, each first
    // challenged with a 401 (an error reply, rate-limited per client address by default).
    '--user-quota', '0', '--max-connections-per-ip', '1000', '--error-rate', '100000', '--error-burst', '100000',
    '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`wasmrtc-relay exited with ${code}`)));
  });
  const tcp = /tcp=([\d.]+:\d+)/.exec(line);
  if (!tcp) {
    child.kill('SIGTERM');
    throw new Error(`wasmrtc-relay said ${JSON.stringify(line)}`);
  }
  child.stdout.resume();
  return {
    url: `ws://${tcp[1]}/`,
    username: 'bench',
    credential: 'bench',
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
