// The live stats page: getStats() once a second, drawn as chrome://webrtc-internals draws it.
import { roomPage } from './lib/room_page.js';
import { IMPLEMENTATIONS } from './lib/switch.js';
import { formatBytes, formatRate } from './lib/file_transfer.js';
import { describeCandidate, entries, formatRtt, formatValue, members, summarize } from './lib/stats_summary.js';

const $ = (id) => document.getElementById(id);
const set = (id, text) => { $(id).textContent = text; };
const pairOf = (a, b) => `${a === undefined ? '—' : a} / ${b === undefined ? '—' : b}`;
const bytes = (n) => (typeof n === 'number' ? formatBytes(n) : '—');

let previous = new Map();  // id -> entry of the last report, to mark what changed

function renderSummary({ transport, pair, local, remote, channels, pairFoundBy }) {
  const selected = $('pair');
  selected.dataset.found = Boolean(pair);
  set('pair-local', describeCandidate(local));
  set('pair-remote', describeCandidate(remote));
  set('pair-state', pair ? `${pair.state}${pair.nominated ? ', nominated' : ''} (via ${pairFoundBy})` : 'no pair selected yet');
  set('pair-rtt', pair ? formatRtt(pair.currentRoundTripTime) ?? 'not reported by this implementation' : '—');
  set('pair-bitrate', typeof pair?.availableOutgoingBitrate === 'number'
    ? `${formatRate(pair.availableOutgoingBitrate / 8)} available (estimate)` : pair ? 'not reported' : '—');
  set('pair-bytes', pair ? pairOf(bytes(pair.bytesSent), bytes(pair.bytesReceived)) : '—');
  $('pair-bytes').dataset.sent = pair?.bytesSent ?? 0;
  $('pair-bytes').dataset.received = pair?.bytesReceived ?? 0;

  set('transport-ice', transport ? `${transport.iceRole ?? '?'}, ${transport.iceState ?? '?'}` : '—');
  set('transport-dtls', transport ? `${transport.dtlsState ?? '?'}, role ${transport.dtlsRole ?? '?'}` +
    (transport.tlsVersion ? `, version ${transport.tlsVersion}` : '') : '—');
  set('transport-cipher', transport?.dtlsCipher ?? '—');
  set('transport-bytes', transport ? pairOf(bytes(transport.bytesSent), bytes(transport.bytesReceived)) : '—');
  $('transport-bytes').dataset.sent = transport?.bytesSent ?? 0;
  $('transport-bytes').dataset.received = transport?.bytesReceived ?? 0;
  set('transport-packets', transport ? pairOf(transport.packetsSent, transport.packetsReceived) : '—');

  const body = $('channels').tBodies[0];
  body.replaceChildren(...channels.map((c) => {
    const row = document.createElement('tr');
    const cells = [c.label, c.dataChannelIdentifier, c.state, c.messagesSent, c.bytesSent, c.messagesReceived, c.bytesReceived];
    cells.forEach((value, i) => {
      const cell = row.insertCell();
      cell.textContent = value ?? '—';
      if (i >= 3) cell.className = 'num';
    });
    return row;
  }));
}

function renderRaw(report, selectedPairId) {
  const all = entries(report).sort((a, b) => a.type.localeCompare(b.type) || a.id.localeCompare(b.id));
  const tables = all.map((entry) => {
    const table = document.createElement('table');
    if (entry.id === selectedPairId) table.className = 'selected';
    const caption = table.createCaption();
    caption.append(`${entry.type} `);
    const small = document.createElement('small');
    small.textContent = entry.id + (entry.id === selectedPairId ? ' (selected)' : '');
    caption.append(small);
    const before = previous.get(entry.id);
    for (const [name, value] of members(entry)) {
      const row = table.insertRow();
      row.insertCell().textContent = name;
      const text = formatValue(value);
      const cell = row.insertCell();
      // Long values (base64Certificate) are cut; the whole value is in the tooltip.
      cell.textContent = text.length > 96 ? `${text.slice(0, 96)}…` : text;
      if (text.length > 96) cell.title = text;
      if (before && formatValue(before[name]) !== formatValue(value)) row.className = 'changed';
    }
    const box = document.createElement('div');
    box.append(table);
    return box;
  });
  $('raw').replaceChildren(...tables);
  previous = new Map(all.map((e) => [e.id, e]));
}

// Both tabs ping each other once a second: the counters move, and the round trip measured by the
// application is shown next to (or instead of) the ICE layer's currentRoundTripTime.
function startPing(channel) {
  channel.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    let m;
    try { m = JSON.parse(event.data); } catch { return; }
    if (m.kind === 'ping' && channel.readyState === 'open') channel.send(JSON.stringify({ kind: 'pong', t: m.t }));
    if (m.kind === 'pong') set('app-ping', `${(performance.now() - m.t).toFixed(1)} ms round trip`);
  });
  return setInterval(() => {
    if (channel.readyState === 'open') channel.send(JSON.stringify({ kind: 'ping', t: performance.now() }));
  }, 1000);
}

let stop = () => {};

roomPage({
  onConnected({ pc, channel, implementation }) {
    set('app-impl', IMPLEMENTATIONS[implementation]);
    const ping = startPing(channel);
    let busy = false;
    const tick = async () => {
      if (busy) return;  // a slow getStats() never piles up
      busy = true;
      try {
        const started = performance.now();
        const report = await pc.getStats();
        const summary = summarize(report);
        set('app-state', pc.connectionState);
        set('app-report', `${report.size} entries, getStats() took ${(performance.now() - started).toFixed(1)} ms`);
        renderSummary(summary);
        renderRaw(report, summary.pair?.id);
      } catch (err) {
        set('app-report', `getStats() failed: ${err.message}`);
      } finally {
        busy = false;
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    stop = () => { clearInterval(timer); clearInterval(ping); };
  },
  onDisconnected() {
    stop();   // the last report stays on the page
    set('app-state', 'closed');
  },
});
