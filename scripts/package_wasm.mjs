// Post-build step of the wasm target (CMakeLists.txt): copies Emscripten's output into js/dist in the
// three shapes the JS package loads, and prints the module's size raw and gzipped.
//   wasmrtc_core.cjs  - the loader as CommonJS, for Node (loaded through createRequire)
//   wasmrtc_core.mjs  - the same loader plus `export default`, for browsers, workers and bundlers
//   wasmrtc_core.wasm - the module itself
// With --report-only <buildDir> <name> it only prints the size of <buildDir>/<name>.wasm (the
// data-channel-only module, which is not shipped).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;

if (process.argv[2] === '--report-only') {
  const [buildDir, name] = process.argv.slice(3);
  const wasm = fs.readFileSync(path.join(buildDir, `${name}.wasm`));
  console.log(`[wasm] ${name}.wasm ${kib(wasm.length)} raw, ${kib(gz(wasm))} gzip (data channels only: ` +
              'no media bindings, libopus or libvpx)');
  process.exit(0);
}

const [buildDir, distDir] = process.argv.slice(2);
fs.mkdirSync(distDir, { recursive: true });
const loader = fs.readFileSync(path.join(buildDir, 'wasmrtc_core.js'), 'utf8');
const wasm = fs.readFileSync(path.join(buildDir, 'wasmrtc_core.wasm'));

fs.writeFileSync(path.join(distDir, 'wasmrtc_core.cjs'), loader);
// The loader only touches Node's require/__dirname when it detects Node, so the browser copy
// needs nothing but an ES export of its factory.
fs.writeFileSync(path.join(distDir, 'wasmrtc_core.mjs'), `${loader}\nexport default createWasmrtcCore;\n`);
fs.writeFileSync(path.join(distDir, 'wasmrtc_core.wasm'), wasm);

console.log(`[wasm] wasmrtc_core.wasm ${kib(wasm.length)} raw, ${kib(gz(wasm))} gzip; ` +
            `loader ${kib(loader.length)} raw, ${kib(gz(Buffer.from(loader)))} gzip`);
