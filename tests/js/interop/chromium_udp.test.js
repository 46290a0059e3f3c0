// wasmrtc in Node against Debian Chromium's own RTCPeerConnection over direct UDP (no relay): 2 MiB
// of 64 KiB messages each way. Chromium ends the whole connection when a DTLS datagram of more than
// 2 048 bytes reaches it and announces no RFC 8449 record_size_limit, so wasmrtc must not probe it
// with larger SCTP packets (docs/POLYFILL.md "SCTP packet size"): the connection stays up on
// both sides and every datagram wasmrtc sends stays at the 1 200-byte base.
import { RTCPeerConnection } from '../../../js/index.js';
import { launchChromium } from '../helpers/chromium.js';

let browser;

beforeAll(async () => {
  // Host addresses instead of mDNS names, so the Node side can reach Chromium's candidates.
  browser = await launchChromium(['--disable-features=WebRtcHideLocalIpsWithMdns']);
});

afterAll(async () => {
  await browser?.close();
});

const gathered = (pc) => (pc.iceGatheringState === 'complete' ? null : new Promise((resolve) => {
  pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
}));

test('wasmrtc in Node <-> Chromium over UDP: 2 MiB each way, the connection stays up, 1 200-byte packets', async () => {
  const page = await browser.newPage();
  await page.goto('about:blank');
  const ours = new RTCPeerConnection();
  try {
    const channel = ours.createDataChannel('bulk');
    channel.binaryType = 'arraybuffer';
    let received = 0;
    channel.onmessage = (e) => { received += e.data.byteLength; };
    await ours.setLocalDescription(await ours.createOffer());
    await gathered(ours);
    const answer = await page.evaluate(async (offer) => {
      const pc = new RTCPeerConnection();
      window.pc = pc;
      window.received = 0;
      pc.ondatachannel = (e) => {
        window.channel = e.channel;
        e.channel.binaryType = 'arraybuffer';
        e.channel.onmessage = (m) => { window.received += m.data.byteLength; };
      };
      await pc.setRemoteDescription({ type: 'offer', sdp: offer });
      await pc.setLocalDescription(await pc.createAnswer());
      if (pc.iceGatheringState !== 'complete') {
        await new Promise((resolve) => {
          pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
        });
      }
      return pc.localDescription.sdp;
    }, ours.localDescription.sdp);
    await ours.setRemoteDescription({ type: 'answer', sdp: answer });
    await new Promise((resolve) => { if (channel.readyState === 'open') resolve(); else channel.onopen = resolve; });

    const total = 32 * 64 * 1024;
    const message = new Uint8Array(64 * 1024).fill(7);
    for (let i = 0; i < 32; i++) channel.send(message);
    await page.evaluate(async () => {
      while (!window.channel || window.channel.readyState !== 'open') await new Promise((r) => setTimeout(r, 10));
      const m = new Uint8Array(64 * 1024).fill(9);
      for (let i = 0; i < 32; i++) window.channel.send(m);
    });
    const start = Date.now();
    let theirs = 0;
    while ((theirs < total || received < total) && Date.now() - start < 30000) {
      await new Promise((r) => setTimeout(r, 50));
      theirs = await page.evaluate(() => window.received);
    }
    expect(theirs).toBe(total);
    expect(received).toBe(total);
    expect(await page.evaluate(() => [window.pc.connectionState, window.pc.sctp.state])).toEqual(['connected', 'connected']);
    expect(ours.connectionState).toBe('connected');
    const stats = [...(await ours.getStats()).values()];
    const transport = stats.find((s) => s.type === 'transport');
    // 2 MiB in datagrams of at most 1 200 bytes: no probe and no grown packet reached Chromium.
    expect(transport.bytesSent / transport.packetsSent).toBeLessThanOrEqual(1200);
    expect(transport.packetsSent).toBeGreaterThan(total / 1200);
  } finally {
    ours.close();
    await page.close();
  }
}, 60000);
