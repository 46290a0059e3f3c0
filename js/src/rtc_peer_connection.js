// RTCPeerConnection (webrtc-pc §4) over the wasm core's PeerConnection (bindings/
// peer_connection_bindings.cc). This file is the driver of the sans-IO core in JavaScript: it owns
// the sockets (js/src/udp_transport.js), the timer and the operations chain, feeds packets and time
// in, drains transmits and events out, and turns core events into DOM events. Packets cross with
// numbers only (js/src/packet_io.js). After an API call the drain is immediate; after a datagram
// it waits for the end of the batch the event loop delivers, and after dc.send() for the end of
// the task, so a burst costs one drain (docs/PERFORMANCE.md proposal 4).
import { closedPacketIo, releaseHandle } from './closed_handle.js';
import { core } from './core.js';  // loaded on first use, not at import (js/src/core.js)
import { defineEventHandlers } from './event_handlers.js';
import { domError, fromCoreError } from './errors.js';
import { RTCDataChannelEvent, RTCPeerConnectionIceErrorEvent, RTCPeerConnectionIceEvent } from './events.js';
import { setUpIceServers } from './ice_server_setup.js';
import { noteConnectionBusy, noteSparesUsed, takeCertificate } from './handshake_spares.js';
import { certificateHandle, generateCertificate } from './rtc_certificate.js';
import { checkReconfiguration, configurationView, normalizeConfiguration } from './rtc_configuration.js';
import { channelInternals, createDataChannelObject } from './rtc_data_channel.js';
import { RTCIceCandidate } from './rtc_ice_candidate.js';
import { RTCSessionDescription } from './rtc_session_description.js';
import { TransportSet } from './transport_set.js';
import { closeTransportSilently, createSctpTransport, refreshTransport } from './rtc_transports.js';
import { openUdpTransport } from './udp_transport.js';
import { PacketIo } from './packet_io.js';
import { openWebSocketTransport } from './websocket_transport.js';

const isNode = typeof process !== 'undefined' && process.versions != null && process.versions.node != null;

const now = () => performance.now();
// Node delivers every datagram read in one poll phase as its own 'message' callback and runs
// microtasks after each; setImmediate runs once after all of them. Without it (browsers: a
// WebSocket message is its own task anyway) a microtask still follows every message.
const afterReceiveBatch = typeof setImmediate === 'function' ? setImmediate : queueMicrotask;
// A core deadline that is already due (the first ICE check after setRemoteDescription, what a
// packet made due) runs in this turn of the event loop: Node clamps setTimeout(fn, 0) to 1 ms,
// which was a millisecond of every connection setup. Browsers keep setTimeout.
const hasSetImmediate = typeof setImmediate === 'function';
const PRIORITIES = { 'very-low': 128, low: 256, medium: 512, high: 1024 };

// Frees the wasm side when an RTCPeerConnection is garbage collected.
const registry = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry((handle) => handle.delete()) : null;

function check(result) {
  if (result && result.error) throw fromCoreError(result.error);
  return result;
}

export class RTCPeerConnection extends EventTarget {
  #handle;
  #configuration;
  #transport = null;
  #ready;
  #chain = Promise.resolve();
  #closed = false;
  #channels = new Map();  // core channel id -> RTCDataChannel
  #io;
  #timer = null;  // a setTimeout, or a setImmediate when #timerImmediate
  #timerAt = Infinity;
  #timerImmediate = false;
  #wokeImmediately = false;  // the running #onTimer was an immediate wake
  #receiveDrainQueued = false;
  #sendDrainQueued = false;
  #draining = false;
  #again = false;
  #states = { signaling: 'stable', iceGathering: 'new', iceConnection: 'new', connection: 'new' };
  #sctp = null;
  // iceServers (webrtc-pc §4.4.1.5 "set the configuration"): the servers the core was given, and
  // what a later setConfiguration() asked for, which the next ICE restart starts using.
  #iceServerSetup = null;       // (iceServers) => Promise, once the UDP transport is open
  #iceServersInUse = new Map();  // key of a server the core was given -> what it was given for it
  #iceServersApplied = Promise.resolve();

  constructor(configuration = {}) {
    super();
    this.#configuration = normalizeConfiguration(configuration, validateIceServerUrl);
    const options = { maxMessageSize: 256 * 1024 };
    if (configuration && configuration.wasmrtc && configuration.wasmrtc.pathMtuDiscovery === false) {
      options.pathMtuDiscovery = false;
    }
    // The application's certificate, or one of its own for this connection (made ahead of need:
    // handshake_spares.js); the core shares the handle's certificate, no PEM in between.
    const certificate = this.#configuration.certificates[0];
    const made = certificate ? null : takeCertificate();
    if (certificate) {
      options.certificate = certificateHandle(certificate);
      noteSparesUsed();  // its handshake will take an X25519 key and an ECDSA nonce
    } else if (made) {
      options.certificate = made;
    }
    let created;
    try {
      created = check(core.PeerConnectionHandle.create(now(), Date.now(), options));
    } finally {
      made?.delete();
    }
    this.#handle = created.handle;
    this.#io = new PacketIo(this.#handle);
    registry?.register(this, this.#handle, this);
    this.#ready = this.#openTransport((configuration && configuration.wasmrtc) || {});
  }

  // UDP where the runtime has sockets, else (or when asked) the WebSocket relay. The wasmrtc
  // member of RTCConfiguration is this library's extension (browsers ignore unknown members):
  //   wasmrtc: { transport: 'auto' | 'udp' | 'websocket',
  //              relay: { url: 'ws://host:port/', username, credential }, WebSocket,
  //              tls: node:tls options for turns: servers, e.g. {ca},
  //              udpThread: true: the UDP sockets in a worker thread (js/src/udp_thread.js),
  //              pathMtuDiscovery: false: SCTP packets stay at 1 200 bytes (docs/POLYFILL.md) }
  // With sockets, iceServers are used as a browser uses them (ice_server_setup.js), and
  // iceTransportPolicy 'relay' keeps the host sockets out of the candidates: they only carry TURN
  // (the core applies the policy per gathering phase, so setConfiguration can change it for the next
  // ICE restart).
  async #openTransport(options) {
    const onPacket = (local, address, port, bytes) => this.#receive(local, address, port, bytes);
    const mode = options.transport && options.transport !== 'auto' ? options.transport : (isNode ? 'udp' : 'websocket');
    const transports = new TransportSet();
    this.#transport = transports;
    this.#handle.setIceTransportPolicy(this.#configuration.iceTransportPolicy);
    if (mode === 'websocket') {
      const relay = options.relay || relayFromIceServers(this.#configuration.iceServers);
      if (!relay || !relay.url) {
        throw new TypeError('wasmrtc: without UDP a relay is needed: a turn: URL in iceServers, or ' +
          'configuration.wasmrtc.relay = {url, username, credential}');
      }
      const transport = await openWebSocketTransport(relay.url, onPacket, options.WebSocket);
      if (this.#closed) return transport.close();
      transports.add(transport, [transport.relay.local]);
      this.#handle.addTurnServer(now(), transport.relay.server, transport.relay.local,
        String(relay.username ?? ''), String(relay.credential ?? ''), true, false);
    } else {
      const udp = await openUdpTransport(onPacket, options.udpThread === undefined ? {} : { thread: Boolean(options.udpThread) });
      if (this.#closed) return udp.close();
      transports.add(udp, udp.addresses);
      for (const address of udp.addresses) this.#handle.addHostAddress(now(), address);
      this.#iceServerSetup = async (iceServers) => {
        for (const server of iceServers) this.#iceServersInUse.set(iceServerKey(server), []);
        const failures = await setUpIceServers({
          iceServers, relayOnly: this.#configuration.iceTransportPolicy === 'relay',
          hostAddresses: udp.addresses, handle: this.#handle,
          now, onPacket, createFramer: () => new core.StreamFramerHandle(), tlsOptions: options.tls,
          addTransport: (transport, locals) => transports.add(transport, locals), isClosed: () => this.#closed,
          onAdded: (server, resource) => {
            const resources = this.#iceServersInUse.get(iceServerKey(server));
            if (resources) resources.push(resource);
            else this.#removeIceServerResource(resource);  // removed again while it was set up
          },
        });
        if (this.#closed) return;
        for (const failure of failures) {
          queueMicrotask(() => {
            if (!this.#closed) this.dispatchEvent(new RTCPeerConnectionIceErrorEvent('icecandidateerror', failure));
          });
        }
        this.#drain();
      };
      await this.#iceServerSetup(this.#configuration.iceServers);
      if (this.#closed) return undefined;
    }
    this.#drain();
    return undefined;
  }

  static generateCertificate(keygenAlgorithm) { return generateCertificate(keygenAlgorithm); }

  // --- attributes ---
  get localDescription() { return this.#description(this.#handle.localDescription()); }
  get currentLocalDescription() { return this.#description(this.#handle.currentLocalDescription()); }
  get pendingLocalDescription() { return this.#description(this.#handle.pendingLocalDescription()); }
  get remoteDescription() { return this.#description(this.#handle.remoteDescription()); }
  get currentRemoteDescription() { return this.#description(this.#handle.currentRemoteDescription()); }
  get pendingRemoteDescription() { return this.#description(this.#handle.pendingRemoteDescription()); }
  get signalingState() { return this.#states.signaling; }
  get iceGatheringState() { return this.#states.iceGathering; }
  get iceConnectionState() { return this.#states.iceConnection; }
  get connectionState() { return this.#states.connection; }
  get canTrickleIceCandidates() {
    const remote = this.#handle.remoteDescription();
    if (!remote) return null;
    return /a=ice-options:[^\r\n]*trickle/.test(remote.sdp);
  }
  get sctp() { return this.#sctp; }
  get [Symbol.toStringTag]() { return 'RTCPeerConnection'; }

  getConfiguration() { return configurationView(this.#configuration); }

  // The new configuration is kept (getConfiguration shows it); new iceServers are given to the
  // core at the next ICE restart (#useNewIceServers), and a changed iceTransportPolicy applies from
  // the next gathering phase, i.e. the next ICE restart (webrtc-pc §4.4.1.6, JSEP §4.1.18).
  setConfiguration(configuration = {}) {
    if (this.#closed) throw domError('InvalidStateError', 'setConfiguration: the RTCPeerConnection is closed');
    const next = normalizeConfiguration(configuration, validateIceServerUrl);
    checkReconfiguration(this.#configuration, next, {
      certificatesGiven: configuration != null && configuration.certificates !== undefined,
      localDescriptionSet: this.#handle.localDescription() != null,
    });
    next.certificates = this.#configuration.certificates;
    if (next.iceTransportPolicy !== this.#configuration.iceTransportPolicy) {
      this.#handle.setIceTransportPolicy(next.iceTransportPolicy);
    }
    this.#configuration = next;
  }

  // At an ICE restart, the servers setConfiguration() added since are given to the core first, so
  // the new generation gathers from them (STUN) and has their allocations (TURN); those it removed
  // are taken away first: a STUN server is not asked again, a TURN server's relayed candidate is
  // not offered again and its allocation is released unless it carries the selected pair
  // (ice::IceAgent::retire_turn_server). webrtc-pc §4.4.1.5: "at the next gathering phase".
  #useNewIceServers() {
    const keys = new Set(this.#configuration.iceServers.map(iceServerKey));
    for (const [key, resources] of [...this.#iceServersInUse]) {
      if (keys.has(key)) continue;
      this.#iceServersInUse.delete(key);
      for (const resource of resources) this.#removeIceServerResource(resource);
    }
    const added = this.#configuration.iceServers.filter((server) => !this.#iceServersInUse.has(iceServerKey(server)));
    if (!added.length) return this.#iceServersApplied;
    this.#iceServersApplied = this.#ready.then(() => (this.#iceServerSetup ? this.#iceServerSetup(added) : undefined))
      .catch(() => {});
    return this.#iceServersApplied;
  }

  #removeIceServerResource(resource) {
    if (resource.kind === 'stun') this.#handle.removeStunServer(resource.address);
    else this.#handle.retireTurnServer(now(), resource.server, resource.local);
  }

  // --- signaling ---
  createOffer(options = {}) {
    return this.#enqueue(async () => {
      await this.#ready;
      if (options && options.iceRestart) await this.#useNewIceServers();
      await this.#iceServersApplied;
      const result = check(this.#handle.createOffer(now(), !!(options && options.iceRestart)));
      this.#drain();
      return { type: 'offer', sdp: result.sdp };
    });
  }

  createAnswer() {
    return this.#enqueue(async () => {
      await this.#ready;
      const result = check(this.#handle.createAnswer(now()));
      this.#drain();
      return { type: 'answer', sdp: result.sdp };
    });
  }

  setLocalDescription(description) {
    return this.#enqueue(async () => {
      await this.#ready;
      let type = description && description.type;
      const sdp = (description && description.sdp) || '';
      if (!type) {
        const s = this.#states.signaling;
        type = s === 'have-remote-offer' || s === 'have-local-pranswer' ? 'answer' : 'offer';
      }
      if (!sdp) await this.#iceServersApplied;  // an implicit offer may be restartIce()'s
      const result = this.#handle.setLocalDescription(now(), type, sdp);
      this.#drain();
      check(result);
    });
  }

  setRemoteDescription(description) {
    if (!description || typeof description.type !== 'string') {
      return Promise.reject(new TypeError('setRemoteDescription: description.type is required'));
    }
    return this.#enqueue(async () => {
      await this.#ready;
      const result = this.#handle.setRemoteDescription(now(), description.type, description.sdp || '');
      this.#drain();
      check(result);
    });
  }

  addIceCandidate(candidate) {
    // webrtc-pc §4.4.1.6 addIceCandidate: null, undefined or an empty candidate mean end-of-candidates.
    const init = candidate == null ? { candidate: '' } : candidate;
    const text = init.candidate == null ? '' : String(init.candidate);
    if (text !== '' && init.sdpMid == null && init.sdpMLineIndex == null) {
      return Promise.reject(new TypeError('addIceCandidate: sdpMid and sdpMLineIndex are both null'));
    }
    return this.#enqueue(async () => {
      await this.#ready;
      const result = this.#handle.addIceCandidate(now(), text, init.sdpMid ?? null,
        init.sdpMLineIndex ?? null, init.usernameFragment ?? null);
      this.#drain();
      check(result);
    });
  }

  restartIce() {
    if (this.#closed) return;
    this.#useNewIceServers();  // the restart's offer waits for them
    this.#handle.restartIce(now());
    this.#drain();
  }

  getStats() {
    const report = new Map();
    for (const entry of this.#handle.getStats(now())) report.set(entry.id, Object.freeze(entry));
    return Promise.resolve(report);
  }

  createDataChannel(label, init = {}) {
    if (this.#closed) throw domError('InvalidStateError', 'createDataChannel: the RTCPeerConnection is closed');
    const params = normalizeDataChannelInit(label, init);
    const result = this.#handle.createDataChannel(now(), params);
    if (result.error) throw fromCoreError(result.error);
    const channel = createDataChannelObject(this.#channelLink(), result.channel,
      { ...params, id: result.id ?? params.id ?? null, priority: init.priority ?? 'low' });
    this.#channels.set(result.channel, channel);
    this.#drain();
    return channel;
  }

  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#handle.close(now());
    this.#flushTransmits();
    // Nothing can happen on this connection any more: free its wasm memory now, not at GC.
    registry?.unregister(this);
    this.#handle = releaseHandle(this.#handle, now());
    this.#io = closedPacketIo;
    for (const channel of this.#channels.values()) channel[Symbol.for('wasmrtc.closeSilently')]();
    this.#states = { signaling: 'closed', iceGathering: this.#states.iceGathering, iceConnection: 'closed', connection: 'closed' };
    if (this.#sctp) closeTransportSilently(this.#sctp);  // close() fires no events (webrtc-pc §4.4.1.5)
    this.#cancelTimer();
    // Sockets close after what close() queued (SCTP ABORT, DTLS close_notify) has left.
    const transport = this.#transport;
    this.#transport = null;
    if (transport) setTimeout(() => transport.close(), 0);
  }

  // --- the driver ---
  #enqueue(operation) {
    if (this.#closed) return Promise.reject(domError('InvalidStateError', 'the RTCPeerConnection is closed'));
    const run = this.#chain.then(() => {
      if (this.#closed) throw domError('InvalidStateError', 'the RTCPeerConnection is closed');
      return operation();
    });
    this.#chain = run.catch(() => {});
    return run;
  }

  // The datagram goes into the core at once (arrival order is the core's order); what it causes
  // goes out after the batch.
  #receive(local, address, port, bytes) {
    if (this.#closed) return;
    this.#io.receive(now(), local, address, port, bytes);
    if (this.#receiveDrainQueued) return;
    this.#receiveDrainQueued = true;
    afterReceiveBatch(this.#drainReceived);
  }

  #drainReceived = () => {
    this.#receiveDrainQueued = false;
    if (!this.#closed) this.#drain();
  };

  // dc.send(): the core has queued what to send; a microtask drains it once for every
  // call of the task. bufferedAmount and its events come from the core, not from the drain, so
  // they read the same as with a drain per call.
  #drainSoon() {
    if (this.#sendDrainQueued) return;
    this.#sendDrainQueued = true;
    queueMicrotask(this.#drainSent);
  }

  #drainSent = () => {
    this.#sendDrainQueued = false;
    if (!this.#closed) this.#drain();
  };

  #flushTransmits() {
    if (this.#transport) this.#io.flushTransmits(this.#sendDatagram);
  }

  #sendDatagram = (local, address, port, bytes) => this.#transport.send(local, address, port, bytes);

  // The drain contract: transmits out, events out, until both are empty; then the timer.
  #drain() {
    if (this.#draining) {  // an event handler called back in: the outer loop picks it up
      this.#again = true;
      return;
    }
    this.#draining = true;
    noteConnectionBusy(now());
    try {
      do {
        this.#again = false;
        this.#flushTransmits();
        for (let e = this.#io.pollEvent(); e; e = this.#io.pollEvent()) {
          this.#again = true;
          this.#queueCoreEvent(e);
        }
      } while (this.#again);
    } finally {
      this.#draining = false;
    }
    this.#armTimer();
  }

  // A lazy timer (docs/PERFORMANCE.md proposal 5): the core's deadline moves after nearly every
  // packet (retransmission and delayed-SACK timers restart), mostly later. One timer stays armed at
  // the earliest deadline seen and is re-created only for an earlier one; if it fires before the
  // core's current deadline, handleTimeout does nothing (the core checks its own deadlines) and
  // the drain re-arms from nextTimeout(). With nothing scheduled it is cleared, as on close().
  #armTimer() {
    if (this.#closed) return;
    const at = this.#handle.nextTimeout();
    if (at === Infinity) {
      if (this.#timer) this.#cancelTimer();
      return;
    }
    if (this.#timer && this.#timerAt <= at) return;
    this.#cancelTimer();
    this.#timerAt = at;
    const delay = at - now();
    // At most one immediate wake in a row: a deadline still due after the core handled it (it
    // should have moved) falls back to a timer, never to a busy loop.
    this.#timerImmediate = delay <= 0 && hasSetImmediate && !this.#wokeImmediately;
    this.#timer = this.#timerImmediate ? setImmediate(this.#onTimer) : setTimeout(this.#onTimer, Math.max(0, delay));
  }

  #cancelTimer() {
    if (this.#timerImmediate) clearImmediate(this.#timer);
    else clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = Infinity;
  }

  #onTimer = () => {
    this.#wokeImmediately = this.#timerImmediate;
    this.#timer = null;
    this.#timerAt = Infinity;
    if (this.#closed) return;
    this.#handle.handleTimeout(now());
    this.#drain();
    this.#wokeImmediately = false;
  };

  // Core events become DOM events in a microtask, never inside the API call that caused them
  // (webrtc-pc fires them from queued tasks: a channel created while connected must not fire
  // 'open' before createDataChannel returns). Attributes the spec updates before the promise of
  // an operation resolves (signalingState) change at once; the event follows before any
  // continuation of that promise runs.
  #queueCoreEvent(e) {
    if (e.type === 'signalingstatechange' && !e.channelEvent) this.#states.signaling = e.state;
    this.#events.push(e);
    if (this.#events.length === 1) {
      queueMicrotask(() => {
        const events = this.#events;
        this.#events = [];
        for (const event of events) {
          if (this.#closed) return;
          this.#dispatchCoreEvent(event);
        }
      });
    }
  }

  #events = [];

  #dispatchCoreEvent(e) {
    if (e.channelEvent) return this.#dispatchChannelEvent(e);
    switch (e.type) {
      case 'icecandidate': {
        const candidate = e.candidate === '' ? null : new RTCIceCandidate({
          candidate: e.candidate, sdpMid: e.sdpMid, sdpMLineIndex: e.sdpMLineIndex, usernameFragment: e.usernameFragment,
        });
        this.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate }));
        break;
      }
      case 'signalingstatechange':
        this.#states.signaling = e.state;
        this.dispatchEvent(new Event('signalingstatechange'));
        break;
      case 'icegatheringstatechange':
        this.#states.iceGathering = e.state;
        if (this.#sctp) this.#updateSctp();
        this.dispatchEvent(new Event('icegatheringstatechange'));
        break;
      case 'iceconnectionstatechange':
        this.#states.iceConnection = e.state;
        if (this.#sctp) this.#updateSctp();
        this.dispatchEvent(new Event('iceconnectionstatechange'));
        break;
      case 'connectionstatechange':
        this.#states.connection = e.state;
        if (e.state === 'connected' || e.state === 'failed') noteSparesUsed();  // the handshake took its spares
        if (this.#sctp || e.state === 'connected') {
          this.#updateSctp(e.state === 'connected' ? 'connected' : e.state === 'failed' ? 'closed' : undefined);
        }
        this.dispatchEvent(new Event('connectionstatechange'));
        break;
      case 'negotiationneeded':
        // Fired as a task, and only if still wanted then (webrtc-pc §4.7.3).
        setTimeout(() => {
          if (!this.#closed && this.#states.signaling === 'stable') this.dispatchEvent(new Event('negotiationneeded'));
        }, 0);
        break;
      default:
        break;
    }
    const remote = this.#handle.remoteDescription();
    if (!this.#sctp && remote && /m=application /.test(remote.sdp)) this.#updateSctp('connecting');
  }

  #dispatchChannelEvent(e) {
    if (e.type === 'datachannel') {
      const channel = createDataChannelObject(this.#channelLink(), e.channel, {
        label: e.label, protocol: e.protocol, ordered: e.ordered, maxPacketLifeTime: e.maxPacketLifeTime,
        maxRetransmits: e.maxRetransmits, negotiated: e.negotiated, id: e.id, priority: e.priority,
        announcedOpen: true,
      });
      this.#channels.set(e.channel, channel);
      this.dispatchEvent(new RTCDataChannelEvent('datachannel', { channel }));
      channel[channelInternals]({ type: 'announced' });
      return;
    }
    const channel = this.#channels.get(e.channel);
    if (!channel) return;
    channel[channelInternals](e);
    if (e.type === 'close') this.#channels.delete(e.channel);
  }

  // pc.sctp exists once a description with an application m-line is applied; it and its DTLS and
  // ICE transports are refreshed (and fire their statechange events) on every core state event.
  #updateSctp(state) {
    if (!this.#sctp) {
      // Through this.#handle each time: close() replaces the core handle with its stand-in.
      this.#sctp = createSctpTransport(() => this.#handle.transportInfo(), () => this.#handle.maxMessageSize());
    }
    refreshTransport(this.#sctp, this.#handle.transportInfo(), state);
  }

  #channelLink() {
    // Through this.#handle each time: close() replaces the core handle with its stand-in.
    return {
      send: (channel, bytes, binary) => {
        const result = this.#io.send(now(), channel, bytes, binary);
        this.#drainSoon();
        return result;
      },
      close: (channel) => {
        this.#handle.closeChannel(now(), channel);
        this.#drain();
      },
      bufferedAmount: (channel) => this.#handle.bufferedAmount(channel),
      setLowThreshold: (channel, bytes) => this.#handle.setBufferedAmountLowThreshold(channel, bytes),
      maxMessageSize: () => this.#handle.maxMessageSize(),
      streamId: (channel) => this.#handle.streamId(channel),
    };
  }

  #description(d) {
    return d ? new RTCSessionDescription(d) : null;
  }
}

defineEventHandlers(RTCPeerConnection.prototype, ['negotiationneeded', 'icecandidate', 'icecandidateerror',
  'signalingstatechange', 'iceconnectionstatechange', 'icegatheringstatechange', 'connectionstatechange',
  'datachannel']);

// One RTCIceServer as the core was given it: its URLs and credentials.
function iceServerKey(server) {
  return JSON.stringify([server.urls, server.username ?? null, server.credential ?? null]);
}

// Without sockets the relay speaks TURN over WebSocket on the port of its turn: URLs, so the first
// turn:/turns: URL of iceServers names it: turn:host:port -> ws://host:port/, turns: -> wss:.
function relayFromIceServers(iceServers) {
  for (const server of iceServers) {
    for (const url of server.parsed) {
      if (!url.scheme.startsWith('turn')) continue;
      const host = url.host.includes(':') ? `[${url.host}]` : url.host;
      return { url: `${url.secure ? 'wss' : 'ws'}://${host}:${url.port}/`, username: server.username, credential: server.credential };
    }
  }
  return null;
}

// RTCIceServer URLs are parsed by the core (bindings/ice_server_bindings.cc).
function validateIceServerUrl(url, username, credential) {
  return core.validateIceServerUrl(String(url), username, credential);
}

// createDataChannel's WebIDL conversions and checks (webrtc-pc §4.9.1 createDataChannel).
function normalizeDataChannelInit(label, init) {
  const unsignedShort = (value, name) => {
    if (value == null) return null;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 65535) throw new TypeError(`createDataChannel: ${name} out of range`);
    return Math.trunc(n);
  };
  const params = {
    label: String(label ?? ''),
    protocol: String(init.protocol ?? ''),
    ordered: init.ordered === undefined ? true : !!init.ordered,
    maxPacketLifeTime: unsignedShort(init.maxPacketLifeTime, 'maxPacketLifeTime'),
    maxRetransmits: unsignedShort(init.maxRetransmits, 'maxRetransmits'),
    negotiated: !!init.negotiated,
    id: unsignedShort(init.id, 'id'),
    priority: PRIORITIES[init.priority ?? 'low'] ?? 256,
  };
  if (new TextEncoder().encode(params.label).length > 65535) throw new TypeError('createDataChannel: label too long');
  if (new TextEncoder().encode(params.protocol).length > 65535) throw new TypeError('createDataChannel: protocol too long');
  if (params.maxPacketLifeTime !== null && params.maxRetransmits !== null) {
    throw new TypeError('createDataChannel: maxPacketLifeTime and maxRetransmits are exclusive');
  }
  if (params.negotiated && params.id === null) throw new TypeError('createDataChannel: negotiated needs an id');
  if (params.id === 65535) throw new TypeError('createDataChannel: id 65535 is reserved');
  return params;
}
