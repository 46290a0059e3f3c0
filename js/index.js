// wasmrtc: the W3C WebRTC API over a WebRTC stack compiled to WebAssembly.
// The universal ES module entry (browsers, workers, bundlers, Deno; also works in Node): it waits
// for the wasm core with top-level await, so the classes are usable as soon as the import resolves.
// Node resolves the package to js/node.js (import) and js/index.cjs (require) instead, which load
// the core synchronously on first use (see package.json "exports").
import { loadCore } from './src/core.js';

export * from './src/api.js';

await loadCore();
