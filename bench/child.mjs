// The far peer of the two-process runs: forked by scenarios/throughput_two_process.mjs, signalled
// over the IPC channel (offer, answer, candidates), it answers, receives `count` messages of `size`
// bytes on the announced channel, verifies every byte, reports, closes and exits.
import { implementation } from './implementations.mjs';
import { dataBytes } from './pair.mjs';
import { MessageVerifier } from './verify.mjs';

const { impl: id, relay, size, count, seed } = JSON.parse(process.argv[2]);
const send = (message) => process.send(message);

let stack;
let pc;
try {
  stack = await implementation(id).load({ relay });
  pc = stack.create();
} catch (err) {
  send({ type: 'error', message: err.message });
  process.disconnect();
}

if (pc) {
  const pending = [];
  let described = false;
  const verifier = new MessageVerifier(size, { seed, ordered: true });
  pc.onicecandidate = (e) => {
    if (e.candidate && e.candidate.candidate) {
      send({ type: 'candidate', init: { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid ?? '0', sdpMLineIndex: e.candidate.sdpMLineIndex ?? 0 } });
    }
  };
  pc.ondatachannel = (e) => {
    const dc = e.channel;
    dc.binaryType = 'arraybuffer';
    let reported = false;
    dc.onmessage = (m) => {
      verifier.check(dataBytes(m.data));
      if (!reported && (verifier.messages + verifier.failures >= count || verifier.failures > 0)) {
        reported = true;
        send({ type: 'done', verified: verifier.summary() });
      }
    };
  };
  process.on('message', async (message) => {
    try {
      if (message.type === 'offer') {
        await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
        described = true;
        for (const init of pending.splice(0)) await pc.addIceCandidate(init);
        await pc.setLocalDescription(await pc.createAnswer());
        send({ type: 'answer', sdp: pc.localDescription.sdp });
      } else if (message.type === 'candidate') {
        if (described) await pc.addIceCandidate(message.init);
        else pending.push(message.init);
      } else if (message.type === 'close') {
        try {
          pc.close();
        } catch {
          // already closed
        }
        stack.release();
        process.disconnect();
      }
    } catch (err) {
      send({ type: 'error', message: err.message });
    }
  });
}
