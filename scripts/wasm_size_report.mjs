// What each library and layer contributes to the wasm module's size (issue 9).
//   node scripts/wasm_size_report.mjs <module.wasm> [archive.a | object.o ...] [--json] [--by-object] [--map link.map]
// The module must carry a name section (link with --profiling-funcs: the wasmrtc_core_size target
// of CMakeLists.txt does, and runs this script with every archive and object the module links).
// Each function body in the code section is attributed to the archive whose object files define
// that function's symbol (read from the objects' "linking" sections, local symbols included, so
// OpenSSL's static functions count as OpenSSL); functions no archive defines are the Emscripten
// runtime (libc, malloc, libc++, Embind), told apart by name. Data segments cannot be attributed
// (the linker merges them), so static data is its own row, and so is everything else (types,
// imports, exports, tables). The rows add up to the file size less the name section, which the
// shipped module does not have.
// With --map (wasm-ld's -Map output of the same link) static data is split by origin too, in a second
// table: the sizes of the data sections each input contributed, before wasm-opt drops runs of zeros
// (so they add up to a little more than the data row), and merged string constants as one row.
// Output: a Markdown table (part, raw bytes, share, gzip of that part alone), or JSON with --json.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// --- wasm binary reading ---------------------------------------------------------------------------------
class Reader {
  constructor(buf, pos = 0, end = buf.length) { this.buf = buf; this.pos = pos; this.end = end; }
  u8() { return this.buf[this.pos++]; }
  u32() {  // unsigned LEB128
    let result = 0, shift = 0, byte;
    do {
      byte = this.buf[this.pos++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  }
  str() { const n = this.u32(); const s = this.buf.toString('utf8', this.pos, this.pos + n); this.pos += n; return s; }
  skipLimits() { const flags = this.u8(); this.u32(); if (flags & 1) this.u32(); }
}

// Sections of a wasm binary: [{id, name (custom only), start (payload), end, size (with header)}].
export function sections(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm binary');
  const out = [];
  const r = new Reader(buf, 8);
  while (r.pos < buf.length) {
    const headerStart = r.pos;
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    const s = { id, start, end, size: end - headerStart };
    if (id === 0) s.name = new Reader(buf, start, end).str();
    out.push(s);
    r.pos = end;
  }
  return out;
}

function importedFunctionCount(buf, section) {
  const r = new Reader(buf, section.start, section.end);
  let functions = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.str(); r.str();
    const kind = r.u8();
    if (kind === 0) { r.u32(); functions++; }
    else if (kind === 1) { r.u8(); r.skipLimits(); }
    else if (kind === 2) r.skipLimits();
    else if (kind === 3) { r.u8(); r.u8(); }
    else if (kind === 4) { r.u8(); r.u32(); }
    else throw new Error(`unknown import kind ${kind}`);
  }
  return functions;
}

// Function names from the "name" custom section: Map index -> name.
function functionNames(buf, section) {
  const names = new Map();
  const r = new Reader(buf, section.start, section.end);
  r.str();  // "name"
  while (r.pos < section.end) {
    const sub = r.u8();
    const size = r.u32();
    const next = r.pos + size;
    if (sub === 1) {
      for (let n = r.u32(); n > 0; n--) { const index = r.u32(); names.set(index, r.str()); }
    }
    r.pos = next;
  }
  return names;
}

// Function bodies of the module: [{index, name, start, end}] (end - start = bytes with size prefix).
export function functionBodies(buf) {
  const secs = sections(buf);
  const imports = secs.find((s) => s.id === 2);
  const code = secs.find((s) => s.id === 10);
  const nameSec = secs.find((s) => s.id === 0 && s.name === 'name');
  const firstIndex = imports ? importedFunctionCount(buf, imports) : 0;
  const names = nameSec ? functionNames(buf, nameSec) : new Map();
  const r = new Reader(buf, code.start, code.end);
  const bodies = [];
  const count = r.u32();
  for (let i = 0; i < count; i++) {
    const start = r.pos;
    const size = r.u32();
    r.pos += size;
    bodies.push({ index: firstIndex + i, name: names.get(firstIndex + i) ?? null, start, end: r.pos });
  }
  return { secs, code, bodies, hasNames: Boolean(nameSec) };
}

// --- objects and archives: which symbols each defines -----------------------------------------------------
const SYM_FUNCTION = 0, SYM_DATA = 1, SYM_GLOBAL = 2, SYM_SECTION = 3, SYM_TAG = 4, SYM_TABLE = 5;
const FLAG_WEAK = 0x1, FLAG_UNDEFINED = 0x10, FLAG_EXPLICIT_NAME = 0x40;

// Defined function symbols of one wasm object file: [{name, weak}].
export function definedFunctions(obj) {
  const out = [];
  for (const s of sections(obj)) {
    if (s.id !== 0 || s.name !== 'linking') continue;
    const r = new Reader(obj, s.start, s.end);
    r.str();
    r.u32();  // version
    while (r.pos < s.end) {
      const type = r.u8();
      const size = r.u32();
      const next = r.pos + size;
      if (type === 8) {  // WASM_SYMBOL_TABLE
        for (let n = r.u32(); n > 0; n--) {
          const kind = r.u8();
          const flags = r.u32();
          const undefined_ = (flags & FLAG_UNDEFINED) !== 0;
          if (kind === SYM_FUNCTION || kind === SYM_GLOBAL || kind === SYM_TAG || kind === SYM_TABLE) {
            r.u32();
            const named = !undefined_ || (flags & FLAG_EXPLICIT_NAME);
            const name = named ? r.str() : null;
            if (kind === SYM_FUNCTION && !undefined_) out.push({ name, weak: (flags & FLAG_WEAK) !== 0 });
          } else if (kind === SYM_DATA) {
            r.str();
            if (!undefined_) { r.u32(); r.u32(); r.u32(); }
          } else if (kind === SYM_SECTION) {
            r.u32();
          } else {
            throw new Error(`unknown symbol kind ${kind}`);
          }
        }
      }
      r.pos = next;
    }
  }
  return out;
}

// The wasm object files inside an ar archive: [{name, data}] (GNU or BSD member names).
export function archiveMembers(buf) {
  if (buf.toString('latin1', 0, 8) !== '!<arch>\n') throw new Error('not an ar archive');
  const members = [];
  let longNames = '';
  let pos = 8;
  while (pos + 60 <= buf.length) {
    const size = Number(buf.toString('latin1', pos + 48, pos + 58).trim());
    const start = pos + 60;
    let name = buf.toString('latin1', pos, pos + 16).trim();
    let data = buf.subarray(start, start + size);
    let m;
    if (name === '//') longNames = data.toString('latin1');
    else if ((m = /^\/(\d+)$/.exec(name))) name = longNames.slice(Number(m[1])).split(/\/?\n/)[0];
    else if ((m = /^#1\/(\d+)$/.exec(name))) {  // BSD: the name precedes the data
      name = data.toString('latin1', 0, Number(m[1])).replace(/\0+$/, '');
      data = data.subarray(Number(m[1]));
    }
    name = name.replace(/\/$/, '');
    if (data.length >= 4 && data.readUInt32LE(0) === 0x6d736100) members.push({ name, data });
    pos = start + size + (size & 1);
  }
  return members;
}

// --- attribution ------------------------------------------------------------------------------------------
// A readable origin for an archive or object path.
export function originOf(file) {
  const base = path.basename(file);
  let m;
  if (base === 'libcrypto.a') return 'OpenSSL libcrypto';
  if (base === 'libssl.a') return 'OpenSSL libssl';
  if (base === 'libopus.a') return 'libopus';
  if (base === 'libvpx.a') return 'libvpx';
  if ((m = /^libwasmrtc_(\w+)\.a$/.exec(base))) return `wasmrtc ${m[1]}`;
  if (base.endsWith('.o')) return 'wasmrtc bindings';
  return base;
}

// The outermost scope of a demangled C++ name ("wasmrtc::sctp", "std", "emscripten"), '' for a
// C++ name at global scope, null for a C name. Return types, template arguments, parameters and
// lambda/anonymous-namespace markers are stripped first.
export function cxxScope(name) {
  if (!/[:(<]/.test(name)) return null;
  let s = name.replace(/\(anonymous namespace\)/g, 'anon').replace(/\{lambda\([^)]*\)#\d+\}/g, 'lambda');
  let out = '', depth = 0;
  for (const ch of s) {
    if (ch === '<') depth++;
    else if (ch === '>') depth = Math.max(0, depth - 1);
    else if (depth === 0) { if (ch === '(') break; out += ch; }
  }
  out = out.replace(/\boperator\b.*$/, 'operator');
  const words = out.trim().split(' ');
  const qualified = words[words.length - 1].split('::');
  if (qualified.length === 1) return '';
  if (qualified[0] === 'wasmrtc' && qualified.length > 2) return `wasmrtc::${qualified[1]}`;
  return qualified[0];
}

const LAYERS = new Set(['crypto', 'dtls', 'stun', 'turn', 'media', 'ice', 'sctp', 'datachannel', 'sdp', 'peer',
  'bindings']);

// C++ functions by their namespace (the linked objects' symbols are mangled, the name section's are
// not): a wasmrtc layer's code and the templates it instantiates stay with the layer only when the
// function is in the layer's namespace; std:: templates instantiated for wasmrtc types count as libc++.
// Anything else (std, __cxxabiv1, global operators) is libc++ / libc++abi.
function cxxOrigin(scope) {
  if (scope.startsWith('wasmrtc::')) {
    const layer = scope.slice('wasmrtc::'.length);
    return LAYERS.has(layer) ? `wasmrtc ${layer}` : 'wasmrtc common';
  }
  if (scope === 'wasmrtc') return 'wasmrtc common';
  if (scope === 'emscripten') return 'Embind';
  return 'libc++ / libc++abi';
}

// Functions that no given archive defines: Emscripten's system libraries and Binaryen's helpers.
function runtimeOrigin(name) {
  if (/^_?_?embind_|^_?_?emval_|^__getTypeName/.test(name)) return 'Embind';
  if (/^__cxa_|^__cxx|^_Zn[wa]|^_Zd[la]/.test(name)) return 'libc++ / libc++abi';
  if (/^(dl|malloc$|free$|calloc$|realloc$|memalign$|posix_memalign$|sbrk$|emscripten_builtin_)/.test(name)) {
    return 'malloc (dlmalloc)';
  }
  return 'libc and Emscripten runtime';
}

export function buildSymbolMap(files, byObject = false) {
  const strong = new Map();  // name -> origin
  const weak = new Map();    // name -> origin (the first archive that defines it)
  for (const file of files) {
    const buf = fs.readFileSync(file);
    const origin = originOf(file);
    const objects = file.endsWith('.a') ? archiveMembers(buf) : [{ name: path.basename(file), data: buf }];
    for (const obj of objects) {
      const where = byObject ? `${origin}: ${obj.name}` : origin;
      for (const { name, weak: isWeak } of definedFunctions(obj.data)) {
        const map = isWeak ? weak : strong;
        if (!map.has(name)) map.set(name, where);
      }
    }
  }
  return { strong, weak };
}

export function attribute(name, symbols) {
  if (name === null) return 'unnamed';
  const scope = cxxScope(name);
  if (scope !== null) return cxxOrigin(scope);
  // wasm-ld and Binaryen suffix duplicate names of static functions ("felem_inv.1").
  for (const candidate of [name, name.replace(/\.\d+$/, '')]) {
    const origin = symbols.strong.get(candidate) ?? symbols.weak.get(candidate);
    if (origin) return origin;
  }
  return runtimeOrigin(name);
}

// Static data by origin from a wasm-ld map: [{part, bytes}], biggest first. Lines are
// "Addr Off Size" then the output section (no indent), an input (8 spaces) or a symbol (16).
const SYSTEM_LIBS = [[/^libc\+\+/, 'libc++ / libc++abi'], [/^libembind/, 'Embind'], [/^libdlmalloc/, 'malloc (dlmalloc)'],
  [/^lib(c|compiler_rt|stubs|standalonewasm|sockets)[-.]/, 'libc and Emscripten runtime']];
export function dataByOrigin(mapText, byObject = false) {
  const parts = new Map();
  let section = null;
  for (const line of mapText.split('\n')) {
    const m = /^\s*\S+\s+\S+\s+([0-9a-f]+) (.*)$/.exec(line);
    if (!m) continue;
    const indent = m[2].length - m[2].trimStart().length;
    const what = m[2].trim();
    if (indent === 0) { section = what; continue; }
    if (indent !== 8 || !['.rodata', '.data'].includes(section)) continue;
    let part;
    const input = /^(.*?)(?:\(([^()]*)\))?:\(/.exec(what);
    if (what.startsWith('<internal>')) part = 'merged string constants (all origins)';
    else if (input) {
      const base = path.basename(input[1]);
      const system = SYSTEM_LIBS.find(([re]) => re.test(base));
      part = system ? system[1] : originOf(input[1]);
      if (byObject && input[2]) part = `${part}: ${input[2]}`;
    } else part = what;
    parts.set(part, (parts.get(part) ?? 0) + parseInt(m[1], 16));
  }
  return [...parts].map(([part, bytes]) => ({ part, bytes })).sort((a, b) => b.bytes - a.bytes);
}

const gzipSize = (parts) => zlib.gzipSync(Buffer.concat(parts), { level: 9 }).length;

export function report(wasmFile, files, { byObject = false, map = null } = {}) {
  const buf = fs.readFileSync(wasmFile);
  const { secs, code, bodies, hasNames } = functionBodies(buf);
  if (!hasNames) throw new Error(`${wasmFile} has no name section: link it with --profiling-funcs`);
  const symbols = buildSymbolMap(files, byObject);
  const parts = new Map();
  const add = (part, bytes, chunk) => {
    if (!parts.has(part)) parts.set(part, { part, bytes: 0, chunks: [], functions: 0 });
    const p = parts.get(part);
    p.bytes += bytes;
    if (chunk) { p.chunks.push(chunk); p.functions++; }
  };
  for (const f of bodies) add(attribute(f.name, symbols), f.end - f.start, buf.subarray(f.start, f.end));
  // The code section's header and body count.
  add('other sections (types, imports, exports, tables, ...)', code.size - (code.end - code.start) +
      (bodies.length ? bodies[0].start - code.start : 0));
  let nameBytes = 0;
  for (const s of secs) {
    if (s.id === 10) continue;
    if (s.id === 0 && s.name === 'name') { nameBytes += s.size; continue; }
    if (s.id === 11) { add('static data (all origins)', s.size, buf.subarray(s.start, s.end)); continue; }
    add('other sections (types, imports, exports, tables, ...)', s.size, buf.subarray(s.start, s.end));
  }
  add('wasm header', 8);
  const total = buf.length - nameBytes;
  const rows = [...parts.values()].sort((a, b) => b.bytes - a.bytes).map((p) => ({
    part: p.part,
    bytes: p.bytes,
    share: p.bytes / total,
    functions: p.functions,
    gzip: p.chunks.length ? gzipSize(p.chunks) : null,
  }));
  const stripped = Buffer.concat([buf.subarray(0, 8), ...secs.filter((s) => !(s.id === 0 && s.name === 'name'))
    .map((s) => buf.subarray(s.end - s.size, s.end))]);
  const data = map ? dataByOrigin(fs.readFileSync(map, 'utf8'), byObject) : null;
  return { file: wasmFile, total, nameBytes, gzipTotal: gzipSize([stripped]), rows, data };
}

function markdown(r) {
  const kib = (n) => (n / 1024).toFixed(1);
  const lines = [
    `${path.basename(r.file)} without its name section: ${r.total} bytes (${kib(r.total)} KiB), ` +
      `${kib(r.gzipTotal)} KiB gzip`,
    '',
    '| part | raw bytes | share | functions | gzip alone (KiB) |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const row of r.rows) {
    lines.push(`| ${row.part} | ${row.bytes} | ${(row.share * 100).toFixed(1)} % | ${row.functions || ''} | ` +
               `${row.gzip === null ? '' : kib(row.gzip)} |`);
  }
  if (r.data) {
    const dataTotal = r.data.reduce((sum, d) => sum + d.bytes, 0);
    lines.push('', `Static data by origin (link map, before wasm-opt drops zero runs: ${dataTotal} bytes):`, '',
      '| part | raw bytes | share of data |', '|---|---:|---:|');
    for (const d of r.data) lines.push(`| ${d.part} | ${d.bytes} | ${(d.bytes / dataTotal * 100).toFixed(1)} % |`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const byObject = args.includes('--by-object');
  const mapAt = args.indexOf('--map');
  const map = mapAt >= 0 ? args[mapAt + 1] : null;
  const [wasm, ...files] = args.filter((a, i) => !a.startsWith('--') && !(mapAt >= 0 && i === mapAt + 1));
  if (!wasm) {
    console.error('usage: node scripts/wasm_size_report.mjs <module.wasm> [archive.a | object.o ...] [--json] [--by-object] [--map link.map]');
    process.exit(2);
  }
  const r = report(wasm, files, { byObject, map });
  console.log(json ? JSON.stringify(r, null, 2) : markdown(r));
}
