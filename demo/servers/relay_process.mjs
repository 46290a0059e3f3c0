// Runs wasmrtc-relay (build/native/wasmrtc-relay) as a child process for the demo, in its
// development mode (no --user, no --secret: it generates a REST secret and prints it), and reads
// back what it printed: its ports and that secret. docs/RELAY.md describes the output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_RELAY_BINARY = process.env.WASMRTC_RELAY || path.join(root, 'build/native/wasmrtc-relay');

/**
 * The machine's first non-internal IPv4 address, or 127.0.0.1 when it has none.
 *
 * Why the relay relays from it: Chromium ignores STUN and TURN traffic from loopback peers (its own
 * RTCPeerConnection never pairs with a 127.0.0.1 candidate), so a browser tab can reach the wasmrtc
 * tab only if the relayed addresses are on a real interface. The traffic still never leaves the
 * machine, and development mode keeps the relay's listening ports on loopback.
 */
export function machineIPv4() {
  const own = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  return own ? own.address : '127.0.0.1';
}

/**
 * Starts the relay. Resolves to {udp, tcp, relayIp, secret, process, stop()} once it has printed its
 * `listening` line and its development secret; rejects if it exits or stays silent first.
 * udp and tcp are {host, port}. stop() sends SIGTERM and resolves when the process has exited.
 */
export function startRelay({ binary = DEFAULT_RELAY_BINARY, relayIp = machineIPv4(), port = 0, logLevel = 'warn' } = {}) {
  if (!existsSync(binary)) {
    return Promise.reject(new Error(`${binary} is missing: build it with cmake --build build/native --target wasmrtc-relay`));
  }
  const args = [
    '--udp-port', String(port), '--tcp-port', String(port),
    '--relay-ip', relayIp,
    // Development mode allows peers on 127.0.0.1 only; the demo's peers are the relay's own
    // allocations on relayIp (a tab's relayed candidate talks to the other tab's), so allow that
    // single address too. Everything else stays forbidden, as in production.
    '--allow-peer', `${relayIp}/32`,
    '--log-level', logLevel,
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  return new Promise((resolve, reject) => {
    const info = { relayIp, process: child, exited };
    const lines = readline.createInterface({ input: child.stdout });
    const timer = setTimeout(() => fail(new Error('wasmrtc-relay printed nothing for 10 s')), 10000);
    function fail(err) {
      clearTimeout(timer);
      lines.close();
      if (child.exitCode === null) child.kill('SIGTERM');
      reject(err);
    }
    child.once('error', fail);
    const early = (code, signal) => fail(new Error(`wasmrtc-relay exited early (code ${code}, signal ${signal})`));
    child.once('exit', early);
    lines.on('line', (line) => {
      const listening = /^listening udp=(\S+) tcp=(\S+)/.exec(line);
      if (listening) {
        info.udp = hostPort(listening[1]);
        info.tcp = hostPort(listening[2]);
      }
      const secret = /^development secret=([0-9a-f]+)/.exec(line);
      if (secret) info.secret = secret[1];
      if (info.udp && info.tcp && info.secret) {
        clearTimeout(timer);
        child.off('exit', early);
        // Keep draining stdout (the sample credential lines) so the pipe never fills.
        lines.removeAllListeners('line');
        lines.on('line', () => {});
        info.stop = () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        };
        resolve(info);
      }
    });
  });
}

function hostPort(text) {
  const i = text.lastIndexOf(':');
  return { host: text.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(text.slice(i + 1)) };
}
