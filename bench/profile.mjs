#!/usr/bin/env node
// Profiles one benchmark cell with V8's sampling profiler and prints where the time goes.
//   node bench/profile.mjs [--impl wasmrtc] [--scenario throughput|rate|latency|...] [--size 65536] [--total-mib 64]
//                          [--seconds 5] [--n 1000] [--out dir]
//   node bench/profile.mjs --summarize file.cpuprofile
// Self time by function (wasm functions are named when the module is linked with --profiling-funcs),
// by category (wasm, JS of this package, node internals, GC, idle), and inclusive time of the
// driver's hot JS functions.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CELL = fileURLToPath(new URL('./cell.mjs', import.meta.url));

function category(frame) {
  const { url, functionName } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)' || functionName === '(root)') return 'V8/native (program)';
  if (url.startsWith('wasm://')) return 'wasm';
  if (url.includes('/js/src/') || url.includes('/js/index')) return 'wasmrtc JS (js/)';
  if (url.includes('/js/dist/')) return 'Emscripten glue (js/dist)';
  if (url.includes('/bench/')) return 'bench harness';
  if (url.startsWith('node:') || url === '') return functionName ? 'node internals / builtins' : 'V8/native (program)';
  return 'other JS';
}

export function summarize(profile, top = 30) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();  // node id -> µs
  for (let i = 0; i < profile.samples.length; i++) {
    self.set(profile.samples[i], (self.get(profile.samples[i]) || 0) + (profile.timeDeltas[i] || 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const key = (f) => `${f.functionName || '(anonymous)'} ${f.url ? `${f.url.replace(/^.*\/(js|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}` : ''}`;
  const fns = new Map();
  const cats = new Map();
  for (const [id, us] of self) {
    const f = byId.get(id).callFrame;
    fns.set(key(f), (fns.get(key(f)) || 0) + us);
    cats.set(category(f), (cats.get(category(f)) || 0) + us);
  }
  // Inclusive time per function, counted once per stack (recursion safe).
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, us] of self) {
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const k = key(byId.get(n).callFrame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) || 0) + us);
    }
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  const lines = [`total sampled ${(total / 1e6).toFixed(2)} s`, '', 'by category (self time):'];
  for (const [k, us] of [...cats].sort((a, b) => b[1] - a[1])) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', `top ${top} functions by self time:`);
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push('', 'inclusive time, functions of js/ and the Emscripten glue:');
  for (const [k, us] of [...inclusive].filter(([k]) => /js\/(src|dist|index)/.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`  ${pct(us)}  ${k}`);
  }
  return lines.join('\n');
}

function main() {
  const args = process.argv.slice(2);
  const get = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const file = get('--summarize');
  if (file) {
    process.stdout.write(`${summarize(JSON.parse(readFileSync(file, 'utf8')), Number(get('--top', 30)))}\n`);
    return;
  }
  const out = path.resolve(get('--out', 'build/bench-profile'));
  mkdirSync(out, { recursive: true });
  const cell = {
    scenario: get('--scenario', 'throughput'),
    impl: get('--impl', 'wasmrtc'),
    params: { size: Number(get('--size', 65536)), total: Number(get('--total-mib', 64)) * 1024 * 1024,
      seconds: Number(get('--seconds', 5)), n: Number(get('--n', 1000)) },
  };
  const before = new Set(readdirSync(out));
  const run = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, '--cpu-prof-interval', '200', CELL, JSON.stringify(cell)],
    { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  process.stdout.write(run.stdout);
  // One profile per process: with --scenario throughput2 the receiving process (bench/child.mjs,
  // forked with the same flags) writes its own, so sender and receiver are seen apart.
  const made = readdirSync(out).filter((f) => f.endsWith('.cpuprofile') && !before.has(f)).sort();
  if (made.length === 0) throw new Error('no profile written');
  for (const file of made) {
    const profile = path.join(out, file);
    process.stdout.write(`\n== ${profile}\n${summarize(JSON.parse(readFileSync(profile, 'utf8')), Number(get('--top', 30)))}\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
