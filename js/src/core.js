// Loads the wasm core once per realm. Node gets the module bytes from disk and hands them over as
// `wasmBinary` (Emscripten 3.1.6's own loader calls fetch() on a file path under Node 20 and fails);
// browsers, workers and bundlers fetch the .wasm next to the .mjs loader.
const isNode = typeof process !== 'undefined' && process.versions != null &&
  process.versions.node != null && typeof window === 'undefined';

let corePromise = null;

async function instantiate() {
  if (isNode) {
    const { createRequire } = await import('node:module');
    const { readFile } = await import('node:fs/promises');
    const require = createRequire(import.meta.url);
    const factory = require('../dist/wasmrtc_core.cjs');
    const wasmBinary = await readFile(new URL('../dist/wasmrtc_core.wasm', import.meta.url));
    return factory({ wasmBinary });
  }
  const { default: factory } = await import('../dist/wasmrtc_core.mjs');
  const base = new URL('../dist/', import.meta.url);
  return factory({ locateFile: (file) => new URL(file, base).href });
}

/** The Embind module (see bindings/*.cc), loaded on first use and shared afterwards. */
export function loadCore() {
  if (!corePromise) {
    corePromise = instantiate().catch((err) => {
      corePromise = null; // let a later call retry, e.g. after the build produced js/dist
      throw new Error(`wasmrtc: cannot load the wasm core (${err && err.message}); ` +
        'was it built? (npm run build)', { cause: err });
    });
  }
  return corePromise;
}
