'use strict';
// wasmrtc's CommonJS entry: `const { RTCPeerConnection } = require('wasmrtc')`.
// It requires the ES module Node entry (js/node.js, no top-level await in its graph): Node >= 20.19
// and >= 22.12 load ES modules synchronously from require(), and require() and import then share one
// copy of the classes (no dual-package hazard: `instanceof` works across both).
try {
  module.exports = require('./node.js');
} catch (err) {
  if (err && err.code === 'ERR_REQUIRE_ESM') {
    throw new Error("wasmrtc: require('wasmrtc') needs Node >= 20.19 or >= 22.12 (require() of ES modules); " +
      "use `await import('wasmrtc')` on older versions", { cause: err });
  }
  throw err;
}
