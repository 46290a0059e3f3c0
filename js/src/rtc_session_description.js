// RTCSessionDescription (webrtc-pc §4.7.1).
const TYPES = new Set(['offer', 'pranswer', 'answer', 'rollback']);

export class RTCSessionDescription {
  #type;
  #sdp;

  constructor(init = {}) {
    if (!TYPES.has(init.type)) {
      throw new TypeError(`RTCSessionDescription: type must be one of ${[...TYPES].join(', ')}`);
    }
    this.#type = init.type;
    this.#sdp = init.sdp == null ? '' : String(init.sdp);
  }

  get type() { return this.#type; }
  get sdp() { return this.#sdp; }
  toJSON() { return { type: this.#type, sdp: this.#sdp }; }
  get [Symbol.toStringTag]() { return 'RTCSessionDescription'; }
}
