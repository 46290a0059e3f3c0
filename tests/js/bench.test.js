// `npm run bench` (bench/run.mjs): the byte verifier catches what it must, the BENCHMARKS.md section
// is regenerated in place, and a quick run over wasmrtc and node-datachannel fills every cell with a
// number or a stated reason, with byte verification run and passed. No timed assertions.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageSource, MessageVerifier } from '../../bench/verify.mjs';
import { BEGIN, END, writeSection } from '../../bench/report.mjs';
import { parseArgs } from '../../bench/run.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the message verifier', () => {
  const size = 1024;
  const source = new MessageSource(size, 42);

  test('passes intact messages in order and counts them', () => {
    const v = new MessageVerifier(size, { seed: 42 });
    for (let seq = 0; seq < 300; seq++) expect(v.check(source.message(seq))).toBe(true);
    expect(v.summary()).toMatchObject({ messages: 300, bytes: 300 * size, failures: 0, ok: true });
  });

  test('accepts ArrayBuffer and Uint8Array views as stacks deliver them', () => {
    const v = new MessageVerifier(size, { seed: 42 });
    const m0 = source.message(0);
    const ab = m0.buffer.slice(m0.byteOffset, m0.byteOffset + m0.byteLength);
    expect(v.check(ab)).toBe(true);
    const m1 = source.message(1);
    const padded = new Uint8Array(size + 8);
    padded.set(m1, 8);
    expect(v.check(padded.subarray(8))).toBe(true);
  });

  test('detects one corrupted payload byte anywhere', () => {
    for (const at of [4, 5, 500, size - 1]) {
      const v = new MessageVerifier(size, { seed: 42 });
      const m = source.message(0);
      m[at] ^= 0x01;
      expect(v.check(m)).toBe(false);
      expect(v.ok).toBe(false);
      expect(v.firstFailure).toMatch(/payload bytes differ/);
    }
  });

  test('detects a corrupted sequence number, a truncated message, a lost or reordered message', () => {
    const corrupt = new MessageVerifier(size, { seed: 42 });
    const m = source.message(0);
    m[0] ^= 0x80;
    expect(corrupt.check(m)).toBe(false);

    const short = new MessageVerifier(size, { seed: 42 });
    expect(short.check(source.message(0).subarray(0, size - 1))).toBe(false);
    expect(short.firstFailure).toMatch(/length/);

    const lost = new MessageVerifier(size, { seed: 42 });
    expect(lost.check(source.message(0))).toBe(true);
    expect(lost.check(source.message(2))).toBe(false);
    expect(lost.firstFailure).toMatch(/sequence 2, expected 1/);
  });

  test('unordered: any order passes, a duplicate or a foreign payload fails', () => {
    const v = new MessageVerifier(size, { seed: 42, ordered: false });
    expect(v.check(source.message(5))).toBe(true);
    expect(v.check(source.message(1))).toBe(true);
    expect(v.check(source.message(5))).toBe(false);
    expect(v.firstFailure).toMatch(/twice/);
    const other = new MessageSource(size, 43);
    expect(new MessageVerifier(size, { seed: 42, ordered: false }).check(other.message(7))).toBe(false);
  });
});

test('the BENCHMARKS.md section is replaced between its markers and the rest kept', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-md-'));
  const file = path.join(dir, 'BENCHMARKS.md');
  writeFileSync(file, '# Benchmarks\n\nintro\n\n## Relay\n\nkeep me\n');
  writeSection(file, `${BEGIN}\nfirst\n${END}`);
  writeSection(file, `${BEGIN}\nsecond\n${END}`);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain('intro');
  expect(text).toContain('keep me');
  expect(text).toContain('second');
  expect(text).not.toContain('first');
  expect(text.indexOf(BEGIN)).toBeLessThan(text.indexOf('## Relay'));
});

test('options', () => {
  expect(parseArgs(['--quick', '--only', 'tp64,size', '--impl', 'wasmrtc,werift'])).toMatchObject(
    { quick: true, only: ['tp64', 'size'], impl: ['wasmrtc', 'werift'] });
  expect(() => parseArgs(['--bogus'])).toThrow(/unknown option/);
});

const VERIFIED = ['tp64', 'tp16', 'tp64x2', 'tp16x2', 'rate', 'unordered', 'latency'];

test('a quick run fills every cell with a number or a stated reason, every message byte-verified', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  const json = path.join(dir, 'bench.json');
  const child = spawn(process.execPath, ['bench/run.mjs', '--quick', '--impl', 'wasmrtc,node-datachannel', '--json', json, '--no-write'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect({ code, out }).toMatchObject({ code: 0 });  // it exits by itself: every peer was closed
  const report = JSON.parse(readFileSync(json, 'utf8'));
  expect(report.columns.map((c) => c.id)).toEqual(['wasmrtc', 'node-datachannel']);
  expect(report.rows.map((r) => r.id)).toEqual(['setup', 'tp64', 'tp16', 'tp64x2', 'tp16x2', 'rate', 'unordered',
    'pairs-memory', 'pairs-time', 'latency', 'cpu', 'size']);
  expect(report.markdown).toContain('| | wasmrtc (udp) | node-datachannel |');
  for (const row of report.rows) {
    for (const column of report.columns) {
      const cell = row.values[column.id];
      if (cell.reason !== undefined) {
        expect(typeof cell.reason).toBe('string');
        expect(cell.reason.length).toBeGreaterThan(0);
        expect(row.cells[column.id]).toBe(cell.reason);
      } else {
        expect(Number.isFinite(cell.value)).toBe(true);
      }
    }
    if (!VERIFIED.includes(row.id)) continue;
    const measured = report.columns.map((c) => row.values[c.id]).filter((c) => c.reason === undefined);
    expect(measured.length).toBeGreaterThan(0);  // node-datachannel at least
    for (const cell of measured) {
      expect(cell.verified.ok).toBe(true);
      expect(cell.verified.failures).toBe(0);
      expect(cell.verified.messages).toBeGreaterThan(0);
      expect(cell.verified.bytes).toBeGreaterThan(0);
    }
  }
}, 900000);
