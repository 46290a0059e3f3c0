// Package size: what each stack ships to run, raw and gzip (level 9): wasmrtc's wasm module (and
// its JS loader), the native .node addons of @roamhq/wrtc and node-datachannel, werift's JS.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT, WASM } from '../implementations.mjs';

const require = createRequire(import.meta.url);

function files(dir, test) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full, test));
    else if (test(full)) out.push(full);
  }
  return out;
}

// A wasm module without its custom sections (the "name" section that --profiling-funcs keeps,
// producers, debug info): what a Release build ships. Sections: id byte, LEB128 size, contents.
export function withoutCustomSections(wasm) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const start = at;
    const id = wasm[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[at++];
      size += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    at += size;
    if (id !== 0) parts.push(wasm.subarray(start, at));
  }
  return Buffer.concat(parts);
}

function measure(list, what, transform = (b) => b) {
  const missing = list.find((f) => !existsSync(f));
  if (missing) return { reason: `${path.relative(ROOT, missing)} missing` };
  let raw = 0;
  let gzip = 0;
  for (const f of list) {
    const bytes = transform(readFileSync(f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { value: raw / 1e6, gzip: gzip / 1e6, unit: 'MB', what };
}

// Where npm installed a package (some packages do not export their package.json).
function packageDir(name) {
  for (const base of require.resolve.paths(name) || []) {
    const dir = path.join(base, name);
    if (existsSync(path.join(dir, 'package.json'))) return dir;
  }
  return path.join(ROOT, 'node_modules', name);
}

export function run(id) {
  switch (id) {
    case 'wasmrtc':
    case 'wasmrtc-thread':
    case 'wasmrtc-1200':
    case 'wasmrtc-relay':
      return measure([WASM], 'js/dist/wasmrtc_core.wasm without custom sections', withoutCustomSections);
    case '@roamhq/wrtc': {
      const dir = path.join(path.dirname(packageDir('@roamhq/wrtc')), 'wrtc-linux-x64');
      return measure([path.join(dir, 'wrtc.node')], '@roamhq/wrtc-linux-x64/wrtc.node');
    }
    case 'node-datachannel': {
      const dir = path.join(path.dirname(packageDir('node-datachannel')), '@node-datachannel/linux-x64-gnu');
      return measure([path.join(dir, 'node_datachannel.node')], '@node-datachannel/linux-x64-gnu/node_datachannel.node');
    }
    case 'werift': {
      const lib = path.join(packageDir('werift'), 'lib');
      return measure(files(lib, (f) => f.endsWith('.js') && statSync(f).isFile()), 'werift/lib/**/*.js (no deps)');
    }
    default:
      return { reason: 'unknown' };
  }
}
