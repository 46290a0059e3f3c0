// The event and error classes of webrtc-pc: RTCPeerConnectionIceEvent (§4.8.2),
// RTCPeerConnectionIceErrorEvent (§4.8.3),
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

// webrtc-pc §4.8.3: a STUN or TURN server that answered with an error or could not be reached
// (errorCode 701).
export class RTCPeerConnectionIceErrorEvent extends Event {
  #init;

  constructor(type, init) {
    if (!init || init.errorCode === undefined) throw new TypeError('RTCPeerConnectionIceErrorEvent: init.errorCode is required');
    super(type, init);
    this.#init = {
      address: init.address ?? null,
      port: init.port ?? null,
      url: String(init.url ?? ''),
      errorCode: Number(init.errorCode),
      errorText: String(init.errorText ?? ''),
    };
  }

  get address() { return this.#init.address; }
  get port() { return this.#init.port; }
  get url() { return this.#init.url; }
  get errorCode() { return this.#init.errorCode; }
  get errorText() { return this.#init.errorText; }
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
