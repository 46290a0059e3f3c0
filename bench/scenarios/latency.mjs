// Ping-pong latency: `n` round trips of a small message, one at a time; median and p99 RTT.
import { connectPair, dataBytes } from '../pair.mjs';
import { MessageSource, MessageVerifier } from '../verify.mjs';
import { median, percentile } from '../stats.mjs';

const SIZE = 32;

export async function run(stack, { n, timeoutMs = 60000 }) {
  const pair = await connectPair(stack);
  try {
    const source = new MessageSource(SIZE, 11);
    const verifier = new MessageVerifier(SIZE, { seed: 11, ordered: true });
    pair.remote.onmessage = (e) => pair.remote.send(dataBytes(e.data));  // echo
    const rtts = [];
    for (let seq = 0; seq < n; seq++) {
      const start = performance.now();
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`round trip ${seq} timed out`)), timeoutMs);
        pair.local.onmessage = (e) => {
          clearTimeout(timer);
          verifier.check(dataBytes(e.data));
          resolve();
        };
        pair.local.send(source.message(seq));
      });
      rtts.push(performance.now() - start);
    }
    if (!verifier.ok) throw new Error(`byte verification failed: ${verifier.firstFailure}`);
    return { value: median(rtts), p99: percentile(rtts, 99), unit: 'ms', n, verified: verifier.summary() };
  } finally {
    pair.close();
  }
}
