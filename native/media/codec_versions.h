// The versions of the third-party libraries linked into this build; proves at run time (natively and
// in wasm) that OpenSSL, libopus and libvpx are really linked, and feeds diagnostics.
#pragma once

#include <string>

namespace wasmrtc::media {

struct LibraryVersions {
  std::string openssl;  // "OpenSSL 3.0.22 ..."
  std::string opus;     // "libopus 1.3.1"
  std::string vpx;      // "v1.12.0"
};

LibraryVersions library_versions();

// The name of libvpx's VP8 encoder interface, or null when libvpx was built without VP8. Apart
// from library_versions() on purpose: referencing the encoder links all of it (about 95 KB gzip
// in wasm), which the data-channel module the JS package ships does not need until media lands.
const char* vp8_encoder_name();

}  // namespace wasmrtc::media
