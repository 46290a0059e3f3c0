// The package as users install it: `npm pack`, unpacked into a temporary node_modules/wasmrtc,
// then `require('wasmrtc')` and `import 'wasmrtc'` in fresh Node processes, each connecting two
// peer connections that exchange a data channel message (package.json "exports": js/index.cjs and
// js/node.js, which load the wasm core synchronously; js/index.js stays the universal entry).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);
let dir;

// Two peers in one process, signaled directly; prints what the answerer received, then closes both
// (the process must then exit by itself). `wasmrtc` is the module's exports, however loaded.
const exchange = (label) => `
  async function exchange({ RTCPeerConnection }) {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    const queues = new Map([[a, []], [b, []]]);
    for (const [from, to] of [[a, b], [b, a]]) {
      from.onicecandidate = (e) => {
        if (!e.candidate) return;
        if (to.remoteDescription) to.addIceCandidate(e.candidate);
        else queues.get(to).push(e.candidate);
      };
    }
    const received = new Promise((resolve) => {
      b.ondatachannel = ({ channel }) => { channel.onmessage = (m) => resolve(m.data); };
    });
    const channel = a.createDataChannel('entry');
    channel.onopen = () => channel.send(${JSON.stringify(`hello over ${label}`)});
    await a.setLocalDescription();
    await b.setRemoteDescription(a.localDescription);
    for (const c of queues.get(b)) await b.addIceCandidate(c);
    await b.setLocalDescription();
    await a.setRemoteDescription(b.localDescription);
    for (const c of queues.get(a)) await a.addIceCandidate(c);
    console.log(await received);
    a.close();
    b.close();
  }
`;

async function node(args) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: dir, timeout: 30000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    if (err.killed) throw new Error(`node ${args.join(' ')} did not exit: ${err.stdout}${err.stderr}`);
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

async function packedFiles() {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root });
  return JSON.parse(stdout)[0].files.map((f) => f.path);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wasmrtc-entry-'));
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root });
  const tarball = path.join(dir, JSON.parse(stdout)[0].filename);
  fs.mkdirSync(path.join(dir, 'node_modules'));
  await run('tar', ['-xzf', tarball, '-C', path.join(dir, 'node_modules')]);
  fs.renameSync(path.join(dir, 'node_modules/package'), path.join(dir, 'node_modules/wasmrtc'));
}, 120000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the package holds the wasm, the entries and the declarations, and no tests or native sources', async () => {
  const files = await packedFiles();
  for (const file of ['js/dist/wasmrtc_core.wasm', 'js/dist/wasmrtc_core.cjs', 'js/dist/wasmrtc_core.mjs',
    'js/index.js', 'js/node.js', 'js/index.cjs', 'js/index.d.ts', 'js/index.d.cts', 'js/src/api.js',
    'js/src/core.js', 'package.json']) {
    expect(files).toContain(file);
  }
  expect(files.filter((f) => /^(tests|native|bindings|wasm|scripts|build|demo|bench)\//.test(f))).toEqual([]);
  expect(files.filter((f) => /\.(cc|h|cpp|hpp|test\.js)$/.test(f))).toEqual([]);
}, 60000);

test("CommonJS: require('wasmrtc') connects two peers", async () => {
  const script = `${exchange('require')}
    const wasmrtc = require('wasmrtc');
    if (require.resolve('wasmrtc') !== require('path').resolve('node_modules/wasmrtc/js/index.cjs')) {
      throw new Error('resolved ' + require.resolve('wasmrtc'));
    }
    exchange(wasmrtc).catch((err) => { console.error(err); process.exitCode = 1; });`;
  const { code, stdout, stderr } = await node(['-e', script]);
  expect(stderr).toBe('');
  expect(stdout.trim()).toBe('hello over require');
  expect(code).toBe(0);
}, 60000);

test("ES module: import 'wasmrtc' connects two peers", async () => {
  const script = `${exchange('import')}
    const wasmrtc = await import('wasmrtc');
    if (import.meta.resolve('wasmrtc') !== new URL('./node_modules/wasmrtc/js/node.js', import.meta.url).href) {
      throw new Error('resolved ' + import.meta.resolve('wasmrtc'));
    }
    await exchange(wasmrtc);`;
  const { code, stdout, stderr } = await node(['--input-type=module', '-e', script]);
  expect(stderr).toBe('');
  expect(stdout.trim()).toBe('hello over import');
  expect(code).toBe(0);
}, 60000);

test('require() and import share one copy of the classes', async () => {
  const script = `
    const cjs = require('wasmrtc');
    import('wasmrtc').then((esm) => {
      const same = esm.RTCPeerConnection === cjs.RTCPeerConnection && Object.keys(esm).join() === Object.keys(cjs).join();
      console.log(same, Object.keys(cjs).includes('install'));
    });`;
  const { code, stdout, stderr } = await node(['-e', script]);
  expect(stderr).toBe('');
  expect(stdout.trim()).toBe('true true');
  expect(code).toBe(0);
}, 60000);

test('without require(esm) (Node < 20.19) require() says what to do', async () => {
  const { code, stderr } = await node(['--no-experimental-require-module', '-e', "require('wasmrtc')"]);
  expect(code).not.toBe(0);
  expect(stderr).toContain("require('wasmrtc') needs Node >= 20.19");
}, 60000);
