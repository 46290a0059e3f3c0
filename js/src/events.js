// The event and error classes of webrtc-pc: RTCPeerConnectionIceEvent (§4.8.2),
// RTCDataChannelEvent (§6.3), RTCError (§11.1) and RTCErrorEvent (§11.2).
export class RTCPeerConnectionIceEvent extends Event {
  #candidate;
  #url;

  constructor(type, init = {}) {
    super(type, init);
    this.#candidate = init.candidate ?? null;
    this.#url = init.url ?? null;
  }

  get candidate() { return this.#candidate; }
  get url() { return this.#url; }
}

export class RTCDataChannelEvent extends Event {
  #channel;

  constructor(type, init) {
    if (!init || !init.channel) throw new TypeError('RTCDataChannelEvent: init.channel is required');
    super(type, init);
    this.#channel = init.channel;
  }

  get channel() { return this.#channel; }
}

export class RTCError extends DOMException {
  #init;

  constructor(init, message = '') {
    super(message, 'OperationError');
    this.#init = {
      errorDetail: init.errorDetail,
      sdpLineNumber: init.sdpLineNumber ?? null,
      sctpCauseCode: init.sctpCauseCode ?? null,
      receivedAlert: init.receivedAlert ?? null,
      sentAlert: init.sentAlert ?? null,
      httpRequestStatusCode: init.httpRequestStatusCode ?? null,
    };
  }

  get errorDetail() { return this.#init.errorDetail; }
  get sdpLineNumber() { return this.#init.sdpLineNumber; }
  get sctpCauseCode() { return this.#init.sctpCauseCode; }
  get receivedAlert() { return this.#init.receivedAlert; }
  get sentAlert() { return this.#init.sentAlert; }
  get httpRequestStatusCode() { return this.#init.httpRequestStatusCode; }
}

export class RTCErrorEvent extends Event {
  #error;

  constructor(type, init) {
    if (!init || !init.error) throw new TypeError('RTCErrorEvent: init.error is required');
    super(type, init);
    this.#error = init.error;
  }

  get error() { return this.#error; }
}
