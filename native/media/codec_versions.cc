#include "media/codec_versions.h"

#include <openssl/crypto.h>
#include <opus.h>
#include <vpx/vp8cx.h>
#include <vpx/vpx_codec.h>
#include <vpx/vpx_encoder.h>

namespace wasmrtc::media {

LibraryVersions library_versions() {
  // Touch the VP8 encoder interface too, so a libvpx built without VP8 fails to link here.
  const char* vp8 = vpx_codec_iface_name(vpx_codec_vp8_cx());
  return LibraryVersions{
      OpenSSL_version(OPENSSL_VERSION),
      opus_get_version_string(),
      std::string(vpx_codec_version_str()) + (vp8 ? "" : " (no VP8)"),
  };
}

}  // namespace wasmrtc::media
