// One cell of the table in a fresh Node process (forked by run.mjs with --expose-gc): loads one
// stack, runs one scenario, reports {result} or {error} over IPC, closes every peer and exits.
// A fresh process per cell keeps memory numbers independent and lets run.mjs kill a stuck stack.
import { implementation } from './implementations.mjs';

const SCENARIOS = {
  setup: () => import('./scenarios/setup.mjs'),
  throughput: () => import('./scenarios/throughput.mjs'),
  throughput2: () => import('./scenarios/throughput_two_process.mjs'),
  rate: () => import('./scenarios/rate.mjs'),
  unordered: () => import('./scenarios/unordered.mjs'),
  pairs: () => import('./scenarios/pairs.mjs'),
  latency: () => import('./scenarios/latency.mjs'),
};

const { scenario, impl, params, relay } = JSON.parse(process.argv[2]);
let stack = null;
let message;
try {
  stack = await implementation(impl).load({ relay });
  const { run } = await SCENARIOS[scenario]();
  message = { result: await run(stack, { ...params, impl, relay }) };
} catch (err) {
  message = { error: err && err.message ? err.message : String(err) };
}
// Without an IPC channel (run by hand, e.g. under node --cpu-prof, see bench/profile.mjs) the
// result goes to stdout.
const report = process.send ? (m, done) => process.send(m, done)
  : (m, done) => process.stdout.write(`${JSON.stringify(m)}\n`, done);
report(message, () => {
  try {
    stack?.release();
  } catch {
    // nothing left to release
  }
  if (process.connected) process.disconnect();
  // Every peer is closed by now; if a stack still holds the loop open, say so and leave.
  setTimeout(() => {
    process.stderr.write(`[bench] ${impl}: the process did not exit by itself after ${scenario}\n`);
    process.exit(0);
  }, 10000).unref();
});
