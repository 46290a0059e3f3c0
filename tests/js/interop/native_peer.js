// Drives the native `wasmrtc-peer` program (native/tools/wasmrtc_peer_main.cc) from a test: spawns
// it, writes commands and signals as JSON lines to its stdin, and exposes what it prints.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const NATIVE_PEER = process.env.WASMRTC_PEER || path.join(root, 'build/native/wasmrtc-peer');

export class NativePeer {
  constructor(args) {
    if (!existsSync(NATIVE_PEER)) throw new Error(`${NATIVE_PEER} is missing: run the native build first`);
    this.child = spawn(NATIVE_PEER, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    this.lines = [];
    this.waiters = [];
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    let pending = '';
    this.child.stdout.on('data', (chunk) => {
      pending += chunk.toString();
      let nl;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (!line.trim()) continue;
        const message = JSON.parse(line);
        this.lines.push(message);
        if (this.onmessage) this.onmessage(message);
        this.waiters = this.waiters.filter((w) => !w(message));
      }
    });
  }

  send(message) {
    this.child.stdin.write(JSON.stringify(message) + '\n');
  }

  /** Resolves with the first line (already printed or to come) for which predicate is true. */
  waitFor(predicate, what = 'a line', timeoutMs = 20000) {
    const seen = this.lines.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`wasmrtc-peer: timed out waiting for ${what}; saw ${
        JSON.stringify(this.lines.slice(-5))}`)), timeoutMs);
      this.waiters.push((m) => {
        if (!predicate(m)) return false;
        clearTimeout(timer);
        resolve(m);
        return true;
      });
    });
  }

  errors() {
    return this.lines.filter((m) => m.type === 'error');
  }

  async close() {
    if (this.child.exitCode === null) {
      this.send({ type: 'close' });
      this.child.stdin.end();
    }
    return this.exited;
  }
}
