// scripts/wasm_size_report.mjs (what each library contributes to the module, issue 9) on a module
// and an archive built byte by byte here, and the data-channel-only module the full wasm build
// writes to build/wasm/dc (scripts/build_wasm.sh without --module; npm test builds it).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { archiveMembers, cxxScope, dataByOrigin, definedFunctions, report, sections } from '../../scripts/wasm_size_report.mjs';

// --- a tiny wasm binary writer ---------------------------------------------------------------------------
const leb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
const section = (id, payload) => [id, ...leb(payload.length), ...payload];
const custom = (name, payload) => section(0, [...str(name), ...payload]);
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
// A function body returning i32.const n: locals count 0, i32.const, LEB, end.
const body = (n) => { const code = [0x00, 0x41, ...leb(n), 0x0b]; return [...leb(code.length), ...code]; };

const C_NAME = 'ossl_thing';
const CXX_NAME = 'wasmrtc::sctp::Association::flush(wasmrtc::Timestamp)';

function moduleBytes() {
  const bodies = [body(1), body(1000000), body(7)];
  const names = [[0, C_NAME], [1, CXX_NAME], [2, 'memcpy']];
  const nameMap = [...leb(names.length), ...names.flatMap(([i, n]) => [...leb(i), ...str(n)])];
  return Buffer.from([
    ...HEADER,
    ...section(1, [1, 0x60, 0, 1, 0x7f]),            // one type: () -> i32
    ...section(2, [1, ...str('env'), ...str('f'), 0, 0]),  // one imported function: index 0
    ...section(3, [3, 0, 0, 0]),                       // three functions of type 0: indices 1..3
    ...section(10, [3, ...bodies.flat()]),
    ...section(11, [1, 0, 0x41, 16, 0x0b, ...str('static bytes')]),  // one active data segment
    // The name section numbers functions from the imports on: names of 1..3, and the import's.
    ...custom('name', [1, ...leb(nameMap.length + 5 + 1), ...leb(names.length + 1), 0, ...str('f'),
      ...names.flatMap(([i, n]) => [...leb(i + 1), ...str(n)])]),
  ]);
}

function objectDefining(name) {
  // A wasm object with only a "linking" section: version 2, symbol table of one defined function.
  const symtab = [1, 0 /* function */, 0 /* flags */, 0 /* index */, ...str(name)];
  return Buffer.from([...HEADER, ...custom('linking', [2, 8, ...leb(symtab.length), ...symtab])]);
}

function archive(members) {
  const parts = [Buffer.from('!<arch>\n')];
  for (const [name, data] of members) {
    const header = `${`${name}/`.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'644'.padEnd(8)}` +
                   `${String(data.length).padEnd(10)}\`\n`;
    parts.push(Buffer.from(header, 'latin1'), data);
    if (data.length & 1) parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

let dir;
beforeAll(() => { dir = mkdtempSync(path.join(tmpdir(), 'wasm-size-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('demangled C++ names are attributed by namespace, return types and templates aside', () => {
  expect(cxxScope(CXX_NAME)).toBe('wasmrtc::sctp');
  expect(cxxScope('void std::__2::vector<wasmrtc::ice::Candidate>::push_back(int)')).toBe('std');
  expect(cxxScope('wasmrtc::bindings::(anonymous namespace)::Handle::poll(double)')).toBe('wasmrtc::bindings');
  expect(cxxScope('operator new(unsigned long)')).toBe('');
  expect(cxxScope('felem_inv.1')).toBeNull();
});

test('archive members and their defined functions are read from the linking section', () => {
  const members = archiveMembers(archive([['a.o', objectDefining('one')], ['b.o', objectDefining('two')]]));
  expect(members.map((m) => m.name)).toEqual(['a.o', 'b.o']);
  expect(definedFunctions(members[1].data)).toEqual([{ name: 'two', weak: false }]);
});

test('the parts add up to the module less its name section, each function to its origin', () => {
  const wasm = moduleBytes();
  const wasmFile = path.join(dir, 'm.wasm');
  const libcrypto = path.join(dir, 'libcrypto.a');
  writeFileSync(wasmFile, wasm);
  writeFileSync(libcrypto, archive([['x.o', objectDefining(C_NAME)]]));
  const r = report(wasmFile, [libcrypto]);
  const nameSection = sections(wasm).find((s) => s.name === 'name');
  expect(r.nameBytes).toBe(nameSection.size);
  expect(r.total).toBe(wasm.length - nameSection.size);
  expect(r.rows.reduce((sum, row) => sum + row.bytes, 0)).toBe(r.total);
  const bytesOf = (part) => r.rows.find((row) => row.part === part)?.bytes;
  expect(bytesOf('OpenSSL libcrypto')).toBe(body(1).length);
  expect(bytesOf('wasmrtc sctp')).toBe(body(1000000).length);
  expect(bytesOf('libc and Emscripten runtime')).toBe(body(7).length);
  expect(bytesOf('static data (all origins)')).toBe(sections(wasm).find((s) => s.id === 11).size);
});

test('static data is split by origin from a wasm-ld map: inputs of .rodata and .data, not .bss or code', () => {
  const map = [
    '    Addr      Off     Size Out     In      Symbol',
    '       -     474f      100 CODE',
    '       -     4751       40         /x/libcrypto.a(libcrypto-lib-aes.o):(AES_encrypt)',
    '       -   1babe0      400 DATA',
    '     400   1babe1      300 .rodata',
    '     400   1babe9      200         <internal>:(.rodata)',
    '     600   1bade9       20         /x/libcrypto.a(libcrypto-lib-obj_dat.o):(.rodata.nid_objs)',
    '     600   1bade9       20                 nid_objs',
    '     620   1bae09       10         /usr/lib/libc++-noexcept.a(string.o):(.rodata._ZTS)',
    '     630   1bae19       30         libwasmrtc_crypto.a(crc32.cc.o):(.rodata.table)',
    '     700   1baf00       60 .data',
    '     700   1baf00       60         /x/libssl.a(libssl-lib-s3_lib.o):(.data.ssl3_ciphers)',
    '     800   1bb000       99 .bss',
    '     800   1bb000       99         /x/libssl.a(libssl-lib-s3_lib.o):(.bss.x)',
  ].join('\n');
  expect(dataByOrigin(map)).toEqual([
    { part: 'merged string constants (all origins)', bytes: 0x200 },
    { part: 'OpenSSL libssl', bytes: 0x60 },
    { part: 'wasmrtc crypto', bytes: 0x30 },
    { part: 'OpenSSL libcrypto', bytes: 0x20 },
    { part: 'libc++ / libc++abi', bytes: 0x10 },
  ]);
  expect(dataByOrigin(map, true)[1].part).toBe('OpenSSL libssl: libssl-lib-s3_lib.o');
});

test('a module without a name section is refused with the flag that adds one', () => {
  const shipped = new URL('../../js/dist/wasmrtc_core.wasm', import.meta.url);
  const bytes = readFileSync(shipped);
  // Every byte of the shipped module is in some section.
  expect(8 + sections(bytes).reduce((sum, s) => sum + s.size, 0)).toBe(bytes.length);
  expect(() => report(shipped.pathname, [])).toThrow(/--profiling-funcs/);
});

// --- the data-channel-only module ------------------------------------------------------------------------
const dcDir = new URL('../../build/wasm/dc/', import.meta.url);

function loadDcModule() {
  // The loader is CommonJS but named .js inside a "type": "module" package: require a .cjs copy.
  const loader = path.join(dir, 'wasmrtc_core_dc.cjs');
  writeFileSync(loader, readFileSync(new URL('wasmrtc_core_dc.js', dcDir)));
  const factory = createRequire(import.meta.url)(loader);
  const bytes = readFileSync(new URL('wasmrtc_core_dc.wasm', dcDir));
  const module = {
    instantiateWasm(imports, receive) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
      receive(instance);
      return instance.exports;
    },
  };
  factory(module);
  return module;
}

test('the data-channel-only module has the peer connection and crypto bindings but no media ones', () => {
  const core = loadDcModule();
  expect(typeof core.PeerConnectionHandle).toBe('function');
  expect(core.libraryVersions).toBeUndefined();
  const now = Date.now();
  const { certificate: cert, error } = core.generateCertificate(now, now + 86400000);
  expect(error).toBeUndefined();
  const fp = cert.fingerprint('sha-256');
  expect(fp.algorithm).toBe('sha-256');
  expect(core.verifyFingerprint(fp.sdp, cert.der())).toBe(true);
  // PEM out and back in (the trimmed OpenSSL's encoders and decoders).
  const { certificate: again } = core.certificateFromPem(cert.pem(), cert.privateKeyPem());
  expect(again.fingerprint('sha-256').value).toBe(fp.value);
  expect(core.hmacSha256(new TextEncoder().encode('key'), new TextEncoder().encode('data')).length).toBe(32);
  cert.delete();
  again.delete();
});
