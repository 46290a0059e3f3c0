// How a TypeScript user writes against wasmrtc (ES module). Compiled by tests/js/types.test.js with
// `tsc --noEmit --strict`, against lib.dom and again without it (Node: @types/node only).
import {
  RTCPeerConnection, RTCSessionDescription, RTCIceCandidate, RTCDataChannel, RTCCertificate, RTCError,
  RTCErrorEvent, RTCDataChannelEvent, RTCPeerConnectionIceEvent, generateCertificate, install,
} from 'wasmrtc';
import type { RTCConfiguration, RTCDataChannelInit, InstalledName } from 'wasmrtc';

declare const WebSocketFromWs: new (address: string | URL, protocols?: string | string[], options?: object) => object;

export async function connect(): Promise<string> {
  const certificate: RTCCertificate = await RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
  const fingerprints = certificate.getFingerprints().map((f) => `${f.algorithm} ${f.value}`);
  const configuration: RTCConfiguration = {
    iceServers: [{ urls: ['stun:stun.example.org'] }, { urls: 'turn:turn.example.org', username: 'u', credential: 'c' }],
    certificates: [certificate, await generateCertificate('ECDSA')],
    bundlePolicy: 'max-bundle',
    wasmrtc: {
      transport: 'websocket',
      relay: { url: 'wss://relay.example.org/', username: 'u', credential: 'c' },
      WebSocket: WebSocketFromWs,
    },
  };
  const a = new RTCPeerConnection(configuration);
  const b = new RTCPeerConnection();
  a.onicecandidate = (event) => {
    if (event.candidate) void b.addIceCandidate(event.candidate.toJSON());
  };
  b.addEventListener('icecandidate', ({ candidate }) => { void a.addIceCandidate(candidate); });
  a.onicecandidateerror = (event) => console.log(event.errorCode, event.errorText, event.url);
  a.onconnectionstatechange = function () { console.log(this.connectionState, this.iceConnectionState); };

  const init: RTCDataChannelInit = { ordered: false, maxRetransmits: 0, priority: 'high' };
  const channel: RTCDataChannel = a.createDataChannel('chat', init);
  channel.binaryType = 'arraybuffer';
  channel.bufferedAmountLowThreshold = 64 * 1024;
  channel.onerror = (event) => console.log(event.error.errorDetail, event.error.sctpCauseCode);
  const received = new Promise<string>((resolve) => {
    b.ondatachannel = (event: RTCDataChannelEvent) => {
      event.channel.onmessage = (message) => resolve(String(message.data));
    };
  });
  channel.addEventListener('open', () => {
    channel.send('hello');
    channel.send(new Uint8Array([1, 2, 3]));
    channel.send(new ArrayBuffer(8));
  });

  const offer = await a.createOffer();
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(new RTCSessionDescription(offer));
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription!);
  const candidate = new RTCIceCandidate({ candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 5000 typ host', sdpMid: '0' });
  const port: number | null = candidate.port;
  const sctp = a.sctp;
  if (sctp) console.log(sctp.maxMessageSize, sctp.state, port);
  const stats = await a.getStats();
  stats.forEach((report, id) => console.log(id, report.type));
  a.setConfiguration({ ...a.getConfiguration(), iceTransportPolicy: 'all' });

  const error = new RTCError({ errorDetail: 'sctp-failure', sctpCauseCode: 12 }, 'aborted');
  const name: string = error.name;
  new RTCErrorEvent('error', { error });
  new RTCPeerConnectionIceEvent('icecandidate', { candidate: null });
  const defined: InstalledName[] = install(globalThis, { force: true });
  install();
  console.log(name, defined);
  const text = await received;
  a.close();
  b.close();
  return text;
}
