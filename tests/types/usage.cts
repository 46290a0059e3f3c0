// The CommonJS flavour: `require('wasmrtc')` resolves to js/index.d.cts.
import wasmrtc = require('wasmrtc');

const pc: wasmrtc.RTCPeerConnection = new wasmrtc.RTCPeerConnection({ wasmrtc: { transport: 'udp' } });
const channel = pc.createDataChannel('chat', { negotiated: true, id: 0 });
channel.onopen = () => channel.send('hi');
export = { pc, names: wasmrtc.install() };
