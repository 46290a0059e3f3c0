// ICE server URLs for the JS layer: RTCConfiguration.iceServers are validated by the core's one
// parser (native/ice/ice_server_url.h, RFC 7064/7065 and webrtc-pc "validate an ICE server"), and
// TURN over TCP/TLS is framed by the core's StunStreamFramer (RFC 8656 §12.5) rather than by a
// second framer written in JS.
#include <emscripten/bind.h>

#include <optional>
#include <string>

#include "bytes.h"
#include "errors.h"
#include "ice/ice_server_url.h"
#include "stun/stun_stream_framer.h"

namespace wasmrtc::bindings {
namespace {

using emscripten::val;

std::optional<std::string> optional_string(const val& v) {
  if (v.isUndefined() || v.isNull()) return std::nullopt;
  return v.as<std::string>();
}

const char* scheme_name(ice::IceServerScheme scheme) {
  switch (scheme) {
    case ice::IceServerScheme::kStun: return "stun";
    case ice::IceServerScheme::kStuns: return "stuns";
    case ice::IceServerScheme::kTurn: return "turn";
    case ice::IceServerScheme::kTurns: return "turns";
  }
  return "stun";
}

// {scheme, host, ip (string | null), port, transport: 'udp' | 'tcp', secure} or {error}.
// username/credential: a string, or null/undefined when the RTCIceServer has none.
val validate_ice_server_url(const std::string& url, const val& username, const val& credential) {
  auto parsed = ice::validate_ice_server_url(url, optional_string(username), optional_string(credential));
  if (!parsed.ok()) return error_to_js(parsed.error());
  const ice::IceServerUrl& u = parsed.value();
  val out = val::object();
  out.set("scheme", std::string(scheme_name(u.scheme)));
  out.set("host", u.host);
  out.set("ip", u.ip ? val(u.ip->to_string()) : val::null());
  out.set("port", u.port);
  out.set("transport", std::string(u.transport == ice::TransportProtocol::kTcp ? "tcp" : "udp"));
  out.set("secure", u.is_secure());
  return out;
}

// One TCP/TLS connection's receive side: bytes in as they arrive, whole TURN messages out.
class StreamFramerHandle {
 public:
  // Returns an array of Uint8Array messages, or null once the stream is broken (the driver then
  // closes the connection: a byte stream that lost framing cannot be resynchronised).
  val push(const val& chunk) {
    framer_.push(bytes_from_js(chunk));
    if (framer_.failed()) return val::null();
    val out = val::array();
    unsigned i = 0;
    while (auto message = framer_.next()) out.set(i++, bytes_to_js(*message));
    return out;
  }

 private:
  stun::StunStreamFramer framer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(wasmrtc_ice_servers) {
  emscripten::function("validateIceServerUrl", &validate_ice_server_url);
  emscripten::class_<StreamFramerHandle>("StreamFramerHandle")
      .constructor<>()
      .function("push", &StreamFramerHandle::push);
}

}  // namespace wasmrtc::bindings
