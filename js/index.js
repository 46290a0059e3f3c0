// wasmrtc: the W3C WebRTC API over a WebRTC stack compiled to WebAssembly.
// The surface grows issue by issue; what is exported here is implemented and tested.
export { RTCCertificate, generateCertificate } from './src/rtc_certificate.js';
