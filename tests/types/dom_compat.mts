// Where wasmrtc's objects and lib.dom's are interchangeable (compiled with lib "dom" only).
import * as wasmrtc from 'wasmrtc';

declare const w: wasmrtc.RTCPeerConnection;
declare const browser: RTCPeerConnection;  // lib.dom's

// Everything wasmrtc implements, typed as the browser's own objects.
export const description: RTCSessionDescription = new wasmrtc.RTCSessionDescription({ type: 'offer', sdp: '' });
export const candidate: RTCIceCandidate = new wasmrtc.RTCIceCandidate({ candidate: '', sdpMid: '0' });
export const channel: RTCDataChannel = w.createDataChannel('x');
export const certificate: Promise<RTCCertificate> = wasmrtc.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' });
export const configuration: RTCConfiguration = w.getConfiguration();
export const iceEvent: RTCPeerConnectionIceEvent = new wasmrtc.RTCPeerConnectionIceEvent('icecandidate');
export const channelEvent: RTCDataChannelEvent = new wasmrtc.RTCDataChannelEvent('datachannel', { channel: w.createDataChannel('y') });
export const error: RTCError = new wasmrtc.RTCError({ errorDetail: 'dtls-failure' });
export const errorEvent: RTCErrorEvent = new wasmrtc.RTCErrorEvent('error', { error });
export const init: wasmrtc.RTCConfiguration = { iceServers: [{ urls: 'stun:x' }] } satisfies RTCConfiguration;

// A wasmrtc RTCPeerConnection is a browser RTCPeerConnection without media (no tracks yet), with a
// minimal pc.sctp (a plain object: no statechange events, transport null) and without the legacy
// callback forms of createOffer/createAnswer (webrtc-pc §10.2, optional; lib.dom declares them)...
type Media = 'addTrack' | 'addTransceiver' | 'getReceivers' | 'getSenders' | 'getTransceivers' | 'removeTrack' | 'ontrack';
type Legacy = 'createOffer' | 'createAnswer';
export const dataOnly: Omit<RTCPeerConnection, Media | 'sctp' | Legacy> = w;
export const createOffer: (options?: RTCOfferOptions) => Promise<RTCSessionDescriptionInit> = w.createOffer;
export const createAnswer: (options?: RTCAnswerOptions) => Promise<RTCSessionDescriptionInit> = w.createAnswer;
// @ts-expect-error: ...so it is not (yet) a whole lib.dom RTCPeerConnection.
export const whole: RTCPeerConnection = w;
// ...and code written against wasmrtc's types takes the browser's own objects.
export const fromBrowser: wasmrtc.RTCPeerConnection = browser;
export const channelFromBrowser: wasmrtc.RTCDataChannel = browser.createDataChannel('z');
export const constructors: typeof wasmrtc.RTCPeerConnection = RTCPeerConnection;
