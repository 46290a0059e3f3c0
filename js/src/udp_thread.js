// The main thread's side of the UDP thread (js/src/udp_thread_worker.js), asked for with
// `wasmrtc: {udpThread: true}` or WASMRTC_UDP_THREAD=1: one worker per process owns the UDP sockets
// of every connection that asked, and such a connection's transport here is a view of its sockets
// there. Why: with many connections in one process the system calls and Node's per-datagram
// callbacks were ~40 % of the one JavaScript thread; with them on another core the main thread only
// copies a datagram into shared memory and back. The price is two thread wake-ups per datagram
// burst, so a lone connection is better off without it (docs/PERFORMANCE.md "Third round": two
// peers in one process 64 KiB ~43 → 56–61 MB/s, one peer per process on two cores 64–70 → 58–62,
// round trip 0.12 → ~0.27 ms). The wasm core and every RTCPeerConnection stay in the main thread,
// so the API stays synchronous.
//
// The worker is started by the first transport and kept, unreferenced while no socket is open: the
// process exits when the last connection closes, and the next connection does not pay a start.
import { DatagramRing, Ipv4Cache, createRingBuffer } from './datagram_ring.js';
import { importNodeBuiltin } from './node_builtin.js';

// Bytes of datagrams in flight between the threads, each way. Like a socket buffer: a full ring
// drops (counted), SCTP and the STUN transactions recover. 8 MiB (~6 800 full-size datagrams, the
// size of two sockets' kernel buffers): with 2 MiB a 64 MiB one-process transfer lost 80–240
// datagrams in the rings, with 8 MiB none. The pages are touched only as far as traffic fills them.
const RING_BYTES = 8 * 1024 * 1024;
const WAKE = 0;
const RECEIVE_SLICE = 32;

let thread = null;   // a promise of the one UdpThread (null when it failed to start)
let current = null;  // the UdpThread last started, for udpThreadInfo()

class UdpThread {
  #worker;
  #toWorker;
  #toMain;
  #counters;
  #handlers = new Map();  // socket id -> {local, onPacket}
  #requests = new Map();  // request number -> resolve
  #nextRequest = 1;
  #nextSocket = 1;
  #users = 0;             // open transports and opens under way: the worker is referenced while > 0
  #addresses = new Ipv4Cache();
  #self = null;           // the promise `thread` holds for this instance
  #dead = false;          // the worker failed to start or exited

  constructor(Worker) {
    const toWorker = createRingBuffer(RING_BYTES);
    const toMain = createRingBuffer(RING_BYTES);
    const counters = new SharedArrayBuffer(4);
    this.#toWorker = new DatagramRing(toWorker);
    this.#toMain = new DatagramRing(toMain);
    this.#counters = new Int32Array(counters);
    // execArgv: none of the process's own flags. A worker inherits them by default, and some
    // refuse a worker started from a file (--input-type, as in `node --input-type=module -e`).
    // The URL is made apart from `new Worker(...)`: bundlers (Vite, webpack) take the inline
    // `new Worker(new URL(...))` form for a browser worker to bundle, which this Node-only file
    // is not; where a bundle leaves the file out, the start fails and sockets stay in this thread.
    const script = new URL('./udp_thread_worker.js', import.meta.url);
    this.#worker = new Worker(script, { workerData: { toWorker, toMain, counters }, execArgv: [] });
    this.#worker.unref();
    this.#worker.on('message', (message) => {
      if (message === WAKE) this.#receiveAll();
      else this.#requests.get(message.request)?.(message.sockets);
    });
    // A thread that cannot start (a runtime without module workers, say) or dies loses its
    // sockets: opens under way resolve null (the caller opens sockets in this thread instead), and
    // open connections see silence, so their ICE consent fails as if the network went away. After
    // a death the next transport starts a new thread.
    let online = false;
    this.#worker.on('online', () => { online = true; });
    const lost = () => {
      // One that never ran will not run next time either (its file missing from a bundle, say):
      // later connections go straight to sockets in this thread instead of trying again.
      if (thread === this.#self) thread = online ? null : Promise.resolve(null);
      this.#dead = true;
      for (const resolve of this.#requests.values()) resolve(null);
      this.#requests.clear();
    };
    this.#worker.on('error', lost);
    this.#worker.on('exit', lost);
  }

  /** The promise `thread` holds for this instance, so a lost thread clears only itself. */
  set self(promise) { this.#self = promise; }

  /** Datagrams the worker could not hand over (the ring toward the main thread was full). */
  get droppedInbound() { return Atomics.load(this.#counters, 0); }

  get info() {
    return { running: !this.#dead, sockets: this.#handlers.size, droppedInbound: this.droppedInbound };
  }

  #use(delta) {
    this.#users += delta;
    if (this.#users > 0) this.#worker.ref();
    else this.#worker.unref();
  }

  // At most RECEIVE_SLICE datagrams per turn, the rest in the next one: the connections' drains
  // (a setImmediate each, queued by the first datagram, so they run first) send what these caused
  // while this thread decrypts the rest, and the UDP thread has work sooner. Draining a whole
  // burst (~130 datagrams) in one turn made the two threads take turns instead of overlapping:
  // 64 KiB one process 45–57 → 56–61 MB/s, 1 KiB 52–61 k → 60–68 k messages/s.
  #receiveAll = () => {
    if (this.#toMain.drain(this.#receiveOne, RECEIVE_SLICE) === RECEIVE_SLICE) setImmediate(this.#receiveAll);
  };

  #receiveOne = (id, ip, port, bytes) => {
    const handler = this.#handlers.get(id);
    if (handler) handler.onPacket(handler.local, this.#addresses.text(ip), port, bytes);
  };

  /** The transport (see udp_transport.js), or null when the thread is gone. */
  async open(addresses, onPacket) {
    if (this.#dead) return null;
    this.#use(1);
    const request = this.#nextRequest++;
    const ids = addresses.map(() => this.#nextSocket++);
    const sockets = await new Promise((resolve) => {
      this.#requests.set(request, resolve);
      this.#worker.postMessage({ type: 'open', request, addresses, ids });
    });
    this.#requests.delete(request);
    if (!sockets) {
      this.#use(-1);
      return null;
    }
    const byLocal = new Map();
    for (const { id, local } of sockets) {
      byLocal.set(local, id);
      this.#handlers.set(id, { local, onPacket });
    }
    let closed = false;
    const owner = this;
    const transport = {
      addresses: [...byLocal.keys()],
      dropped: 0,  // datagrams to an unknown address or socket, or with no room in the ring
      borrows: true,  // send() copies into the ring at once (TransportSet lends it wasm memory)
      /** Datagrams of the whole process the UDP thread had no room for toward this thread. */
      get droppedInbound() { return owner.droppedInbound; },
      send: (local, address, port, bytes) => {
        const id = byLocal.get(local);
        const ip = this.#addresses.number(address);
        if (id === undefined || ip < 0) {
          transport.dropped++;
          return;
        }
        const pushed = this.#toWorker.push(id, ip, port, bytes);
        if (pushed === 'ring') this.#worker.postMessage(WAKE);
        else if (!pushed) transport.dropped++;
      },
      close: () => {
        if (closed) return;
        closed = true;
        const ids = [...byLocal.values()];
        for (const id of ids) this.#handlers.delete(id);
        if (!this.#dead) this.#worker.postMessage({ type: 'close', ids });
        this.#use(-1);
      },
    };
    if (sockets.length === 0 && addresses.length > 0) {
      transport.close();
    }
    return transport;
  }
}

/**
 * The UDP transport through the UDP thread, or null where the runtime has no worker_threads or
 * no SharedArrayBuffer (the caller then opens sockets in this thread).
 */
export async function openUdpThreadTransport(onPacket, addresses) {
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return null;
  if (!thread) {
    const starting = importNodeBuiltin('worker_threads')
      .then(({ Worker }) => {
        const started = new UdpThread(Worker);
        started.self = starting;
        current = started;
        return started;
      })
      .catch(() => null);
    thread = starting;
  }
  const started = await thread;
  return started ? started.open(addresses, onPacket) : null;
}

/**
 * The UDP thread as seen from here: {running, sockets (open in it for this process),
 * droppedInbound}, or null before any connection asked for it.
 */
export function udpThreadInfo() {
  return current ? current.info : null;
}
