// Every line marked `// error TSxxxx` must be reported by tsc, and nothing else (tests/js/types.test.js).
import { RTCPeerConnection, RTCSessionDescription, install } from 'wasmrtc';

const pc = new RTCPeerConnection({ wasmrtc: { transport: 'tcp' } });  // error TS2322
pc.createDataChannel('chat').send(42);  // error TS2345
new RTCSessionDescription({ type: 'hello', sdp: '' });  // error TS2322
pc.createDataChannel('chat', { ordered: 'yes' });  // error TS2322
const state: 'open' = pc.connectionState;  // error TS2322
pc.addTrack();  // error TS2339
install(globalThis, { force: 'always' });  // error TS2322
pc.onicecandidate = (event) => event.candidate.address;  // error TS18047
new RTCPeerConnection({ wasmrtc: { relay: { username: 'u' } } });  // error TS2741
export { state };
