// Reliable ordered throughput, both peers in this process: `total` bytes of `size`-byte messages,
// every message byte-verified on arrival. Also the CPU seconds per MiB of the whole process
// (sender and receiver together).
import { connectPair, dataBytes, pump, until } from '../pair.mjs';
import { MessageSource, MessageVerifier } from '../verify.mjs';
import { MiB, cpuSeconds } from '../stats.mjs';

export async function run(stack, { size, total, timeoutMs = 600000 }) {
  const pair = await connectPair(stack);
  try {
    const count = Math.ceil(total / size);
    const source = new MessageSource(size, 7);
    const verifier = new MessageVerifier(size, { seed: 7, ordered: true });
    let end = 0;
    pair.remote.onmessage = (e) => {
      verifier.check(dataBytes(e.data));
      if (verifier.messages + verifier.failures >= count) end = performance.now();
    };
    const cpu = process.cpuUsage();
    const start = performance.now();
    await pump(pair.local, (seq) => source.message(seq), (seq) => seq < count);
    await until(() => end > 0 || verifier.failures > 0, timeoutMs, 'every message to arrive');
    const seconds = (end - start) / 1000;
    const cpuPerMiB = cpuSeconds(cpu) / (verifier.bytes / MiB);
    if (!verifier.ok) throw new Error(`byte verification failed: ${verifier.firstFailure}`);
    return { value: verifier.bytes / seconds / 1e6, unit: 'MB/s', seconds, cpuPerMiB, verified: verifier.summary() };
  } finally {
    pair.close();
  }
}
