// The stacks the benchmark compares, each behind the same factory: load() resolves with
// {create(), release()}; create() makes a W3C RTCPeerConnection of that stack, release() frees
// what a stack keeps running after its last connection closed (native threads).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WASM = path.join(ROOT, 'js/dist/wasmrtc_core.wasm');

async function loadWasmrtc() {
  if (!existsSync(WASM)) throw new Error('js/dist/wasmrtc_core.wasm is missing (bash scripts/build_wasm.sh --module)');
  return import('../js/index.js');
}

export const IMPLEMENTATIONS = [
  {
    id: 'wasmrtc',
    label: 'wasmrtc (udp)',
    async load() {
      const { RTCPeerConnection } = await loadWasmrtc();
      return { create: () => new RTCPeerConnection(), release() {} };
    },
  },
  {
    // The same stack with its UDP sockets in a worker thread (js/src/udp_thread.js): the
    // system calls leave the main thread, each datagram burst costs two thread wake-ups.
    id: 'wasmrtc-thread',
    label: 'wasmrtc (udp, UDP thread)',
    aliases: ['thread'],
    async load() {
      const { RTCPeerConnection } = await loadWasmrtc();
      const configuration = { wasmrtc: { udpThread: true } };
      return { create: () => new RTCPeerConnection(configuration), release() {} };
    },
  },
  {
    // The same stack with SCTP path MTU discovery off: 1 200-byte packets, as the other stacks
    // send, so this column compares the stacks packet for packet (docs/POLYFILL.md).
    id: 'wasmrtc-1200',
    label: 'wasmrtc (udp, 1 200-byte packets)',
    aliases: ['1200'],
    async load() {
      const { RTCPeerConnection } = await loadWasmrtc();
      const configuration = { wasmrtc: { pathMtuDiscovery: false } };
      return { create: () => new RTCPeerConnection(configuration), release() {} };
    },
  },
  {
    id: 'wasmrtc-relay',
    label: 'wasmrtc (relay, WebSocket)',
    aliases: ['relay'],
    needsRelay: true,
    async load({ relay } = {}) {
      if (!relay || !relay.url) throw new Error('no relay (build/native/wasmrtc-relay)');
      const { RTCPeerConnection } = await loadWasmrtc();
      const { WebSocket } = await import('ws');
      const configuration = { wasmrtc: { transport: 'websocket', relay, WebSocket } };
      return { create: () => new RTCPeerConnection(configuration), release() {} };
    },
  },
  {
    id: '@roamhq/wrtc',
    label: '@roamhq/wrtc',
    aliases: ['wrtc', 'libwebrtc'],
    async load() {
      const { RTCPeerConnection } = require('@roamhq/wrtc');
      return { create: () => new RTCPeerConnection({ iceServers: [] }), release() {} };
    },
  },
  {
    id: 'node-datachannel',
    label: 'node-datachannel',
    aliases: ['libdatachannel'],
    async load() {
      const { RTCPeerConnection } = require('node-datachannel/polyfill');
      return { create: () => new RTCPeerConnection({ iceServers: [] }), release: () => require('node-datachannel').cleanup() };
    },
  },
  {
    id: 'werift',
    label: 'werift',
    async load() {
      const { RTCPeerConnection } = require('werift');
      return { create: () => new RTCPeerConnection({ iceServers: [] }), release() {} };
    },
  },
];

export function implementation(id) {
  const impl = IMPLEMENTATIONS.find((i) => i.id === id || i.label === id || (i.aliases || []).includes(id));
  if (!impl) throw new Error(`unknown implementation ${id} (one of ${IMPLEMENTATIONS.map((i) => i.id).join(', ')})`);
  return impl;
}
