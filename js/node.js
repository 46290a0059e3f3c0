// wasmrtc's Node entry (package.json "exports", condition "node"): no top-level await anywhere in
// its module graph, so both `import` and `require()` (js/index.cjs) load it, and they share one copy.
// The wasm core is read and compiled synchronously on first use (js/src/core.js).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useNodeBuiltins } from './src/core.js';

useNodeBuiltins({ readFileSync, createRequire });  // Node < 20.16 has no process.getBuiltinModule

export * from './src/api.js';
