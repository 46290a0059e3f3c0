// Captures real SDP offers and answers from the interop peers into tests/fixtures/sdp/, the corpus
// native/sdp/sdp_fixtures_test.cc round-trips. Run by hand when a peer is upgraded or a new shape of
// SDP is wanted; the tests never run it (they read the committed files, so they stay deterministic).
//
//   node scripts/capture_sdp_fixtures.mjs            # all peers
//   node scripts/capture_sdp_fixtures.mjs werift     # only the peers whose name contains "werift"
//
// Peers: @roamhq/wrtc (libwebrtc), node-datachannel (libdatachannel), werift, all devDependencies,
// and headless Chromium (/usr/bin/chromium through playwright-core). Each description is taken after
// ICE gathering completed (or 5 s passed), so it holds the candidates a non-trickle peer would send.
// No STUN/TURN servers are configured: only host candidates (loopback, private addresses, or mDNS
// .local names in Chromium) appear, which is realistic and leaks nothing beyond this machine.
// Answers answer an offer from another stack, as they would in interop.
//
// The Firefox and Safari fixtures are hand-written (tests/fixtures/sdp/README.md); this script
// leaves them alone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'tests/fixtures/sdp');
const filter = process.argv[2] ?? '';
const GATHER_TIMEOUT_MS = 5000;

function save(name, sdp) {
  // Stacks differ (libdatachannel writes CRLF too, werift sometimes LF); the files keep what was
  // emitted, the test normalises line endings itself.
  fs.writeFileSync(path.join(outDir, name), sdp);
  console.log(`wrote ${name} (${sdp.split('\n').length} lines)`);
}

// --- W3C-shaped peers (libwebrtc through @roamhq/wrtc, werift, Chromium's page code) -------------

// Resolves when a W3C RTCPeerConnection finished gathering (or the timeout passed).
function gathered(pc) {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    const check = () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    };
    if (pc.addEventListener) pc.addEventListener('icegatheringstatechange', check);
    else pc.onicegatheringstatechange = check;
    // werift exposes its own event emitter as well.
    pc.iceGatheringStateChange?.subscribe?.(check);
  });
}

async function w3cOffer(RTCPeerConnection, { audio = false, video = false, data = false }) {
  const pc = new RTCPeerConnection({ iceServers: [] });
  if (audio) pc.addTransceiver('audio');
  if (video) pc.addTransceiver('video');
  if (data) pc.createDataChannel('chat');
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const sdp = pc.localDescription.sdp;
  pc.close();
  return sdp;
}

async function w3cAnswer(RTCPeerConnection, offerSdp) {
  const pc = new RTCPeerConnection({ iceServers: [] });
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  await gathered(pc);
  const sdp = pc.localDescription.sdp;
  pc.close();
  return sdp;
}

// --- libdatachannel's own API (node-datachannel) --------------------------------------------------

async function libdatachannelDescription(nodeDataChannel, offerSdp) {
  const pc = new nodeDataChannel.PeerConnection(offerSdp ? 'answerer' : 'offerer', { iceServers: [] });
  const done = new Promise((resolve) => {
    const timer = setTimeout(resolve, GATHER_TIMEOUT_MS);
    pc.onGatheringStateChange((state) => {
      if (state === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  if (offerSdp) pc.setRemoteDescription(offerSdp, 'offer');
  else pc.createDataChannel('chat');
  await done;
  // localDescription() after gathering holds the candidates; onLocalDescription fired before them.
  const sdp = pc.localDescription().sdp;
  pc.close();
  return sdp;
}

// --- Chromium ---------------------------------------------------------------------------------------

async function withChromium(fn) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><title>sdp capture</title>');
    return await fn(page);
  } finally {
    await browser.close();
  }
}

// Runs in the page: the same offer/answer helpers, written out because page code cannot close over
// Node functions.
const pageHelpers = `
  window.gathered = (pc) => new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, ${GATHER_TIMEOUT_MS});
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') { clearTimeout(timer); resolve(); }
    });
  });
`;

async function chromiumOffer(page) {
  await page.evaluate(pageHelpers);
  return page.evaluate(async () => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    pc.addTransceiver('audio');
    pc.addTransceiver('video');
    pc.createDataChannel('chat');
    await pc.setLocalDescription(await pc.createOffer());
    await window.gathered(pc);
    const sdp = pc.localDescription.sdp;
    pc.close();
    return sdp;
  });
}

async function chromiumAnswer(page, offerSdp) {
  await page.evaluate(pageHelpers);
  return page.evaluate(async (offer) => {
    const pc = new RTCPeerConnection({ iceServers: [] });
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    await pc.setLocalDescription(await pc.createAnswer());
    await window.gathered(pc);
    const sdp = pc.localDescription.sdp;
    pc.close();
    return sdp;
  }, offerSdp);
}

// --- main ---------------------------------------------------------------------------------------------

const captures = [
  ['libwebrtc', async () => {
    const wrtc = (await import('@roamhq/wrtc')).default;
    const offerData = await w3cOffer(wrtc.RTCPeerConnection, { data: true });
    save('libwebrtc-offer-data.sdp', offerData);
    save('libwebrtc-offer-audio-video-data.sdp',
      await w3cOffer(wrtc.RTCPeerConnection, { audio: true, video: true, data: true }));
    // libwebrtc answering libdatachannel, the pairing the interop tests exercise most.
    const nodeDataChannel = (await import('node-datachannel')).default;
    const ldcOffer = await libdatachannelDescription(nodeDataChannel);
    save('libwebrtc-answer-data.sdp', await w3cAnswer(wrtc.RTCPeerConnection, ldcOffer));
  }],
  ['libdatachannel', async () => {
    const nodeDataChannel = (await import('node-datachannel')).default;
    save('libdatachannel-offer-data.sdp', await libdatachannelDescription(nodeDataChannel));
    const wrtc = (await import('@roamhq/wrtc')).default;
    const offer = await w3cOffer(wrtc.RTCPeerConnection, { data: true });
    save('libdatachannel-answer-data.sdp', await libdatachannelDescription(nodeDataChannel, offer));
    nodeDataChannel.cleanup?.();
  }],
  ['werift', async () => {
    const { RTCPeerConnection } = await import('werift');
    save('werift-offer-data.sdp', await w3cOffer(RTCPeerConnection, { data: true }));
    save('werift-offer-av.sdp', await w3cOffer(RTCPeerConnection, { audio: true, video: true }));
    const wrtc = (await import('@roamhq/wrtc')).default;
    const offer = await w3cOffer(wrtc.RTCPeerConnection, { data: true });
    save('werift-answer-data.sdp', await w3cAnswer(RTCPeerConnection, offer));
  }],
  ['chromium', async () => {
    const wrtc = (await import('@roamhq/wrtc')).default;
    const offer = await w3cOffer(wrtc.RTCPeerConnection, { data: true });
    await withChromium(async (page) => {
      save('chromium-offer-audio-video-data.sdp', await chromiumOffer(page));
      save('chromium-answer-data.sdp', await chromiumAnswer(page, offer));
    });
  }],
];

fs.mkdirSync(outDir, { recursive: true });
let failed = 0;
for (const [name, capture] of captures) {
  if (!name.includes(filter)) continue;
  try {
    await capture();
  } catch (err) {
    failed++;
    console.error(`${name}: ${err.stack ?? err}`);
  }
}
// Native peers keep threads alive; leave explicitly.
process.exit(failed ? 1 : 0);
