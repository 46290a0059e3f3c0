// Signals two W3C peers together as an application would: offer/answer, and trickled candidates
// that wait until the receiving side has its remote description. Works for every stack the tests
// use (wasmrtc, @roamhq/wrtc, node-datachannel's polyfill, werift).
export async function signal(offerer, answerer) {
  const queues = new Map([[offerer, []], [answerer, []]]);
  const ready = new Set();
  const forward = (to) => (e) => {
    if (!e.candidate || !e.candidate.candidate) return;
    const init = { candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid ?? '0', sdpMLineIndex: e.candidate.sdpMLineIndex ?? 0 };
    if (ready.has(to)) to.addIceCandidate(init).catch(() => {});
    else queues.get(to).push(init);
  };
  offerer.onicecandidate = forward(answerer);
  answerer.onicecandidate = forward(offerer);
  const flush = async (pc) => {
    ready.add(pc);
    for (const c of queues.get(pc).splice(0)) await pc.addIceCandidate(c);
  };
  await offerer.setLocalDescription(await offerer.createOffer());
  await answerer.setRemoteDescription({ type: 'offer', sdp: offerer.localDescription.sdp });
  await flush(answerer);
  await answerer.setLocalDescription(await answerer.createAnswer());
  await offerer.setRemoteDescription({ type: 'answer', sdp: answerer.localDescription.sdp });
  await flush(offerer);
}
