// TypeScript declarations of wasmrtc (js/src/api.js), shaped after lib.dom's WebRTC interfaces so
// that wasmrtc objects and the browser's own objects are interchangeable where wasmrtc implements
// the interface (tests/types/usage.ts states which assignments hold). Self-contained apart from the
// DOM event basics (Event, EventTarget, MessageEvent, DOMException, Blob, AbortSignal), which come
// from lib "dom" or from @types/node.
// js/index.d.cts is the same file for `require('wasmrtc')`; tests/js/types.test.js keeps them equal.

// --- enums and dictionaries (webrtc-pc) ---

export type RTCBundlePolicy = 'balanced' | 'max-bundle' | 'max-compat';
export type RTCDataChannelState = 'closed' | 'closing' | 'connecting' | 'open';
export type RTCDtlsTransportState = 'closed' | 'connected' | 'connecting' | 'failed' | 'new';
export type RTCErrorDetailType = 'data-channel-failure' | 'dtls-failure' | 'fingerprint-failure' |
  'hardware-encoder-error' | 'hardware-encoder-not-available' | 'sctp-failure' | 'sdp-syntax-error';
export type RTCIceCandidateType = 'host' | 'prflx' | 'relay' | 'srflx';
export type RTCIceComponent = 'rtcp' | 'rtp';
export type RTCIceConnectionState = 'checking' | 'closed' | 'completed' | 'connected' | 'disconnected' | 'failed' | 'new';
export type RTCIceGathererState = 'complete' | 'gathering' | 'new';
export type RTCIceGatheringState = 'complete' | 'gathering' | 'new';
export type RTCIceProtocol = 'tcp' | 'udp';
export type RTCIceTcpCandidateType = 'active' | 'passive' | 'so';
export type RTCIceTransportPolicy = 'all' | 'relay';
export type RTCIceTransportState = 'checking' | 'closed' | 'completed' | 'connected' | 'disconnected' | 'failed' | 'new';
export type RTCPeerConnectionState = 'closed' | 'connected' | 'connecting' | 'disconnected' | 'failed' | 'new';
export type RTCPriorityType = 'high' | 'low' | 'medium' | 'very-low';
export type RTCRtcpMuxPolicy = 'require';
export type RTCSctpTransportState = 'closed' | 'connected' | 'connecting';
export type RTCSdpType = 'answer' | 'offer' | 'pranswer' | 'rollback';
export type RTCSignalingState = 'closed' | 'have-local-offer' | 'have-local-pranswer' | 'have-remote-offer' |
  'have-remote-pranswer' | 'stable';
export type BinaryType = 'arraybuffer' | 'blob';
/** WebCrypto's AlgorithmIdentifier; wasmrtc generates {name: 'ECDSA', namedCurve: 'P-256'} certificates. */
export type AlgorithmIdentifier = string | { name: string; namedCurve?: string; expires?: number; [member: string]: unknown };

type Listener<T, E> = (this: T, ev: E) => any;
// The on<event> attributes declare no `this` (lib.dom's say `this: RTCPeerConnection`): a `this`
// there would make wasmrtc's and the browser's classes assignable only if they were identical, and
// wasmrtc has no media yet. `pc.onx = function () { this }` still gets `this` from the assignment.
type Handler<E> = (ev: E) => any;
type EventListenerOrEventListenerObject = ((evt: Event) => void) | { handleEvent(object: Event): void };
interface EventListenerOptions { capture?: boolean }
interface EventInit { bubbles?: boolean; cancelable?: boolean; composed?: boolean }
interface AddEventListenerOptions extends EventListenerOptions { once?: boolean; passive?: boolean; signal?: AbortSignal }

/** A WebSocket class, e.g. the `ws` package's in Node 20 (which has no global WebSocket). */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => unknown;

/** wasmrtc's extension of RTCConfiguration (browsers ignore unknown members). */
export interface WasmrtcConfiguration {
  /** auto (the default): UDP in Node, a WebSocket to a TURN relay elsewhere. */
  transport?: 'auto' | 'udp' | 'websocket';
  /** The relay (wasmrtc-relay or any TURN server that speaks TURN over WebSocket). */
  relay?: { url: string; username?: string; credential?: string };
  /** Where the runtime has no global WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** node:tls connect options for turns: servers (e.g. { ca }), Node only. */
  tls?: Record<string, unknown>;
  /**
   * Node only: this connection's UDP sockets in a worker thread shared by the process (more
   * throughput for many busy connections in one process, a longer round trip); the default comes
   * from the environment variable WASMRTC_UDP_THREAD=1.
   */
  udpThread?: boolean;
  /**
   * SCTP path MTU discovery (RFC 8899), on by default: packets grow past 1 200 bytes when probes
   * show the path and the peer carry more (a whole 16 KiB record on loopback). false keeps them
   * at 1 200 bytes, as other WebRTC stacks do.
   */
  pathMtuDiscovery?: boolean;
}

export interface RTCIceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface RTCConfiguration {
  iceServers?: RTCIceServer[];
  iceTransportPolicy?: RTCIceTransportPolicy;
  bundlePolicy?: RTCBundlePolicy;
  rtcpMuxPolicy?: RTCRtcpMuxPolicy;
  certificates?: RTCCertificate[];
  iceCandidatePoolSize?: number;
  wasmrtc?: WasmrtcConfiguration;
}

export interface RTCOfferAnswerOptions {}
export interface RTCOfferOptions extends RTCOfferAnswerOptions {
  iceRestart?: boolean;
  offerToReceiveAudio?: boolean;
  offerToReceiveVideo?: boolean;
}
export interface RTCAnswerOptions extends RTCOfferAnswerOptions {}

export interface RTCSessionDescriptionInit {
  type: RTCSdpType;
  sdp?: string;
}
export interface RTCLocalSessionDescriptionInit {
  type?: RTCSdpType;
  sdp?: string;
}
export interface RTCIceCandidateInit {
  candidate?: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

export interface RTCDataChannelInit {
  ordered?: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol?: string;
  negotiated?: boolean;
  id?: number;
  /** webrtc-priority (Chrome has it too; lib.dom does not). */
  priority?: RTCPriorityType;
}

export interface RTCDtlsFingerprint {
  algorithm?: string;
  value?: string;
}

export interface RTCErrorInit {
  errorDetail: RTCErrorDetailType;
  sdpLineNumber?: number;
  sctpCauseCode?: number;
  receivedAlert?: number;
  sentAlert?: number;
  httpRequestStatusCode?: number;
}

export interface RTCPeerConnectionIceEventInit extends EventInit {
  candidate?: RTCIceCandidate | null;
  url?: string | null;
}
export interface RTCPeerConnectionIceErrorEventInit extends EventInit {
  address?: string | null;
  port?: number | null;
  url?: string;
  errorCode: number;
  errorText?: string;
}
export interface RTCDataChannelEventInit extends EventInit {
  channel: RTCDataChannel;
}
export interface RTCErrorEventInit extends EventInit {
  error: RTCError;
}

/** RTCPeerConnection.getStats(): a maplike of stats dictionaries by id. */
export interface RTCStatsReport extends ReadonlyMap<string, any> {}

// --- transports (pc.sctp → .transport → .iceTransport; docs/POLYFILL.md) ---

export interface RTCIceCandidatePair {
  local: RTCIceCandidate;
  remote: RTCIceCandidate;
}
export interface RTCIceTransport extends EventTarget {
  readonly gatheringState: RTCIceGathererState;
  readonly state: RTCIceTransportState;
  getSelectedCandidatePair(): RTCIceCandidatePair | null;
}
export interface RTCDtlsTransport extends EventTarget {
  readonly iceTransport: RTCIceTransport;
  readonly state: RTCDtlsTransportState;
  getRemoteCertificates(): ArrayBuffer[];
}
export interface RTCSctpTransport extends EventTarget {
  readonly maxChannels: number | null;
  readonly maxMessageSize: number;
  readonly state: RTCSctpTransportState;
  readonly transport: RTCDtlsTransport;
}

// --- classes ---

export declare class RTCSessionDescription {
  constructor(descriptionInitDict: RTCSessionDescriptionInit);
  readonly type: RTCSdpType;
  readonly sdp: string;
  toJSON(): RTCSessionDescriptionInit;
}

export declare class RTCIceCandidate {
  /** Throws a TypeError when sdpMid and sdpMLineIndex are both null. */
  constructor(candidateInitDict?: RTCIceCandidateInit);
  readonly candidate: string;
  readonly sdpMid: string | null;
  readonly sdpMLineIndex: number | null;
  readonly usernameFragment: string | null;
  readonly foundation: string | null;
  readonly component: RTCIceComponent | null;
  readonly priority: number | null;
  readonly address: string | null;
  readonly protocol: RTCIceProtocol | null;
  readonly port: number | null;
  readonly type: RTCIceCandidateType | null;
  readonly tcpType: RTCIceTcpCandidateType | null;
  readonly relatedAddress: string | null;
  readonly relatedPort: number | null;
  toJSON(): RTCIceCandidateInit;
}

export declare class RTCCertificate {
  /** Use RTCPeerConnection.generateCertificate() (the constructor throws, as in browsers). */
  private constructor();
  /** Milliseconds since the epoch after which the certificate is no longer valid. */
  readonly expires: number;
  getFingerprints(): RTCDtlsFingerprint[];
}

export declare class RTCError extends DOMException {
  constructor(init: RTCErrorInit, message?: string);
  readonly errorDetail: RTCErrorDetailType;
  readonly sdpLineNumber: number | null;
  readonly sctpCauseCode: number | null;
  readonly receivedAlert: number | null;
  readonly sentAlert: number | null;
  /** Not in lib.dom (dropped from webrtc-pc); wasmrtc sets it to null. */
  readonly httpRequestStatusCode?: number | null;
}

export declare class RTCPeerConnectionIceEvent extends Event {
  constructor(type: string, eventInitDict?: RTCPeerConnectionIceEventInit);
  readonly candidate: RTCIceCandidate | null;
  /** Deprecated in webrtc-pc, absent from lib.dom; wasmrtc keeps it (null). */
  readonly url?: string | null;
}

/** The 'icecandidateerror' event (webrtc-pc §4.8.3). */
export declare class RTCPeerConnectionIceErrorEvent extends Event {
  constructor(type: string, eventInitDict: RTCPeerConnectionIceErrorEventInit);
  readonly address: string | null;
  readonly port: number | null;
  readonly url: string;
  readonly errorCode: number;
  readonly errorText: string;
}

export declare class RTCDataChannelEvent extends Event {
  constructor(type: string, eventInitDict: RTCDataChannelEventInit);
  readonly channel: RTCDataChannel;
}

export declare class RTCErrorEvent extends Event {
  constructor(type: string, eventInitDict: RTCErrorEventInit);
  readonly error: RTCError;
}

export interface RTCDataChannelEventMap {
  bufferedamountlow: Event;
  close: Event;
  closing: Event;
  error: RTCErrorEvent;
  message: MessageEvent;
  open: Event;
}

export declare class RTCDataChannel extends EventTarget {
  /** Created by RTCPeerConnection.createDataChannel() or announced by 'datachannel'. */
  private constructor();
  readonly label: string;
  readonly ordered: boolean;
  readonly maxPacketLifeTime: number | null;
  readonly maxRetransmits: number | null;
  readonly protocol: string;
  readonly negotiated: boolean;
  readonly id: number | null;
  /** webrtc-priority; always set by wasmrtc (optional only so that browsers' channels fit this type). */
  readonly priority?: RTCPriorityType;
  readonly readyState: RTCDataChannelState;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  binaryType: BinaryType;
  onopen: Handler<Event> | null;
  onbufferedamountlow: Handler<Event> | null;
  onerror: Handler<RTCErrorEvent> | null;
  onclosing: Handler<Event> | null;
  onclose: Handler<Event> | null;
  onmessage: Handler<MessageEvent> | null;
  close(): void;
  /** Throws InvalidStateError unless open, TypeError over the SCTP transport's maxMessageSize. */
  send(data: string | Blob | ArrayBuffer | ArrayBufferView): void;
  addEventListener<K extends keyof RTCDataChannelEventMap>(type: K,
    listener: Listener<RTCDataChannel, RTCDataChannelEventMap[K]>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCDataChannelEventMap>(type: K,
    listener: Listener<RTCDataChannel, RTCDataChannelEventMap[K]>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions): void;
}

export interface RTCPeerConnectionEventMap {
  connectionstatechange: Event;
  datachannel: RTCDataChannelEvent;
  icecandidate: RTCPeerConnectionIceEvent;
  icecandidateerror: RTCPeerConnectionIceErrorEvent;
  iceconnectionstatechange: Event;
  icegatheringstatechange: Event;
  negotiationneeded: Event;
  signalingstatechange: Event;
}

/**
 * RTCPeerConnection with data channels (no media yet: addTrack, addTransceiver, getSenders,
 * getReceivers, getTransceivers, removeTrack and ontrack are not there).
 */
export declare class RTCPeerConnection extends EventTarget {
  constructor(configuration?: RTCConfiguration);
  static generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate>;

  readonly localDescription: RTCSessionDescription | null;
  readonly currentLocalDescription: RTCSessionDescription | null;
  readonly pendingLocalDescription: RTCSessionDescription | null;
  readonly remoteDescription: RTCSessionDescription | null;
  readonly currentRemoteDescription: RTCSessionDescription | null;
  readonly pendingRemoteDescription: RTCSessionDescription | null;
  readonly signalingState: RTCSignalingState;
  readonly iceGatheringState: RTCIceGatheringState;
  readonly iceConnectionState: RTCIceConnectionState;
  readonly connectionState: RTCPeerConnectionState;
  readonly canTrickleIceCandidates: boolean | null;
  readonly sctp: RTCSctpTransport | null;

  onnegotiationneeded: Handler<Event> | null;
  onicecandidate: Handler<RTCPeerConnectionIceEvent> | null;
  onicecandidateerror: Handler<RTCPeerConnectionIceErrorEvent> | null;
  onsignalingstatechange: Handler<Event> | null;
  oniceconnectionstatechange: Handler<Event> | null;
  onicegatheringstatechange: Handler<Event> | null;
  onconnectionstatechange: Handler<Event> | null;
  ondatachannel: Handler<RTCDataChannelEvent> | null;

  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit>;
  createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescriptionInit>;
  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void>;
  restartIce(): void;
  getConfiguration(): RTCConfiguration;
  setConfiguration(configuration?: RTCConfiguration): void;
  getStats(): Promise<RTCStatsReport>;
  createDataChannel(label: string, dataChannelDict?: RTCDataChannelInit): RTCDataChannel;
  close(): void;

  addEventListener<K extends keyof RTCPeerConnectionEventMap>(type: K,
    listener: Listener<RTCPeerConnection, RTCPeerConnectionEventMap[K]>, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCPeerConnectionEventMap>(type: K,
    listener: Listener<RTCPeerConnection, RTCPeerConnectionEventMap[K]>, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions): void;
}

/** RTCPeerConnection.generateCertificate as a function. */
export declare function generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate>;

/** A layer of the core whose logs setDebugLog / WASMRTC_DEBUG can turn on. */
export type DebugLogLayer = 'ice' | 'stun' | 'turn' | 'dtls' | 'sctp' | 'datachannel' | 'sdp' | 'peer';

/**
 * Turns the core's logs on for the named layers ("ice,dtls", "all"), or off ("" or null). Lines go
 * to stderr in Node and console.debug elsewhere as "[wasmrtc <layer>] <message>", or to `sink`.
 * In Node the WASMRTC_DEBUG environment variable does the same at load time.
 */
export declare function setDebugLog(layers: string | null, sink?: (layer: DebugLogLayer, message: string) => void): void;

/** The names install() defines. */
export type InstalledName = 'RTCPeerConnection' | 'RTCDataChannel' | 'RTCSessionDescription' | 'RTCIceCandidate' |
  'RTCCertificate' | 'RTCDataChannelEvent' | 'RTCError' | 'RTCErrorEvent' | 'RTCPeerConnectionIceEvent' |
  'RTCPeerConnectionIceErrorEvent';

/**
 * Defines the WebRTC globals on `target` (globalThis by default) where they are missing, or always
 * with {force: true}. Returns the names it defined.
 */
export declare function install(target?: object, options?: { force?: boolean }): InstalledName[];
