// Setup: new RTCPeerConnection on both sides → the channel open on both sides, median of n.
// An attempt that does not connect within 30 s is counted and reported, not fatal.
import { connectPair } from '../pair.mjs';
import { median } from '../stats.mjs';

export async function run(stack, { n }) {
  const times = [];
  let failure = null;
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    try {
      const pair = await connectPair(stack);
      times.push(performance.now() - start);
      pair.close();
    } catch (err) {
      failure ??= err.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));  // let the sockets close
  }
  if (times.length === 0) throw new Error(`no attempt connected: ${failure}`);
  return { value: median(times), unit: 'ms', min: Math.min(...times), max: Math.max(...times), n, connected: times.length, failure };
}
