// RTCDataChannel (webrtc-pc §6.2) over a channel of the core's data channel manager. The
// RTCPeerConnection creates it (createDataChannel, or the 'datachannel' event) and routes the
// core's channel events to it; everything the spec says about state and errors is applied here.
import { defineEventHandlers } from './event_handlers.js';
import { domError, fromCoreError } from './errors.js';
import { RTCError, RTCErrorEvent } from './events.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const channelInternals = Symbol('wasmrtc.channel');

export class RTCDataChannel extends EventTarget {
  #link;  // {send(channel, bytes, binary), close(channel), bufferedAmount(channel), setLowThreshold, maxMessageSize()}
  #channel;
  #init;
  #id;
  #readyState = 'connecting';
  #binaryType = 'arraybuffer';
  #bufferedAmountLowThreshold = 0;
  #lastBufferedAmount = 0;

  /** @internal Created by RTCPeerConnection only. */
  constructor(token, link, channel, init) {
    if (token !== constructToken) throw new TypeError('Illegal constructor');
    super();
    this.#link = link;
    this.#channel = channel;
    this.#init = init;
    this.#id = init.id ?? null;
    // A channel the peer opened in-band is already open when 'datachannel' fires, so the handler
    // can send at once; its 'open' event follows right after (webrtc-pc §6.2 steps 7-9, and what
    // libraries such as simple-peer wait for).
    if (init.announcedOpen) this.#readyState = 'open';
  }

  get label() { return this.#init.label; }
  get ordered() { return this.#init.ordered; }
  get maxPacketLifeTime() { return this.#init.maxPacketLifeTime ?? null; }
  get maxRetransmits() { return this.#init.maxRetransmits ?? null; }
  get protocol() { return this.#init.protocol; }
  get negotiated() { return this.#init.negotiated; }
  get id() { return this.#id; }
  get priority() { return this.#init.priority ?? 'low'; }
  get readyState() { return this.#readyState; }
  get bufferedAmount() {
    // After close the last value stays (the spec's [[BufferedAmount]] is not reset).
    if (this.#readyState !== 'closed') this.#lastBufferedAmount = this.#link.bufferedAmount(this.#channel);
    return this.#lastBufferedAmount;
  }
  get bufferedAmountLowThreshold() { return this.#bufferedAmountLowThreshold; }
  set bufferedAmountLowThreshold(value) {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) return;  // WebIDL unsigned long: wraps; we keep it simple
    this.#bufferedAmountLowThreshold = Math.floor(n) >>> 0;
    this.#link.setLowThreshold(this.#channel, this.#bufferedAmountLowThreshold);
  }
  get binaryType() { return this.#binaryType; }
  set binaryType(value) {
    if (value !== 'arraybuffer' && value !== 'blob') return;  // WebIDL enum: invalid values are ignored
    if (value === 'blob' && typeof Blob !== 'function') {
      throw domError('NotSupportedError', 'binaryType "blob" needs Blob, which this runtime lacks');
    }
    this.#binaryType = value;
  }

  /** send(string | ArrayBuffer | ArrayBufferView | Blob), with the errors of webrtc-pc §6.2. */
  send(data) {
    if (this.#readyState !== 'open') {
      throw domError('InvalidStateError', `RTCDataChannel.send: the channel is ${this.#readyState}`);
    }
    if (typeof Blob === 'function' && data instanceof Blob) {
      if (data.size > this.#link.maxMessageSize()) {
        throw new TypeError(`RTCDataChannel.send: ${data.size} bytes exceed maxMessageSize ${this.#link.maxMessageSize()}`);
      }
      // A Blob's bytes can only be read asynchronously; they are sent in order once read.
      this.#blobQueue = (this.#blobQueue || Promise.resolve())
        .then(() => data.arrayBuffer())
        .then((buffer) => { if (this.#readyState === 'open') this.#sendBytes(new Uint8Array(buffer), true); });
      return;
    }
    if (typeof data === 'string') return this.#sendBytes(encoder.encode(data), false);
    if (data instanceof ArrayBuffer) return this.#sendBytes(new Uint8Array(data), true);
    if (ArrayBuffer.isView(data)) {
      return this.#sendBytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), true);
    }
    return this.#sendBytes(encoder.encode(String(data)), false);
  }

  #blobQueue = null;

  #sendBytes(bytes, binary) {
    const result = this.#link.send(this.#channel, bytes, binary);
    if (result && result.error) {
      // OperationError when the send queue is full: the spec closes the channel (§6.2 send step 5).
      const error = fromCoreError(result.error);
      throw error;
    }
  }

  close() {
    if (this.#readyState === 'closing' || this.#readyState === 'closed') return;
    this.#readyState = 'closing';
    this.#link.close(this.#channel);
  }

  get [Symbol.toStringTag]() { return 'RTCDataChannel'; }

  /** @internal Core events for this channel. */
  [channelInternals](event) {
    switch (event.type) {
      case 'announced':  // after the 'datachannel' event: "announce the data channel as open"
        if (this.#readyState === 'open') this.dispatchEvent(new Event('open'));
        break;
      case 'open':
        if (this.#readyState !== 'connecting') return;
        this.#id = this.#link.streamId(this.#channel) ?? this.#id;
        this.#readyState = 'open';
        this.dispatchEvent(new Event('open'));
        break;
      case 'message': {
        if (this.#readyState !== 'open') return;
        let data;
        if (!event.binary) data = decoder.decode(event.data);
        else if (this.#binaryType === 'blob') data = new Blob([event.data]);
        else data = event.data.buffer;  // the binding hands over a fresh Uint8Array of its own
        this.dispatchEvent(new MessageEvent('message', { data }));
        break;
      }
      case 'bufferedamountlow':
        this.dispatchEvent(new Event('bufferedamountlow'));
        break;
      case 'closing':
        if (this.#readyState === 'closed') return;
        this.#readyState = 'closing';
        this.dispatchEvent(new Event('closing'));
        break;
      case 'error': {
        const detail = /sctp|abort/i.test(event.message) ? 'sctp-failure' : 'data-channel-failure';
        this.dispatchEvent(new RTCErrorEvent('error', { error: new RTCError({ errorDetail: detail }, event.message) }));
        break;
      }
      case 'close':
        if (this.#readyState === 'closed') return;
        this.#lastBufferedAmount = 0;
        this.#readyState = 'closed';
        this.dispatchEvent(new Event('close'));
        break;
      default:
        break;
    }
  }

  /** @internal The peer connection closed: no events (webrtc-pc §4.4.1.3 close). */
  [Symbol.for('wasmrtc.closeSilently')]() {
    this.#readyState = 'closed';
  }
}

defineEventHandlers(RTCDataChannel.prototype, ['open', 'message', 'bufferedamountlow', 'error', 'closing', 'close']);

const constructToken = Symbol('RTCDataChannel');

/** @internal */
export function createDataChannelObject(link, channel, init) {
  return new RTCDataChannel(constructToken, link, channel, init);
}
