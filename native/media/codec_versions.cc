#include "media/codec_versions.h"

#include <openssl/crypto.h>
#include <opus.h>
#include <vpx/vp8cx.h>
#include <vpx/vpx_codec.h>
#include <vpx/vpx_encoder.h>

namespace wasmrtc::media {

LibraryVersions library_versions() {
  return LibraryVersions{
      OpenSSL_version(OPENSSL_VERSION),
      opus_get_version_string(),
      vpx_codec_version_str(),
  };
}

const char* vp8_encoder_name() { return vpx_codec_iface_name(vpx_codec_vp8_cx()); }

}  // namespace wasmrtc::media
