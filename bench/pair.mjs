// Two peers of one stack in this process, connected as an application would (offer/answer and
// trickled candidates, tests/js/interop/signal.js), with one data channel open on both sides.
import { signal } from '../tests/js/interop/signal.js';

export function waitOpen(dc) {
  if (dc.readyState === 'open') return Promise.resolve();
  return new Promise((resolve, reject) => {
    dc.onopen = () => resolve();
    dc.onclose = () => reject(new Error('the channel closed before it opened'));
  });
}

export function closeQuietly(pc) {
  try {
    pc.close();
  } catch {
    // already closed
  }
}

/**
 * Resolves with {a, b, local, remote, close()}: `local` on the offerer a, `remote` on b. Rejects
 * (and closes both peers) when the channel is not open on both sides within timeoutMs.
 */
export async function connectPair(stack, init = {}, label = 'bench', timeoutMs = 30000) {
  const a = stack.create();
  const b = stack.create();
  const pair = { a, b, local: null, remote: null, close() { closeQuietly(a); closeQuietly(b); } };
  let timer;
  try {
    const connect = async () => {
      const announced = new Promise((resolve) => { b.ondatachannel = (e) => resolve(e.channel); });
      pair.local = a.createDataChannel(label, init);
      await signal(a, b);
      pair.remote = await announced;
      await Promise.all([waitOpen(pair.local), waitOpen(pair.remote)]);
    };
    const expired = new Promise((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`not connected after ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([connect(), expired]);
    pair.local.binaryType = 'arraybuffer';
    pair.remote.binaryType = 'arraybuffer';
    return pair;
  } catch (err) {
    pair.close();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** The bytes of a message event's data, whatever type the stack delivers. */
export function dataBytes(data) {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  throw new Error(`unexpected message data ${Object.prototype.toString.call(data)}`);
}

// Sender backpressure: keep bufferedAmount below HIGH; wait for 'bufferedamountlow' (LOW) or a
// short poll, whichever comes first (not every stack fires the event).
const HIGH = 2 * 1024 * 1024;
const LOW = 512 * 1024;

function drained(dc) {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      dc.onbufferedamountlow = null;
      resolve();
    };
    const timer = setTimeout(done, 2);
    dc.onbufferedamountlow = done;
  });
}

/**
 * Sends make(seq) for seq = 0.. while more(seq) says so, never letting bufferedAmount exceed HIGH.
 * Resolves with the number of messages sent.
 */
export async function pump(dc, make, more) {
  try {
    dc.bufferedAmountLowThreshold = LOW;
  } catch {
    // a stack without the attribute: the poll covers it
  }
  let seq = 0;
  while (more(seq)) {
    if (dc.readyState !== 'open') throw new Error(`the channel is ${dc.readyState} while sending`);
    while (dc.bufferedAmount > HIGH) await drained(dc);
    dc.send(make(seq));
    seq++;
    // Let receive callbacks run now and then even if the stack's bufferedAmount never grows.
    if ((seq & 63) === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return seq;
}

/** Resolves when predicate() holds, polling; rejects after ms. */
export function until(predicate, ms, what) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      if (predicate()) return resolve();
      if (Date.now() - start > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}
