// Byte verification for every benchmark message. Message `seq` of a stream is `size` bytes: the
// sequence number (uint32 LE) followed by a slice of a seeded pseudo-random pool that starts at an
// offset depending on seq. The receiver checks the length, the sequence number (in order when the
// channel is ordered) and every payload byte (one memcmp against the expected slice), so a
// corrupted, truncated, duplicated, reordered or lost message is detected.
const SHIFTS = 251;  // distinct payload offsets (prime), so neighbouring messages differ everywhere

function pool(size, seed) {
  const bytes = Buffer.allocUnsafe(size + SHIFTS);
  let x = (seed >>> 0) || 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** Makes the messages of one stream: message(seq) is a fresh Buffer (stacks may keep a reference). */
export class MessageSource {
  constructor(size, seed = 1) {
    if (size < 4) throw new RangeError('messages carry a 4-byte sequence number');
    this.size = size;
    this.pool = pool(size, seed);
  }

  message(seq) {
    const out = Buffer.allocUnsafe(this.size);
    out.writeUInt32LE(seq >>> 0, 0);
    const off = seq % SHIFTS;
    this.pool.copy(out, 4, off, off + this.size - 4);
    return out;
  }
}

/** Checks received messages; counts what passed and keeps the first failure. */
export class MessageVerifier {
  constructor(size, { seed = 1, ordered = true } = {}) {
    this.size = size;
    this.ordered = ordered;
    this.pool = pool(size, seed);
    this.next = 0;
    this.messages = 0;   // messages that passed
    this.bytes = 0;      // bytes that passed
    this.failures = 0;
    this.firstFailure = null;
    this.duplicates = 0;
    this.seen = ordered ? null : new Set();
  }

  get ok() { return this.failures === 0; }

  #fail(reason) {
    this.failures++;
    if (!this.firstFailure) this.firstFailure = reason;
    return false;
  }

  /** bytes: a Buffer/Uint8Array/ArrayBuffer. Returns true when the message is intact (and in order). */
  check(data) {
    const bytes = Buffer.isBuffer(data) ? data
      : data instanceof ArrayBuffer ? Buffer.from(data)
        : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length !== this.size) return this.#fail(`length ${bytes.length}, expected ${this.size}`);
    const seq = bytes.readUInt32LE(0);
    if (this.ordered && seq !== this.next) return this.#fail(`sequence ${seq}, expected ${this.next}`);
    const off = seq % SHIFTS;
    if (Buffer.compare(bytes.subarray(4), this.pool.subarray(off, off + this.size - 4)) !== 0) {
      return this.#fail(`message ${seq}: payload bytes differ`);
    }
    if (this.seen) {
      if (this.seen.has(seq)) {
        this.duplicates++;
        return this.#fail(`message ${seq} delivered twice`);
      }
      this.seen.add(seq);
    }
    this.next = seq + 1;
    this.messages++;
    this.bytes += bytes.length;
    return true;
  }

  summary() {
    return { messages: this.messages, bytes: this.bytes, failures: this.failures, firstFailure: this.firstFailure, ok: this.ok };
  }
}
