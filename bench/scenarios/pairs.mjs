// `n` concurrently connected pairs: the time to establish them all (started together) and the
// memory each costs: the process's RSS delta (native heaps, wasm linear memory, V8 heap) and the
// V8 heap + external delta, divided by n, measured after a warm-up pair and a GC on each side.
import { connectPair } from '../pair.mjs';

const MiB = 1024 * 1024;

async function settle() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, js: m.heapUsed + m.external };
}

export async function run(stack, { n }) {
  const warm = await connectPair(stack);
  warm.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const before = await settle();
  const start = performance.now();
  const results = await Promise.allSettled(Array.from({ length: n }, () => connectPair(stack)));
  const elapsed = performance.now() - start;
  const pairs = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  try {
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw new Error(`${n - pairs.length} of ${n} pairs failed: ${failed.reason?.message}`);
    const after = await settle();
    return {
      value: (after.rss - before.rss) / n / MiB,
      unit: 'MiB',
      jsPerPair: (after.js - before.js) / n / MiB,
      establishMs: elapsed,
      n,
    };
  } finally {
    for (const pair of pairs) pair.close();
  }
}
