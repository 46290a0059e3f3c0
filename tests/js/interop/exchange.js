// Two W3C peers signalled together, a data channel opened, and messages checked both ways: what
// the transport tests (relay, ICE servers) each need once the path under test is up.
import { signal } from './signal.js';
import { messageBytes } from './peers.js';

export async function exchange(offerer, answerer) {
  const announced = new Promise((resolve) => { answerer.ondatachannel = (e) => resolve(e.channel); });
  const local = offerer.createDataChannel('chat');
  await signal(offerer, answerer);
  const remote = await announced;
  await Promise.all([local, remote].map((dc) => (dc.readyState === 'open' ? null
    : new Promise((resolve) => { dc.onopen = resolve; }))));
  const got = { local: [], remote: [] };
  for (const [dc, list] of [[local, got.local], [remote, got.remote]]) {
    dc.binaryType = 'arraybuffer';
    dc.onmessage = (e) => list.push(messageBytes(e.data));
  }
  const big = Buffer.alloc(64 * 1024, 7);
  local.send('ping');
  local.send(big);
  remote.send('pong');
  const start = Date.now();
  while (got.remote.length < 2 || got.local.length < 1) {
    if (Date.now() - start > 20000) throw new Error('messages did not arrive');
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(got.remote[0].bytes.toString()).toBe('ping');
  expect(Buffer.compare(got.remote[1].bytes, big)).toBe(0);
  expect(got.local[0].bytes.toString()).toBe('pong');
}

/** The candidate type of this side of the selected pair, from getStats. */
export async function selectedLocalType(pc) {
  const stats = await pc.getStats();
  const transport = [...stats.values()].find((s) => s.type === 'transport');
  const pair = stats.get(transport.selectedCandidatePairId);
  return stats.get(pair.localCandidateId).candidateType;
}
