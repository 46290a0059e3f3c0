// Embind surface of the media layer; for now the linked library versions (diagnostics, and proof
// that OpenSSL, libopus and libvpx are linked into the wasm module).
#include <emscripten/bind.h>

#include "media/codec_versions.h"

namespace wasmrtc::bindings {
namespace {

emscripten::val library_versions() {
  auto v = media::library_versions();
  emscripten::val out = emscripten::val::object();
  out.set("openssl", v.openssl);
  out.set("opus", v.opus);
  out.set("vpx", v.vpx);
  return out;
}

}  // namespace

EMSCRIPTEN_BINDINGS(wasmrtc_media) { emscripten::function("libraryVersions", &library_versions); }

}  // namespace wasmrtc::bindings
