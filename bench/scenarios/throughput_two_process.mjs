// Reliable ordered throughput with the receiving peer in another Node process (bench/child.mjs),
// signalled over the IPC channel: `total` bytes of `size`-byte messages, every byte verified by
// the receiver; the time runs from the first send to the receiver's report.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pump, waitOpen } from '../pair.mjs';
import { MessageSource } from '../verify.mjs';

const CHILD = fileURLToPath(new URL('../child.mjs', import.meta.url));

export async function run(stack, { size, total, impl, relay }) {
  const count = Math.ceil(total / size);
  const seed = 9;
  const child = fork(CHILD, [JSON.stringify({ impl, relay, size, count, seed })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const pc = stack.create();
  let done;
  let failed;
  const reported = new Promise((resolve, reject) => { done = resolve; failed = reject; });
  reported.catch(() => {});  // awaited below; an early failure must not be an unhandled rejection
  child.once('exit', (code) => failed(new Error(`the receiving process exited (${code})`)));
  const pending = [];
  let described = false;
  child.on('message', async (message) => {
    try {
      if (message.type === 'answer') {
        await pc.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        described = true;
        for (const init of pending.splice(0)) await pc.addIceCandidate(init);
      } else if (message.type === 'candidate') {
        if (described) await pc.addIceCandidate(message.init);
        else pending.push(message.init);
      } else if (message.type === 'done') {
        done(message);
      } else if (message.type === 'error') {
        failed(new Error(`receiving process: ${message.message}`));
      }
    } catch (err) {
      failed(err);
    }
  });
  pc.onicecandidate = (e) => {
    if (e.candidate && e.candidate.candidate) {
      child.send({ type: 'candidate', init: { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid ?? '0', sdpMLineIndex: e.candidate.sdpMLineIndex ?? 0 } });
    }
  };
  try {
    const dc = pc.createDataChannel('bench');
    await pc.setLocalDescription(await pc.createOffer());
    child.send({ type: 'offer', sdp: pc.localDescription.sdp });
    await Promise.race([waitOpen(dc), reported]);
    const source = new MessageSource(size, seed);
    const start = performance.now();
    await Promise.race([pump(dc, (seq) => source.message(seq), (seq) => seq < count), reported]);
    const report = await reported;
    const seconds = (performance.now() - start) / 1000;
    if (!report.verified.ok) throw new Error(`byte verification failed: ${report.verified.firstFailure}`);
    return { value: report.verified.bytes / seconds / 1e6, unit: 'MB/s', seconds, verified: report.verified };
  } finally {
    try {
      pc.close();
    } catch {
      // already closed
    }
    if (child.connected) child.send({ type: 'close' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
