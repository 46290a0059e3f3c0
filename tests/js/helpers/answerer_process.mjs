// A wasmrtc peer in its own process, for tests that need a peer that can vanish (SIGKILL): it
// answers the offer it gets over the IPC channel, trickles its candidates back, and echoes every
// data channel message.
import { RTCPeerConnection } from '../../../js/index.js';

const pc = new RTCPeerConnection();
const early = [];
pc.onicecandidate = (e) => { if (e.candidate) process.send({ candidate: e.candidate.toJSON() }); };
pc.ondatachannel = ({ channel }) => {
  channel.onmessage = (m) => channel.send(m.data);
};
process.on('message', async (message) => {
  if (message.offer) {
    await pc.setRemoteDescription(message.offer);
    for (const c of early.splice(0)) await pc.addIceCandidate(c);
    await pc.setLocalDescription();
    process.send({ answer: { type: 'answer', sdp: pc.localDescription.sdp } });
  } else if (message.candidate) {
    if (pc.remoteDescription) await pc.addIceCandidate(message.candidate);
    else early.push(message.candidate);
  }
});
process.send({ ready: true });
