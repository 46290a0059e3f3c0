// Reads an RTCStatsReport (webrtc-stats) the way chrome://webrtc-internals presents it: the
// transport, the candidate pair it selected and that pair's two candidates, the data channels.
// Pure functions over the report, so any implementation's report works (Chrome, Firefox, wasmrtc).

/** The entries of a report (a Map-like RTCStatsReport) as an array. */
export function entries(report) {
  return Array.from(report.values ? report.values() : Object.values(report));
}

/**
 * {transport, pair, local, remote, channels, pairFoundBy}: the selected candidate pair is the one
 * transport.selectedCandidatePairId names (webrtc-stats §5.14); Firefox instead marks the pair
 * `selected: true`, and as a last resort a nominated succeeded pair is taken.
 */
export function summarize(report) {
  const all = entries(report);
  const byId = new Map(all.map((e) => [e.id, e]));
  const transports = all.filter((e) => e.type === 'transport');
  const transport = transports.find((t) => t.selectedCandidatePairId) || transports[0] || null;
  let pair = null;
  let pairFoundBy = null;
  if (transport && transport.selectedCandidatePairId && byId.has(transport.selectedCandidatePairId)) {
    pair = byId.get(transport.selectedCandidatePairId);
    pairFoundBy = 'transport.selectedCandidatePairId';
  } else {
    const pairs = all.filter((e) => e.type === 'candidate-pair');
    pair = pairs.find((p) => p.selected) || pairs.find((p) => p.nominated && p.state === 'succeeded') || null;
    if (pair) pairFoundBy = pair.selected ? 'candidate-pair.selected' : 'nominated succeeded pair';
  }
  const local = pair ? byId.get(pair.localCandidateId) || null : null;
  const remote = pair ? byId.get(pair.remoteCandidateId) || null : null;
  const channels = all.filter((e) => e.type === 'data-channel')
    .sort((a, b) => (a.dataChannelIdentifier ?? 0) - (b.dataChannelIdentifier ?? 0));
  return { transport, pair, local, remote, channels, pairFoundBy };
}

/** "relay 192.0.2.1:50000 udp (relay over tcp)" */
export function describeCandidate(c) {
  if (!c) return '—';
  // Chromium leaves out the address of its own host candidates when it hides them behind mDNS names.
  const where = `${c.address || c.ip || '(address hidden)'}:${c.port}`;
  const via = c.relayProtocol ? ` (to the relay over ${c.relayProtocol})` : '';
  return `${c.candidateType} ${where} ${c.protocol ?? ''}${via}`.trim();
}

/** 0.0123 s -> "12.3 ms"; undefined -> null (the implementation does not report it). */
export function formatRtt(seconds) {
  if (typeof seconds !== 'number') return null;
  return `${(seconds * 1000).toFixed(1)} ms`;
}

/** The members of an entry other than id/type/timestamp, in the order they came. */
export function members(entry) {
  return Object.keys(entry).filter((k) => k !== 'id' && k !== 'type' && k !== 'timestamp')
    .map((k) => [k, entry[k]]);
}

/** How a member value is shown in the raw tables. */
export function formatValue(value) {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(+value.toFixed(6));
  return JSON.stringify(value);
}
