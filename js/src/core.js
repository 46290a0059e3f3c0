// Holds the wasm core (one per realm) and loads it.
//
// The API modules import the live binding `core` and use it when an object is constructed, never
// at import time, so no module below an entry file needs top-level await:
//   - Node loads the core synchronously on first use: the Emscripten factory (dist/wasmrtc_core.cjs)
//     gets an `instantiateWasm` hook that compiles and instantiates the bytes read from disk with
//     `new WebAssembly.Module/Instance` and calls back at once, so the Embind classes are on the
//     Module object when the factory returns (Emscripten 3.1.6: run() finds no pending dependency).
//     That is what lets `require('wasmrtc')` work (require() of an ES module refuses top-level await).
//   - Browsers and workers cannot compile a large module synchronously on the main thread, so the
//     universal entry (js/index.js) awaits loadCore(), which fetches the .wasm beside the .mjs loader.
import { attachDebugLog } from './debug_log.js';
import { importNodeBuiltin } from './node_builtin.js';

const isNode = typeof process !== 'undefined' && process.versions != null &&
  process.versions.node != null && typeof window === 'undefined';

let builtins = null;  // {readFileSync, createRequire} from node:fs and node:module
let corePromise = null;

function notLoaded() {
  return new Error('wasmrtc: the wasm core is not loaded yet: import the package entry (it loads the core) ' +
    "or await loadCore() from 'wasmrtc/internal' first");
}

function loadFailed(err) {
  return new Error(`wasmrtc: cannot load the wasm core (${err && err.message}); was it built? (npm run build)`,
    { cause: err });
}

/**
 * The Embind module (see bindings/*.cc). Until it is loaded this is a stand-in that loads it
 * synchronously in Node on first property access (and throws elsewhere); afterwards it is the
 * module itself (an ES live binding: importers see the assignment).
 */
export let core = new Proxy({}, {
  get(_, property) { return loadCoreSync()[property]; },
});
let loaded = null;

/** Node only: hands the loader node:fs and node:module (js/node.js imports them statically). */
export function useNodeBuiltins(nodeBuiltins) {
  if (!builtins) builtins = nodeBuiltins;
}

function nodeBuiltinsSync() {
  if (builtins) return builtins;
  const get = typeof process !== 'undefined' && process.getBuiltinModule;  // Node >= 20.16
  if (typeof get === 'function') {
    builtins = { readFileSync: get('node:fs').readFileSync, createRequire: get('node:module').createRequire };
  }
  return builtins;
}

function instantiateNode({ readFileSync, createRequire }) {
  const factory = createRequire(import.meta.url)('../dist/wasmrtc_core.cjs');
  const bytes = readFileSync(new URL('../dist/wasmrtc_core.wasm', import.meta.url));
  let failure = null;
  const module = {
    instantiateWasm(imports, receiveInstance) {
      try {
        const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
        receiveInstance(instance);
        return instance.exports;
      } catch (err) {
        failure = err;  // Emscripten would only log it; it is rethrown below
        return {};
      }
    },
  };
  const ready = factory(module);
  if (ready && typeof ready.catch === 'function') ready.catch(() => {});  // failures are thrown here
  if (failure) throw failure;
  if (typeof module.PeerConnectionHandle !== 'function') {
    throw new Error('the module did not initialize synchronously');
  }
  return module;
}

function settle(module) {
  if (!loaded) {
    loaded = module;
    core = module;
    attachDebugLog(module);
  }
  return loaded;
}

/** The core, loaded synchronously if need be (Node); throws where that is impossible. */
export function loadCoreSync() {
  if (loaded) return loaded;
  const nodeBuiltins = isNode ? nodeBuiltinsSync() : null;
  if (!nodeBuiltins) throw notLoaded();
  try {
    return settle(instantiateNode(nodeBuiltins));
  } catch (err) {
    throw loadFailed(err);
  }
}

async function instantiate() {
  if (isNode) {
    if (!nodeBuiltinsSync()) {
      const [{ readFileSync }, { createRequire }] = await Promise.all([importNodeBuiltin('fs'), importNodeBuiltin('module')]);
      useNodeBuiltins({ readFileSync, createRequire });
    }
    return loadCoreSync();
  }
  const { default: factory } = await import('../dist/wasmrtc_core.mjs');
  // Written out whole so that bundlers (webpack 5, Vite, Parcel) see the .wasm, emit it with the
  // application and rewrite this URL to where they put it.
  const wasmUrl = new URL('../dist/wasmrtc_core.wasm', import.meta.url);
  return settle(await factory({ locateFile: (file) => (file.endsWith('.wasm') ? wasmUrl.href : new URL(file, wasmUrl).href) }));
}

/** Resolves with the core once it is loaded (loading it on first call). */
export function loadCore() {
  if (loaded) return Promise.resolve(loaded);
  if (!corePromise) {
    corePromise = instantiate().catch((err) => {
      corePromise = null;  // let a later call retry, e.g. after the build produced js/dist
      throw err.message.startsWith('wasmrtc:') ? err : loadFailed(err);
    });
  }
  return corePromise;
}
