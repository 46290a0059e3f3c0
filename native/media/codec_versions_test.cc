#include "media/codec_versions.h"

#include <gtest/gtest.h>

namespace wasmrtc::media {
namespace {

TEST(LibraryVersions, ReportsTheLinkedOpenSslOpusAndVpx) {
  auto v = library_versions();
  EXPECT_EQ(v.openssl.rfind("OpenSSL 3.", 0), 0u) << v.openssl;
  EXPECT_NE(v.opus.find("libopus 1."), std::string::npos) << v.opus;
  EXPECT_NE(v.vpx.find("1."), std::string::npos) << v.vpx;
}

TEST(LibraryVersions, LibvpxHasTheVp8Encoder) {
  const char* name = vp8_encoder_name();
  ASSERT_NE(name, nullptr);
  EXPECT_NE(std::string(name).find("VP8"), std::string::npos) << name;
}

}  // namespace
}  // namespace wasmrtc::media
