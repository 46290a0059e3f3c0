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
 * The machine's first non-internal IPv4 address, or 127.0.0.1 when it has none. For startRelay's
 * relayIp: a relay whose relayed addresses are on an interface can also be reached by a browser's
 * RTCPeerConnection that has no TURN server configured (Chromium ignores candidates on loopback
 * addresses, so it cannot reach a relayed 127.0.0.1 directly). The demo does not need it: its native
 * tabs use the relay as their TURN server (tests/js/demo_chat.test.js).
 */
export function machineIPv4() {
  const own = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
  return own ? own.address : '127.0.0.1';
}

/**
 * Starts the relay in development mode: everything on loopback (listening and relayed ports), peers
 * on 127.0.0.1 allowed, a fresh secret. That is all the demo needs, in Chromium too: a wasmrtc tab
 * reaches the relay over its WebSocket, a tab with the browser's own RTCPeerConnection reaches it as
 * its TURN server (Chromium accepts a TURN server on 127.0.0.1), and the two tabs' relayed
 * addresses, both on the relay, are each other's peers. With relayIp (e.g. machineIPv4()) the
 * relayed ports are on that address instead, and that one address is allowed as a peer.
 * Resolves to {udp, tcp, relayIp, secret, process, stop()} once it has printed its
 * `listening` line and its development secret; rejects if it exits or stays silent first.
 * udp and tcp are {host, port}. stop() sends SIGTERM and resolves when the process has exited.
 */
export function startRelay({ binary = DEFAULT_RELAY_BINARY, relayIp, port = 0, logLevel = 'warn' } = {}) {
  if (!existsSync(binary)) {
    return Promise.reject(new Error(`${binary} is missing: build it with cmake --build build/native --target wasmrtc-relay`));
  }
  const args = ['--udp-port', String(port), '--tcp-port', String(port), '--log-level', logLevel];
  if (relayIp && relayIp !== '127.0.0.1') {
    // Development mode allows peers on 127.0.0.1 only; the tabs' relayed addresses are now on
    // relayIp, so allow that single address too. Everything else stays forbidden, as in production.
    args.push('--relay-ip', relayIp, '--allow-peer', `${relayIp}/32`);
  }
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  return new Promise((resolve, reject) => {
    const info = { relayIp: relayIp ?? '127.0.0.1', process: child, exited };
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
