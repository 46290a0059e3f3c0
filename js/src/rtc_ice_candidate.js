// RTCIceCandidate (webrtc-pc §4.8.1): the candidate line and the fields parsed from it
// (RFC 8839 §5.1 grammar: foundation component transport priority address port "typ" type ...).
export class RTCIceCandidate {
  #init;
  #fields;

  constructor(init = {}) {
    if (init.sdpMid == null && init.sdpMLineIndex == null) {
      throw new TypeError('RTCIceCandidate: sdpMid and sdpMLineIndex are both null');
    }
    this.#init = {
      candidate: init.candidate == null ? '' : String(init.candidate),
      sdpMid: init.sdpMid ?? null,
      sdpMLineIndex: init.sdpMLineIndex ?? null,
      usernameFragment: init.usernameFragment ?? null,
    };
    this.#fields = parseCandidate(this.#init.candidate);
  }

  get candidate() { return this.#init.candidate; }
  get sdpMid() { return this.#init.sdpMid; }
  get sdpMLineIndex() { return this.#init.sdpMLineIndex; }
  get usernameFragment() { return this.#init.usernameFragment ?? this.#fields.ufrag ?? null; }
  get foundation() { return this.#fields.foundation ?? null; }
  get component() { return this.#fields.component ?? null; }
  get priority() { return this.#fields.priority ?? null; }
  get address() { return this.#fields.address ?? null; }
  get protocol() { return this.#fields.protocol ?? null; }
  get port() { return this.#fields.port ?? null; }
  get type() { return this.#fields.type ?? null; }
  get tcpType() { return this.#fields.tcptype ?? null; }
  get relatedAddress() { return this.#fields.raddr ?? null; }
  get relatedPort() { return this.#fields.rport ?? null; }
  toJSON() { return { ...this.#init }; }
  get [Symbol.toStringTag]() { return 'RTCIceCandidate'; }
}

function parseCandidate(line) {
  const text = line.replace(/^a=/, '').replace(/^candidate:/, '').trim();
  if (!text) return {};
  const t = text.split(/\s+/);
  if (t.length < 8 || t[6] !== 'typ') return {};
  const fields = {
    foundation: t[0],
    component: t[1] === '1' ? 'rtp' : t[1] === '2' ? 'rtcp' : null,
    protocol: t[2].toLowerCase(),
    priority: Number(t[3]),
    address: t[4],
    port: Number(t[5]),
    type: t[7],
  };
  for (let i = 8; i + 1 < t.length; i += 2) {
    const key = t[i];
    const value = t[i + 1];
    if (key === 'raddr' || key === 'tcptype' || key === 'ufrag') fields[key] = value;
    else if (key === 'rport') fields.rport = Number(value);
  }
  return fields;
}
