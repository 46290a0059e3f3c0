// Unordered, maxRetransmits 0: `total` bytes of `size`-byte messages with the same backpressure;
// throughput of what arrived (first send → last arrival) and the share of messages lost. Every
// arrived message is byte-verified; order is not required, duplicates count as failures.
import { connectPair, dataBytes, pump } from '../pair.mjs';
import { MessageSource, MessageVerifier } from '../verify.mjs';

const QUIET_MS = 500;  // no arrival for this long after the sender drained: the rest is lost

export async function run(stack, { size, total, timeoutMs = 120000 }) {
  const pair = await connectPair(stack, { ordered: false, maxRetransmits: 0 });
  try {
    const count = Math.ceil(total / size);
    const source = new MessageSource(size, 5);
    const verifier = new MessageVerifier(size, { seed: 5, ordered: false });
    let last = 0;
    pair.remote.onmessage = (e) => {
      verifier.check(dataBytes(e.data));
      last = performance.now();
    };
    const start = performance.now();
    await pump(pair.local, (seq) => source.message(seq), (seq) => seq < count);
    const deadline = Date.now() + timeoutMs;
    while (verifier.messages + verifier.failures < count && Date.now() < deadline) {
      const before = last;
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      if (last === before && pair.local.bufferedAmount === 0) break;
    }
    if (!verifier.ok) throw new Error(`byte verification failed: ${verifier.firstFailure}`);
    const seconds = ((last || performance.now()) - start) / 1000;
    const loss = 1 - verifier.messages / count;
    return { value: verifier.bytes / seconds / 1e6, unit: 'MB/s', loss, sent: count, verified: verifier.summary() };
  } finally {
    pair.close();
  }
}
