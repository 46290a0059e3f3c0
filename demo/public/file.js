// The file transfer page: lib/file_transfer.js does the protocol, this file only draws it.
import { attachFileTransfer, formatBytes, formatRate } from './lib/file_transfer.js';
import { roomPage } from './lib/room_page.js';

const $ = (id) => document.getElementById(id);
let transfer = null;
let downloadUrl = null;
let receiving = false;   // a file is arriving

function setResult(element, text, ok) {
  element.textContent = text;
  element.className = `result ${ok === undefined ? '' : ok ? 'ok' : 'bad'}`.trim();
}

function addHistory(text) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('history').prepend(item);
}

roomPage({
  onConnected({ pc, channel }) {
    transfer = attachFileTransfer(channel, pc, {
      onSendProgress(p) {
        $('send-progress').value = p.size ? p.onWire / p.size : 1;
        $('send-bytes').textContent = `${formatBytes(p.onWire)} of ${formatBytes(p.size)}` +
          (p.bufferedAmount ? ` (${formatBytes(p.bufferedAmount)} buffered)` : '');
        $('send-rate').textContent = `${formatRate(p.bytesPerSecond)} · average ${formatRate(p.averageBytesPerSecond)}`;
      },
      onIncoming(f) {
        receiving = true;
        $('receive-name').textContent = `${f.name} · ${formatBytes(f.size)} · ${f.type || 'unknown type'}`;
        $('receive-name').className = '';
        $('receive-progress').value = 0;
        $('download').hidden = true;
        setResult($('receive-result'), 'receiving…');
      },
      onReceiveProgress(p) {
        $('receive-progress').value = p.size ? p.received / p.size : 1;
        $('receive-bytes').textContent = `${formatBytes(p.received)} of ${formatBytes(p.size)}`;
        $('receive-rate').textContent = `${formatRate(p.bytesPerSecond)} · average ${formatRate(p.averageBytesPerSecond)}`;
      },
      onReceived(r) {
        receiving = false;
        const result = $('receive-result');
        result.dataset.size = r.size;
        result.dataset.sha256 = r.sha256;
        result.dataset.ok = r.ok;
        if (!r.ok) {
          setResult(result, `rejected: ${r.reason}`, false);
          addHistory(`received ${r.name}: ${r.reason}`);
          return;
        }
        setResult(result, `✔ ${formatBytes(r.size)} in ${(r.elapsedMs / 1000).toFixed(1)} s, SHA-256 ${r.sha256} matches`, true);
        if (downloadUrl) URL.revokeObjectURL(downloadUrl);
        downloadUrl = URL.createObjectURL(r.blob);
        const link = $('download');
        link.href = downloadUrl;
        link.download = r.name;
        link.textContent = `Download ${r.name}`;
        link.hidden = false;
        addHistory(`received ${r.name} (${formatBytes(r.size)}), SHA-256 verified`);
      },
      onError(err) {
        setResult($('receive-result'), `error: ${err.message}`, false);
      },
    });
    $('file-input').disabled = false;
  },
  onDisconnected() {
    if (receiving) setResult($('receive-result'), 'interrupted: the other tab left before the file was complete', false);
    receiving = false;
    transfer?.detach();
    transfer = null;
    $('file-input').disabled = true;
  },
});

$('file-input').addEventListener('change', async (event) => {
  const [file] = event.target.files;
  if (!file || !transfer) return;
  event.target.disabled = true;
  const result = $('send-result');
  delete result.dataset.ok;
  setResult(result, `sending ${file.name}…`);
  $('send-progress').value = 0;
  try {
    const sent = await transfer.send(file);
    result.dataset.sha256 = sent.sha256;
    // How the backpressure went, for the curious (and the tests).
    result.dataset.chunkSize = sent.chunkSize;
    result.dataset.waits = sent.waits;
    result.dataset.peakBufferedAmount = sent.peakBufferedAmount;
    result.dataset.ok = sent.ack.ok;
    if (sent.ack.ok) {
      setResult(result, `✔ ${file.name}: ${formatBytes(sent.size)} in ${(sent.elapsedMs / 1000).toFixed(1)} s; ` +
        `the receiver checked SHA-256 ${sent.sha256}`, true);
      addHistory(`sent ${file.name} (${formatBytes(sent.size)}), receiver verified it`);
    } else {
      setResult(result, `✘ the receiver rejected ${file.name}: ${sent.ack.reason}`, false);
      addHistory(`sent ${file.name}: rejected (${sent.ack.reason})`);
    }
  } catch (err) {
    setResult(result, `error: ${err.message}`, false);
  } finally {
    event.target.value = '';
    event.target.disabled = false;
  }
});
