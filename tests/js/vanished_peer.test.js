// A peer that disappears without a word (its process killed): the survivor goes 'disconnected'
// (no consent for 7.5 s) then 'failed' (no consent for 30 s, RFC 7675 §5.1), its channel closes,
// and close() afterwards is clean.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { RTCPeerConnection } from '../../js/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));

async function nominated(pc) {
  for (;;) {
    const stats = [...(await pc.getStats()).values()];
    if (stats.some((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a vanished peer ends in disconnected, then failed, and the channel closes', async () => {
  const child = fork(path.join(here, 'helpers/answerer_process.mjs'), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pc = new RTCPeerConnection();
  try {
    await new Promise((resolve) => child.once('message', resolve));  // ready
    pc.onicecandidate = (e) => { if (e.candidate) child.send({ candidate: e.candidate.toJSON() }); };
    child.on('message', async (m) => {
      if (m.answer) await pc.setRemoteDescription(m.answer);
      if (m.candidate) await pc.addIceCandidate(m.candidate).catch(() => {});
    });
    const channel = pc.createDataChannel('echo');
    const echoed = new Promise((resolve) => { channel.onmessage = (e) => resolve(e.data); });
    channel.onopen = () => channel.send('are you there');
    await pc.setLocalDescription();
    child.send({ offer: { type: 'offer', sdp: pc.localDescription.sdp } });
    expect(await echoed).toBe('are you there');
    // Data flows on the first valid pair before the controlling side nominates it (500 ms later):
    // the peer vanishes from a nominated pair, whose consent the survivor then watches.
    await nominated(pc);

    const states = [];
    const iceStates = [];
    pc.onconnectionstatechange = () => states.push(pc.connectionState);
    pc.oniceconnectionstatechange = () => iceStates.push(pc.iceConnectionState);
    const closed = new Promise((resolve) => { channel.onclose = resolve; });
    const failed = new Promise((resolve) => {
      pc.addEventListener('connectionstatechange', () => { if (pc.connectionState === 'failed') resolve(); });
    });
    child.kill('SIGKILL');
    await failed;
    await closed;
    expect(iceStates).toEqual(['disconnected', 'failed']);
    expect(states).toEqual(['disconnected', 'failed']);
    expect(channel.readyState).toBe('closed');
    expect(pc.sctp.state).toBe('closed');
    pc.close();
    expect(pc.connectionState).toBe('closed');
  } finally {
    pc.close();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}, 60000);
