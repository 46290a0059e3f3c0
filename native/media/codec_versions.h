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

}  // namespace wasmrtc::media
