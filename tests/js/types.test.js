// The TypeScript declarations (js/index.d.ts, js/index.d.cts) compile the way users write code, match
// lib.dom's WebRTC interfaces where wasmrtc implements them, and reject misuse. Runs tsc over
// tests/types (see its tsconfig*.json): `import` and `require` resolve through package.json
// "exports" (the package refers to itself by name).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const types = path.join(root, 'tests/types');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');

async function compile(project) {
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', path.join(types, project)], { cwd: root });
    return { code: 0, output: '' };
  } catch (err) {
    if (typeof err.code !== 'number') throw err;
    return { code: err.code, output: err.stdout + err.stderr };
  }
}

test('the CommonJS declarations are the ES module ones', () => {
  expect(fs.readFileSync(path.join(root, 'js/index.d.cts'), 'utf8'))
    .toBe(fs.readFileSync(path.join(root, 'js/index.d.ts'), 'utf8'));
});

test('every export of the package is declared, and nothing more', async () => {
  const declarations = fs.readFileSync(path.join(root, 'js/index.d.ts'), 'utf8');
  const declared = [...declarations.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
  const exported = Object.keys(await import('../../js/index.js'));
  expect(declared.sort()).toEqual(exported.sort());
  // install() defines the exported classes (every export but the functions), as InstalledName says.
  const installed = /export type InstalledName =([^;]+);/.exec(declarations)[1].match(/'(\w+)'/g).map((n) => n.slice(1, -1));
  expect(installed.sort()).toEqual(exported.filter((n) => /^RTC/.test(n)).sort());
});

test('usage compiles with --strict against lib.dom, and wasmrtc objects fit lib.dom types', async () => {
  const { code, output } = await compile('tsconfig.json');
  expect(output).toBe('');
  expect(code).toBe(0);
}, 120000);

test('usage compiles in Node without lib.dom (@types/node only)', async () => {
  const { code, output } = await compile('tsconfig.node.json');
  expect(output).toBe('');
  expect(code).toBe(0);
}, 120000);

test('misuse fails to compile, at exactly the marked lines', async () => {
  const { code, output } = await compile('tsconfig.fail.json');
  expect(code).not.toBe(0);
  const source = fs.readFileSync(path.join(types, 'must_fail.mts'), 'utf8').split('\n');
  const expected = source.flatMap((line, i) => {
    const m = /\/\/ error (TS\d+)$/.exec(line);
    return m ? [`${i + 1} ${m[1]}`] : [];
  });
  const reported = [...output.matchAll(/must_fail\.mts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`);
  expect(expected.length).toBeGreaterThan(5);
  expect(reported).toEqual(expected);
}, 120000);
