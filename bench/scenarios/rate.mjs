// Message rate: `size`-byte reliable ordered messages sent as fast as backpressure allows for
// `seconds`, every one verified; the rate counts from the first send to the last arrival.
import { connectPair, dataBytes, pump, until } from '../pair.mjs';
import { MessageSource, MessageVerifier } from '../verify.mjs';

export async function run(stack, { size, seconds, timeoutMs = 60000 }) {
  const pair = await connectPair(stack);
  try {
    const source = new MessageSource(size, 3);
    const verifier = new MessageVerifier(size, { seed: 3, ordered: true });
    let last = 0;
    pair.remote.onmessage = (e) => {
      verifier.check(dataBytes(e.data));
      last = performance.now();
    };
    const start = performance.now();
    const stopAt = start + seconds * 1000;
    const sent = await pump(pair.local, (seq) => source.message(seq), () => performance.now() < stopAt);
    await until(() => verifier.messages + verifier.failures >= sent, timeoutMs, 'every message to arrive');
    if (!verifier.ok) throw new Error(`byte verification failed: ${verifier.firstFailure}`);
    return { value: verifier.messages / ((last - start) / 1000), unit: 'msg/s', sent, verified: verifier.summary() };
  } finally {
    pair.close();
  }
}
