// What the table measures: the cells (one scenario run per stack, each in its own process) and the
// rows printed from them (a cell may feed two rows: the 64 KiB run also gives CPU per MiB).
const KiB = 1024;
const MiB = 1024 * 1024;

/** Cell definitions; quick: small sizes for the test (numbers meaningless, code paths the same). */
export function cells(quick) {
  const total = quick ? 2 * MiB : 64 * MiB;
  const tp = (size, scenario) => ({ scenario, params: { size, total }, timeoutMs: quick ? 60000 : 240000 });
  return {
    setup: { scenario: 'setup', params: { n: quick ? 3 : 20 }, timeoutMs: quick ? 60000 : 120000 },
    tp64: tp(64 * KiB, 'throughput'),
    tp16: tp(16 * KiB, 'throughput'),
    tp64x2: tp(64 * KiB, 'throughput2'),
    tp16x2: tp(16 * KiB, 'throughput2'),
    rate: { scenario: 'rate', params: { size: KiB, seconds: quick ? 1 : 5 }, timeoutMs: quick ? 60000 : 90000 },
    unordered: { scenario: 'unordered', params: { size: 16 * KiB, total: quick ? MiB : 16 * MiB }, timeoutMs: quick ? 60000 : 120000 },
    pairs: { scenario: 'pairs', params: { n: quick ? 5 : 50 }, timeoutMs: quick ? 60000 : 180000 },
    latency: { scenario: 'latency', params: { n: quick ? 100 : 1000 }, timeoutMs: quick ? 60000 : 90000 },
    size: { scenario: 'size', params: {}, timeoutMs: 60000 },
  };
}

// "(49 of 50 connected: why)" when some pairs failed: the numbers then cover the pairs that connected.
const connected = (r) => (r.connected !== undefined && r.connected < r.n ? ` (${r.connected} of ${r.n} connected: ${r.failure})` : '');
const fixed = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

export function rows(quick) {
  const c = cells(quick);
  const mib = (cell) => `${cell.params.total / MiB} MiB`;
  return [
    { id: 'setup', cell: 'setup', label: `setup: new → channel open on both sides, median of ${c.setup.params.n} [min–max] (ms)`,
      number: (r) => r.value, show: (r) => `${fixed(r.value, 1)} [${fixed(r.min, 0)}–${fixed(r.max, 0)}]${connected(r)}` },
    { id: 'tp64', cell: 'tp64', label: `reliable ordered, 64 KiB messages, ${mib(c.tp64)} verified, 1 process (MB/s)`,
      number: (r) => r.value, show: (r) => fixed(r.value, 1) },
    { id: 'tp16', cell: 'tp16', label: `reliable ordered, 16 KiB messages, ${mib(c.tp16)} verified, 1 process (MB/s)`,
      number: (r) => r.value, show: (r) => fixed(r.value, 1) },
    { id: 'tp64x2', cell: 'tp64x2', label: `reliable ordered, 64 KiB messages, ${mib(c.tp64x2)} verified, 2 processes (MB/s)`,
      number: (r) => r.value, show: (r) => fixed(r.value, 1) },
    { id: 'tp16x2', cell: 'tp16x2', label: `reliable ordered, 16 KiB messages, ${mib(c.tp16x2)} verified, 2 processes (MB/s)`,
      number: (r) => r.value, show: (r) => fixed(r.value, 1) },
    { id: 'rate', cell: 'rate', label: `1 KiB messages for ${c.rate.params.seconds} s, verified (messages/s)`,
      number: (r) => r.value, show: (r) => fixed(r.value, 0) },
    { id: 'unordered', cell: 'unordered', label: `unordered, maxRetransmits 0, 16 KiB × ${mib(c.unordered)} (MB/s, loss)`,
      number: (r) => r.value, show: (r) => `${fixed(r.value, 1)}, ${fixed(r.loss * 100, 1)} % loss` },
    { id: 'pairs-memory', cell: 'pairs', label: `${c.pairs.params.n} concurrent pairs: memory per pair, RSS Δ (MiB) [V8 heap+external Δ]`,
      number: (r) => r.value, show: (r) => `${fixed(r.value, 2)} [${fixed(r.jsPerPair, 2)}]${connected(r)}` },
    { id: 'pairs-time', cell: 'pairs', label: `${c.pairs.params.n} concurrent pairs: time to establish all (ms)`,
      number: (r) => r.establishMs, show: (r) => `${fixed(r.establishMs, 0)}${connected(r)}` },
    { id: 'latency', cell: 'latency', label: `ping-pong RTT over ${c.latency.params.n} round trips, median / p99 (ms)`,
      number: (r) => r.value, show: (r) => `${fixed(r.value, 3)} / ${fixed(r.p99, 3)}` },
    { id: 'cpu', cell: 'tp64', label: 'CPU seconds per MiB (64 KiB run, sender + receiver, all threads)',
      number: (r) => r.cpuPerMiB, show: (r) => fixed(r.cpuPerMiB, 4) },
    { id: 'size', cell: 'size', label: 'package: wasm module / native addon, raw / gzip (MB)',
      number: (r) => r.value, show: (r) => `${fixed(r.value, 2)} / ${fixed(r.gzip, 2)}` },
  ];
}
