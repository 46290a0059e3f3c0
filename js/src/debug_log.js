// The core's logs, by layer (native/common/log.h): silent unless asked for.
//   Node:              WASMRTC_DEBUG=ice,dtls node app.js    (or "all")
//   browsers, workers: globalThis.WASMRTC_DEBUG = 'ice,dtls' before the import, or
//   anywhere:          import { setDebugLog } from 'wasmrtc'; setDebugLog('ice,dtls'[, (layer, message) => ...]);
// Lines go to stderr in Node and to console.debug elsewhere, as "[wasmrtc <layer>] <message>",
// unless a sink function is given. Layers: ice stun turn dtls sctp datachannel sdp peer.
const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

let module = null;   // the core, once loaded
let wanted = null;   // {layers, sink} asked for before the core was loaded

function defaultSink(layer, message) {
  const line = `[wasmrtc ${layer}] ${message}`;
  if (isNode && process.stderr && typeof process.stderr.write === 'function') process.stderr.write(`${line}\n`);
  else console.debug(line);  // eslint-disable-line no-console
}

// A sink of the application's is called from a microtask with the lines gathered so far, never
// from inside the core: a sink that throws or calls back into an RTCPeerConnection (close() in the
// middle of a packet, say) must not unwind or re-enter the wasm code that is logging.
function deferred(sink) {
  let pending = [];
  let reported = false;  // a sink that throws is reported once, not once per line
  const deliver = () => {
    const lines = pending;
    pending = [];
    for (const [layer, message] of lines) {
      try {
        sink(layer, message);
      } catch (err) {
        if (!reported) defaultSink('debug', `the setDebugLog sink threw (reported once): ${err && err.message}`);
        reported = true;
      }
    }
  };
  return (layer, message) => {
    if (pending.push([layer, message]) === 1) queueMicrotask(deliver);
  };
}

function apply(layers, sink) {
  const unknown = module.setLogSink(layers, sink ? deferred(sink) : defaultSink);
  if (unknown.length) {
    defaultSink('debug', `WASMRTC_DEBUG: ${unknown.map((n) => `'${n}'`).join(', ')} ` +
      'not a layer (ice, stun, turn, dtls, sctp, datachannel, sdp, peer, all)');
  }
}

/**
 * Turns the core's logs on for the named layers ('ice,dtls', 'all'), or off ('' or null).
 * `sink(layer, message)` receives each line instead of stderr/console.debug.
 */
export function setDebugLog(layers, sink) {
  const spec = layers == null ? '' : String(layers);
  if (sink != null && typeof sink !== 'function') throw new TypeError('setDebugLog: the sink must be a function');
  if (module) apply(spec, sink);
  else wanted = { layers: spec, sink };
}

function fromEnvironment() {
  if (isNode && process.env && process.env.WASMRTC_DEBUG) return process.env.WASMRTC_DEBUG;
  if (typeof globalThis.WASMRTC_DEBUG === 'string') return globalThis.WASMRTC_DEBUG;
  return '';
}

/** Called by js/src/core.js once the core is loaded: applies what was asked for so far. */
export function attachDebugLog(core) {
  module = core;
  const request = wanted ?? { layers: fromEnvironment(), sink: null };
  wanted = null;
  if (request.layers) apply(request.layers, request.sink);
}
