#!/usr/bin/env node
// `npm run bench`: one table, measured in this run, of wasmrtc (UDP, and through wasmrtc-relay over
// WebSocket) beside @roamhq/wrtc (libwebrtc), node-datachannel (libdatachannel) and werift.
//   node bench/run.mjs [--quick] [--only row[,row]] [--impl id[,id]] [--json file] [--write|--no-write]
//   node bench/run.mjs --render saved.json [--write]   (the table again from a --json file)
// Rows: setup tp64 tp16 tp64x2 tp16x2 rate unordered pairs-memory pairs-time latency cpu size.
// Stacks: wasmrtc wasmrtc-thread wasmrtc-1200 wasmrtc-relay @roamhq/wrtc node-datachannel werift
// (aliases: thread, 1200, relay, wrtc).
// Every cell runs in its own Node process (bench/cell.mjs) with a timeout, so a stuck stack prints
// "timeout" instead of hanging the run. A full run (no --quick/--only/--impl) rewrites the results
// section of BENCHMARKS.md; --write forces it, --no-write prevents it.
import { fork } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IMPLEMENTATIONS, ROOT, WASM, implementation } from './implementations.mjs';
import { cells as cellDefinitions, rows as rowDefinitions } from './rows.mjs';
import { cellText, markdownTable } from './table.mjs';
import { machine, section, writeSection } from './report.mjs';
import { startRelay } from './relay.mjs';
import { run as packageSize } from './scenarios/size.mjs';

const CELL = fileURLToPath(new URL('./cell.mjs', import.meta.url));

export function parseArgs(argv) {
  const options = { quick: false, only: null, impl: null, json: null, write: null, render: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only') options.only = value().split(',').filter(Boolean);
    else if (arg === '--impl') options.impl = value().split(',').filter(Boolean);
    else if (arg === '--json') options.json = value();
    else if (arg === '--write') options.write = true;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--render') options.render = value();
    else if (arg === '--help' || arg === '-h') options.help = true;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function runCell(definition, impl, relay, log) {
  return new Promise((resolve) => {
    const args = JSON.stringify({ scenario: definition.scenario, impl: impl.id, params: definition.params, relay });
    const child = fork(CELL, [args], { execArgv: ['--expose-gc'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let message = null;
    child.stderr.on('data', (d) => {
      stderr += d;
      if (stderr.length > 20000) stderr = stderr.slice(-10000);
    });
    child.on('message', (m) => { message = m; });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, definition.timeoutMs);
    let timedOut = false;
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const lastLine = stderr.trim().split('\n').filter(Boolean).pop() || '';
      if (stderr.trim()) log(stderr.trim().split('\n').map((l) => `    ${l}`).join('\n'));
      if (message && message.result) resolve({ result: message.result });
      else if (message && message.error) resolve({ reason: `error: ${message.error}` });
      else if (timedOut) resolve({ reason: `timeout after ${definition.timeoutMs / 1000} s` });
      else resolve({ reason: `crashed (${signal || `exit ${code}`}${lastLine ? `: ${lastLine.slice(0, 120)}` : ''})` });
    });
  });
}

export async function bench(options, log = (line) => process.stderr.write(`${line}\n`)) {
  const started = Date.now();
  const impls = (options.impl || IMPLEMENTATIONS.map((i) => i.id)).map((id) => implementation(id));
  const allRows = rowDefinitions(options.quick);
  const known = new Set(allRows.map((r) => r.id));
  for (const id of options.only || []) if (!known.has(id)) throw new Error(`unknown row ${id} (one of ${[...known].join(', ')})`);
  const rows = allRows.filter((r) => !options.only || options.only.includes(r.id));
  const definitions = cellDefinitions(options.quick);
  const cellIds = [...new Set(rows.map((r) => r.cell))];

  let relay = null;
  let relayError = null;
  if (impls.some((i) => i.needsRelay) && cellIds.some((c) => c !== 'size')) {
    try {
      relay = await startRelay();
      log(`[bench] wasmrtc-relay at ${relay.url}`);
    } catch (err) {
      relayError = err.message;
    }
  }

  const results = {};  // cell id -> impl id -> {result} | {reason}
  try {
    for (const cellId of cellIds) {
      results[cellId] = {};
      for (const impl of impls) {
        const definition = definitions[cellId];
        let outcome;
        const t0 = Date.now();
        if (cellId === 'size') {
          const r = packageSize(impl.id);
          outcome = r.reason ? { reason: r.reason } : { result: r };
        } else if (impl.needsRelay && !relay) {
          outcome = { reason: `no relay: ${relayError}` };
        } else {
          outcome = await runCell(definition, impl, relay && { url: relay.url, username: relay.username, credential: relay.credential }, log);
        }
        results[cellId][impl.id] = outcome;
        const summary = outcome.reason || rows.filter((r) => r.cell === cellId).map((r) => r.show(outcome.result)).join('; ');
        log(`[bench] ${cellId} ${impl.id}: ${summary} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      }
    }
  } finally {
    await relay?.stop();
  }

  const columns = impls.map((i) => ({ id: i.id, label: i.label }));
  return tabulate({
    date: new Date().toISOString(),
    machine: machine(),
    quick: options.quick,
    elapsedS: (Date.now() - started) / 1000,
    columns,
    results,
  }, rows);
}

/** Adds rows (cells as text, values as numbers or reasons) and the Markdown table to a report. */
export function tabulate(report, rows) {
  const table = rows.map((row) => {
    const cells = {};
    const values = {};
    for (const { id } of report.columns) {
      const outcome = report.results[row.cell]?.[id];
      cells[id] = cellText(row, outcome);
      values[id] = !outcome ? { reason: 'not run' } : outcome.reason ? { reason: outcome.reason }
        : { ...outcome.result, value: row.number(outcome.result) };
    }
    return { id: row.id, label: row.label, cells, values };
  });
  return { ...report, rows: table, markdown: markdownTable(report.columns, table) };
}

export const NOTES = [
  'Same machine, same run, one cell at a time; the machine\'s 2 cores are shared with other work (builds, other sessions), so absolute numbers are noisy (±20 % or more between runs) and only the order of magnitude and the ranking are meaningful.',
  'Peers connect over loopback UDP (host candidates); the relayed column runs both wasmrtc peers with `wasmrtc: {transport: \'websocket\'}` through build/native/wasmrtc-relay on loopback (TURN over WebSocket, relayed candidates only).',
  'The UDP-thread column is the same wasmrtc with `wasmrtc: {udpThread: true}`: the UDP sockets of both peers in one worker thread of the process, datagrams crossing in shared memory (docs/POLYFILL.md "The UDP thread").',
  'SCTP packet size: wasmrtc probes the path (RFC 8899) and on loopback sends a whole 16 KiB DTLS record per datagram; the other stacks send ~1 200-byte packets whatever the path. The "1 200-byte packets" column is wasmrtc with `wasmrtc: {pathMtuDiscovery: false}`, packet for packet what the others send (docs/POLYFILL.md "SCTP packet size").',
  'Throughput: the sender keeps `bufferedAmount` under 2 MiB (bufferedamountlow at 512 KiB, else a 2 ms poll); every message carries its sequence number and a seeded pseudo-random payload that the receiver compares byte for byte (bench/verify.mjs). MB = 10^6 bytes.',
  'Two processes: the receiver is a second Node process (bench/child.mjs), signalled over the IPC channel; the time runs from the first send to its report.',
  'Memory: RSS and V8 heap + external deltas after a warm-up pair and GC, divided by the number of pairs; RSS includes the wasm linear memory and native heaps and threads.',
  'CPU per MiB: process.cpuUsage() (user + system, every thread) over the 64 KiB one-process run, so it counts both peers and the verification.',
  'Package: wasmrtc counts its .wasm without custom sections (the JS loader, ~117 KB raw / 30 KB gzip, is extra); the native stacks their .node addon for linux-x64; werift is JavaScript (its lib/, dependencies not counted).',
];

// Says where the measured wasm module came from when it is not a plain Release build.
function moduleNotes() {
  if (!existsSync(WASM)) return [];
  const wasm = readFileSync(WASM);
  return wasm.includes(Buffer.from('\x04name', 'latin1'))
    ? ['This run\'s wasm module was linked with `--profiling-funcs` (function names kept for bench/profile.mjs); code and optimisation flags are otherwise the Release ones.']
    : [];
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(readHelp());
    return;
  }
  // --render file.json: the table again from a saved run (after a change of presentation only).
  const report = options.render
    ? (() => {
      const saved = JSON.parse(readFileSync(options.render, 'utf8'));
      const ids = new Set(saved.rows.map((r) => r.id));
      if (!saved.results) {  // a report from before `results` was saved: the rows carry every result
        saved.results = {};
        for (const row of saved.rows) {
          const cell = rowDefinitions(saved.quick).find((r) => r.id === row.id).cell;
          saved.results[cell] ??= {};
          for (const [id, v] of Object.entries(row.values)) saved.results[cell][id] ??= v.reason ? { reason: v.reason } : { result: v };
        }
      }
      return tabulate(saved, rowDefinitions(saved.quick).filter((r) => ids.has(r.id)));
    })()
    : await bench(options);
  process.stdout.write(`\n${report.markdown}\n\n(${report.machine.cpu}, ${report.machine.cores} cores, Node ${report.machine.node}; ` +
    'shared cores: numbers are noisy)\n');
  if (options.json) writeFileSync(options.json, JSON.stringify(report, null, 2));
  const full = !options.quick && !options.only && !options.impl && !options.render;
  if (options.write ?? full) {
    const text = section({ date: report.date.slice(0, 10), machine: report.machine, table: report.markdown, notes: [...NOTES, ...moduleNotes()], elapsedS: report.elapsedS });
    writeSection(path.join(ROOT, 'BENCHMARKS.md'), text);
    process.stderr.write('[bench] BENCHMARKS.md updated\n');
  }
}

function readHelp() {
  return `usage: node bench/run.mjs [--quick] [--only row,...] [--impl stack,...] [--json file] [--write|--no-write]
       node bench/run.mjs --render saved.json [--write]
rows:   ${rowDefinitions(false).map((r) => r.id).join(' ')}
stacks: ${IMPLEMENTATIONS.map((i) => i.id).join(' ')}
`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exitCode = 1;
  });
}
