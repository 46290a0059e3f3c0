// Two peer connections in one process, signalled together as an application would: candidates
// queue until the receiving side has its remote description.
/** Signals a and b together as an application would: queue candidates until the remote description. */
export function wire(a, b) {
  const link = (from, to) => {
    const queue = [];
    from.addEventListener('icecandidate', (e) => {
      if (!e.candidate) return;
      if (to.remoteDescription) to.addIceCandidate(e.candidate).catch(() => {});
      else queue.push(e.candidate);
    });
    return async () => {
      for (const c of queue.splice(0)) await to.addIceCandidate(c);
    };
  };
  const flushToB = link(a, b);
  const flushToA = link(b, a);
  return async function negotiate(offerer = a, answerer = b) {
    await offerer.setLocalDescription();
    await answerer.setRemoteDescription(offerer.localDescription);
    await (answerer === b ? flushToB : flushToA)();
    await answerer.setLocalDescription();
    await offerer.setRemoteDescription(answerer.localDescription);
    await (offerer === a ? flushToA : flushToB)();
  };
}

