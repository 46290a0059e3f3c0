// A ring of datagrams in a SharedArrayBuffer between exactly two threads, one writing and one
// reading (js/src/udp_thread.js): the main thread and the UDP thread pass datagrams through two of
// these instead of one postMessage per datagram. A record is a 16-byte header (length, socket id,
// IPv4 address as a uint32, port) and the bytes, padded to 4; a record never wraps: where it does
// not fit before the end, a WRAP length sends the reader back to 0. The writer publishes its
// position with a sequentially consistent store after the bytes, so a reader that sees the position
// sees the bytes (ECMAScript memory model, Atomics).
//
// The doorbell: a reader that finds the ring empty sleeps until told. A writer rings (returns true
// from push, the caller posts one wake-up message) only when the doorbell was clear; the reader
// clears it before it reads the write position, so a record is either seen by the running drain or
// rings again: one wake-up per batch, none lost.
const WRITE = 0;
const READ = 1;
const DOORBELL = 2;
const STATE_BYTES = 16;
const RECORD_HEADER = 16;
const WRAP = 0xffffffff;

/** The shared memory for one direction: `capacity` bytes of records (a multiple of 4). */
export function createRingBuffer(capacity) {
  return new SharedArrayBuffer(STATE_BYTES + capacity);
}

export class DatagramRing {
  #state;
  #bytes;
  #words;
  #capacity;

  constructor(buffer) {
    this.#state = new Int32Array(buffer, 0, STATE_BYTES / 4);
    this.#bytes = new Uint8Array(buffer, STATE_BYTES);
    this.#words = new Uint32Array(buffer, STATE_BYTES);
    this.#capacity = this.#bytes.length;
  }

  /**
   * Writer: one datagram. False when the ring is full (the caller counts a drop, as a full socket
   * buffer would), 'ring' when the reader must be woken, else true.
   */
  push(socket, ip, port, bytes) {
    const n = bytes.length;
    const size = (RECORD_HEADER + n + 3) & ~3;
    const capacity = this.#capacity;
    const r = Atomics.load(this.#state, READ);
    let w = this.#state[WRITE];
    if (w >= r) {
      // Free: [w, capacity) and [0, r). Ending exactly at capacity is fine unless the reader is
      // at 0 (w would come round to r and read as empty).
      if (w + size > capacity || (w + size === capacity && r === 0)) {
        if (size >= r) return false;
        this.#words[w >>> 2] = WRAP;
        w = 0;
      }
    } else if (w + size >= r) {
      return false;
    }
    const word = w >>> 2;
    this.#words[word] = n;
    this.#words[word + 1] = socket;
    this.#words[word + 2] = ip;
    this.#words[word + 3] = port;
    this.#bytes.set(bytes, w + RECORD_HEADER);
    const next = w + size;
    Atomics.store(this.#state, WRITE, next === capacity ? 0 : next);
    return Atomics.compareExchange(this.#state, DOORBELL, 0, 1) === 0 ? 'ring' : true;
  }

  /**
   * Reader: the records written so far, at most `limit`, each as onRecord(socket, ip, port, bytes);
   * `bytes` is a view into the ring, valid only during the call. Returns how many. Clears the
   * doorbell first (see above): a reader that stops at `limit` must come back by itself.
   */
  drain(onRecord, limit = Infinity) {
    Atomics.store(this.#state, DOORBELL, 0);
    const capacity = this.#capacity;
    const words = this.#words;
    let r = this.#state[READ];
    let count = 0;
    for (let w = Atomics.load(this.#state, WRITE); r !== w && count < limit; w = Atomics.load(this.#state, WRITE)) {
      const word = r >>> 2;
      const n = words[word];
      if (n === WRAP) {
        r = 0;
        Atomics.store(this.#state, READ, 0);
        continue;
      }
      const start = r + RECORD_HEADER;
      onRecord(words[word + 1], words[word + 2], words[word + 3], this.#bytes.subarray(start, start + n));
      const next = r + ((RECORD_HEADER + n + 3) & ~3);
      r = next === capacity ? 0 : next;
      Atomics.store(this.#state, READ, r);
      count++;
    }
    return count;
  }
}

/** "a.b.c.d" as a uint32, or -1. */
function ipv4ToUint32(text) {
  const parts = text.split('.');
  if (parts.length !== 4) return -1;
  let value = 0;
  for (const part of parts) {
    const byte = Number(part);
    if (!Number.isInteger(byte) || byte < 0 || byte > 255 || part === '') return -1;
    value = value * 256 + byte;
  }
  return value;
}

function uint32ToIpv4(value) {
  return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

// A record carries the address as a number; each side turns it into text and back once per
// address seen, not per datagram. Bounded like PacketIo's tables: a peer spraying from ever new
// addresses makes them start over.
const MAX_CACHED = 4096;

function remember(map, key, compute) {
  let value = map.get(key);
  if (value === undefined) {
    value = compute(key);
    if (map.size >= MAX_CACHED) map.clear();
    map.set(key, value);
  }
  return value;
}

export class Ipv4Cache {
  #numbers = new Map();
  #texts = new Map();

  /** "a.b.c.d" as a uint32, or -1 for anything else (IPv6: the UDP sockets are udp4). */
  number(text) { return remember(this.#numbers, text, ipv4ToUint32); }

  text(value) { return remember(this.#texts, value, uint32ToIpv4); }
}
