// `n` concurrently connected pairs: the time to establish them all (started together) and the
// memory each costs: the process's RSS delta (native heaps, wasm linear memory, V8 heap) and the
// V8 heap + external delta, divided by the pairs that connected, measured after a warm-up pair
// and a GC on each side. A pair that fails or is not open within 60 s is counted and reported.
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
  let lastOpen = 0;
  const results = await Promise.allSettled(Array.from({ length: n }, () => connectPair(stack, {}, 'bench', 60000)
    .then((pair) => {
      lastOpen = performance.now();
      return pair;
    })));
  const pairs = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
  try {
    const failed = results.find((r) => r.status === 'rejected');
    if (pairs.length === 0) throw new Error(`none of ${n} pairs connected: ${failed.reason?.message}`);
    const after = await settle();
    return {
      value: (after.rss - before.rss) / pairs.length / MiB,
      unit: 'MiB',
      jsPerPair: (after.js - before.js) / pairs.length / MiB,
      establishMs: lastOpen - start,
      n,
      connected: pairs.length,
      failure: failed ? String(failed.reason?.message ?? failed.reason) : null,
    };
  } finally {
    for (const pair of pairs) pair.close();
  }
}
