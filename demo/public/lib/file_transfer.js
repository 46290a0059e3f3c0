// Sending a file over an RTCDataChannel, with backpressure, progress and an end-to-end SHA-256.
// Works with any W3C RTCDataChannel: the browser's own or wasmrtc's.
//
// On the wire (one ordered, reliable channel; the control messages are JSON strings):
//   {"kind":"file-start","id":1,"name":"a.bin","size":10485760,"type":"application/octet-stream"}
//   <binary chunk> <binary chunk> ...        (each at most chunkSizeFor(pc) bytes)
//   {"kind":"file-end","id":1,"sha256":"9f86d0..."}
//   and back from the receiver, once it has checked the size and the hash:
//   {"kind":"file-ack","id":1,"ok":true,"size":10485760,"sha256":"9f86d0..."}
//
// Backpressure: send() only queues, so a sender that loops over a big file would queue all of it
// (and browsers close the channel when their queue overflows). Instead it stops while more than
// HIGH_WATER bytes wait and resumes on 'bufferedamountlow', which fires when the queue drains to
// bufferedAmountLowThreshold.

export const HIGH_WATER = 1024 * 1024;
export const LOW_WATER = 256 * 1024;
const PREFERRED_CHUNK = 64 * 1024;
const MIN_CHUNK = 16 * 1024;
const PROGRESS_INTERVAL_MS = 100;

/** The chunk size for this connection: 64 KiB, or less when the peer's maxMessageSize is smaller. */
export function chunkSizeFor(pc) {
  const max = pc && pc.sctp ? pc.sctp.maxMessageSize : null;
  // maxMessageSize is Infinity (or 0 in older browsers) when the peer sets no limit.
  if (!max || !Number.isFinite(max)) return PREFERRED_CHUNK;
  return Math.max(Math.min(PREFERRED_CHUNK, max), Math.min(MIN_CHUNK, max));
}

/** Lowercase hex SHA-256 of an ArrayBuffer or a view (crypto.subtle: https or localhost only). */
export async function sha256Hex(data) {
  if (!globalThis.crypto || !crypto.subtle) {
    throw new Error('crypto.subtle is missing: open the page on https:// or on localhost');
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Calls fn at most every PROGRESS_INTERVAL_MS, and always for the final call (force). */
function throttle(fn) {
  let last = -Infinity;
  return (info, force = false) => {
    const t = performance.now();
    if (!force && t - last < PROGRESS_INTERVAL_MS) return;
    last = t;
    fn(info);
  };
}

/** Throughput in bytes per second over the last second or so, and the average since the start. */
class Meter {
  #start = performance.now();
  #samples = [];  // [time, bytes]
  sample(bytes) {
    const t = performance.now();
    this.#samples.push([t, bytes]);
    while (this.#samples.length > 2 && t - this.#samples[0][0] > 1000) this.#samples.shift();
    const [t0, b0] = this.#samples[0];
    const elapsed = t - this.#start;
    return {
      elapsedMs: elapsed,
      bytesPerSecond: t > t0 ? ((bytes - b0) * 1000) / (t - t0) : 0,
      averageBytesPerSecond: elapsed > 0 ? (bytes * 1000) / elapsed : 0,
    };
  }
}

/**
 * Attaches the file protocol to an open channel. Both sides attach; either may send.
 *   onIncoming({id, name, size, type})                     a file starts arriving
 *   onReceiveProgress({id, received, size, bytesPerSecond, averageBytesPerSecond, elapsedMs})
 *   onReceived({id, name, size, type, sha256, expectedSha256, ok, reason, blob, elapsedMs})
 *   onSendProgress({id, sent, onWire, size, bufferedAmount, bytesPerSecond, averageBytesPerSecond, elapsedMs})
 *   onAck({id, ok, size, sha256, reason})                  the receiver's verdict on a file we sent
 * Returns {send(file) -> Promise<{id, size, sha256, elapsedMs, ack, chunkSize, waits, peakBufferedAmount}>,
 * detach()}.
 */
export function attachFileTransfer(channel, pc, handlers = {}) {
  const on = (name, info) => { if (handlers[name]) handlers[name](info); };
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = LOW_WATER;

  let nextId = 1;
  let incoming = null;          // the file being received
  const acks = new Map();       // id -> {resolve, reject}, for files we sent
  let sending = Promise.resolve();

  async function onMessage(event) {
    if (typeof event.data !== 'string') {
      if (!incoming) return;    // a chunk with no header: not ours (or an aborted file)
      // binaryType is 'arraybuffer' (set above), so chunks are handled synchronously, in order; a
      // Blob would need an await here, and a later message could overtake it.
      const chunk = event.data instanceof ArrayBuffer ? event.data : await event.data.arrayBuffer();
      incoming.chunks.push(chunk);
      incoming.received += chunk.byteLength;
      incoming.progress({ id: incoming.id, received: incoming.received, size: incoming.size,
        ...incoming.meter.sample(incoming.received) }, incoming.received >= incoming.size);
      return;
    }
    let message;
    try { message = JSON.parse(event.data); } catch { return; }  // not a file-protocol message
    if (message.kind === 'file-start') {
      incoming = { id: message.id, name: String(message.name), size: Number(message.size),
        type: String(message.type || ''), chunks: [], received: 0, meter: new Meter(),
        progress: throttle((info) => on('onReceiveProgress', info)) };
      on('onIncoming', { id: incoming.id, name: incoming.name, size: incoming.size, type: incoming.type });
    } else if (message.kind === 'file-end' && incoming && incoming.id === message.id) {
      const file = incoming;
      incoming = null;
      await finishIncoming(file, String(message.sha256));
    } else if (message.kind === 'file-ack') {
      const pending = acks.get(message.id);
      acks.delete(message.id);
      on('onAck', message);
      if (pending) pending.resolve(message);
    }
  }

  async function finishIncoming(file, expectedSha256) {
    const blob = new Blob(file.chunks, { type: file.type });
    const elapsedMs = file.meter.sample(file.received).elapsedMs;
    let sha256 = '';
    let reason = '';
    if (blob.size !== file.size) reason = `size mismatch: got ${blob.size} bytes, expected ${file.size}`;
    else {
      sha256 = await sha256Hex(await blob.arrayBuffer());
      if (sha256 !== expectedSha256) reason = 'SHA-256 mismatch';
    }
    const ok = reason === '';
    on('onReceived', { id: file.id, name: file.name, size: blob.size, type: file.type, sha256, expectedSha256,
      ok, reason, blob, elapsedMs });
    if (channel.readyState === 'open') {
      channel.send(JSON.stringify({ kind: 'file-ack', id: file.id, ok, size: blob.size, sha256, reason }));
    }
  }

  function waitForLow() {
    return new Promise((resolve, reject) => {
      const done = () => {
        channel.removeEventListener('bufferedamountlow', done);
        channel.removeEventListener('close', done);
        if (channel.readyState === 'open') resolve(); else reject(new Error('the channel closed'));
      };
      channel.addEventListener('bufferedamountlow', done);
      channel.addEventListener('close', done);
    });
  }

  async function sendOne(file) {
    if (channel.readyState !== 'open') throw new Error(`the channel is ${channel.readyState}`);
    const id = nextId++;
    const chunkSize = chunkSizeFor(pc);
    // The whole file is read once: crypto.subtle has no incremental digest, and the receiver keeps
    // the whole file in memory too (as a Blob) until it is saved.
    const bytes = new Uint8Array(await file.arrayBuffer());
    const hash = sha256Hex(bytes);
    const acked = new Promise((resolve, reject) => acks.set(id, { resolve, reject }));
    acked.catch(() => {});  // awaited below; this only keeps an early rejection from being unhandled
    const meter = new Meter();
    const progress = throttle((info) => on('onSendProgress', info));
    const report = (sent, force) => {
      const bufferedAmount = channel.bufferedAmount;
      const onWire = Math.max(0, sent - bufferedAmount);
      progress({ id, sent, onWire, size: bytes.byteLength, bufferedAmount, chunkSize, ...meter.sample(onWire) }, force);
    };

    channel.send(JSON.stringify({ kind: 'file-start', id, name: file.name || 'file', size: bytes.byteLength,
      type: file.type || '' }));
    let offset = 0;
    let waits = 0;             // how often the sender paused for 'bufferedamountlow'
    let peakBufferedAmount = 0;
    while (offset < bytes.byteLength) {
      if (channel.bufferedAmount > HIGH_WATER) {
        report(offset);
        waits++;
        await waitForLow();
      }
      const end = Math.min(offset + chunkSize, bytes.byteLength);
      channel.send(bytes.subarray(offset, end));
      offset = end;
      peakBufferedAmount = Math.max(peakBufferedAmount, channel.bufferedAmount);
      report(offset);
    }
    channel.send(JSON.stringify({ kind: 'file-end', id, sha256: await hash }));
    // Keep the sender's bar moving while the last queued megabyte drains.
    while (channel.bufferedAmount > 0 && channel.readyState === 'open') {
      report(offset);
      await new Promise((r) => setTimeout(r, PROGRESS_INTERVAL_MS));
    }
    report(offset, true);
    const elapsedMs = meter.sample(offset).elapsedMs;
    const ack = await acked;
    return { id, size: bytes.byteLength, sha256: await hash, elapsedMs, ack, chunkSize, waits, peakBufferedAmount };
  }

  const listener = (event) => { onMessage(event).catch((err) => on('onError', err)); };
  const closed = () => {
    for (const { reject } of acks.values()) reject(new Error('the channel closed before the receiver answered'));
    acks.clear();
  };
  channel.addEventListener('message', listener);
  channel.addEventListener('close', closed);
  return {
    /** Sends one file; files queue behind each other. Resolves when the receiver has acknowledged it. */
    send(file) {
      const result = sending.then(() => sendOne(file));
      sending = result.catch(() => {});
      return result;
    },
    detach() {
      channel.removeEventListener('message', listener);
      channel.removeEventListener('close', closed);
    },
  };
}

/** "10.0 MiB", "512 B" */
export function formatBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${i === 0 ? n : n.toFixed(1)} ${units[i]}`;
}

/** "12.3 Mbit/s" */
export function formatRate(bytesPerSecond) {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(1)} Mbit/s`;
  if (bits >= 1e3) return `${(bits / 1e3).toFixed(0)} kbit/s`;
  return `${bits.toFixed(0)} bit/s`;
}
