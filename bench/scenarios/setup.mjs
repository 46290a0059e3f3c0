// Setup: new RTCPeerConnection on both sides → the channel open on both sides, median of n.
import { connectPair } from '../pair.mjs';
import { median } from '../stats.mjs';

export async function run(stack, { n }) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const pair = await connectPair(stack);
    times.push(performance.now() - start);
    pair.close();
    await new Promise((resolve) => setTimeout(resolve, 20));  // let the sockets close
  }
  return { value: median(times), unit: 'ms', min: Math.min(...times), max: Math.max(...times), n };
}
