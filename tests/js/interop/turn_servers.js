// TURN servers for tests, on 127.0.0.1 and ephemeral ports: this repo's wasmrtc-relay and Debian's
// coturn (/usr/bin/turnserver, the independent reference). Both take user alice with `credential`.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import dgram from 'node:dgram';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RELAY = process.env.WASMRTC_RELAY || path.join(root, 'build/native/wasmrtc-relay');
export const COTURN = '/usr/bin/turnserver';

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A self-signed ECDSA certificate for 127.0.0.1 (subjectAltName IP), made with the openssl CLI. */
export function makeCertificate(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
  { stdio: 'ignore' });
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

/**
 * wasmrtc-relay with user alice; `tls` {cert, key} adds TLS on its TCP port. Resolves with
 * {udp: 'ip:port', tcp: 'ip:port', stop()}.
 */
export async function startWasmrtcRelay({ credential = 'secret', tls } = {}) {
  if (!existsSync(RELAY)) throw new Error(`${RELAY} is missing: run the native build first`);
  const args = ['--udp-port', '0', '--tcp-port', '0', '--user', `alice:${credential}`, '--allow-peer', '127.0.0.1',
    '--log-level', 'warn'];
  if (tls) args.push('--tls-cert', tls.cert, '--tls-key', tls.key);
  const child = spawn(RELAY, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(d.toString()));
    child.once('exit', (code) => reject(new Error(`wasmrtc-relay exited with ${code}`)));
  });
  return { udp: /udp=([\d.]+:\d+)/.exec(line)[1], tcp: /tcp=([\d.]+:\d+)/.exec(line)[1], stop: () => stop(child) };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// A STUN Binding request (RFC 8489 §5); true once anything answers on udp port.
function bindingAnswered(port) {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => { socket.close(); resolve(false); }, 200);
    socket.once('message', () => { clearTimeout(timer); socket.close(); resolve(true); });
    socket.send(Buffer.from([0, 1, 0, 0, 0x21, 0x12, 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), port, '127.0.0.1');
  });
}

/** coturn on 127.0.0.1 (UDP and TCP on one port). Resolves with {udp, tcp, stop()}. */
export async function startCoturn({ credential = 'secret' } = {}) {
  if (!existsSync(COTURN)) throw new Error(`${COTURN} is missing (Debian package coturn; scripts/bootstrap.sh installs it)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wasmrtc-coturn-'));
  const port = await freePort();
  const minPort = 45000 + (process.pid % 50) * 100;
  const child = spawn(COTURN, ['-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${minPort}`, `--max-port=${minPort + 99}`, '--lt-cred-mech', `--user=alice:${credential}`,
    '--realm=wasmrtc.test', '--allow-loopback-peers', '--no-cli', '--no-tls', '--no-dtls', '--no-stdout-log',
    `--log-file=${dir}/turn.log`, `--pidfile=${dir}/turn.pid`, `--userdb=${dir}/turndb`],
  { stdio: 'ignore' });
  const deadline = Date.now() + 10000;
  while (!(await bindingAnswered(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop(child);
      throw new Error(`turnserver did not start (exit ${child.exitCode})`);
    }
  }
  const address = `127.0.0.1:${port}`;
  return {
    udp: address,
    tcp: address,
    stop: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
