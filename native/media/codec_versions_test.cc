#include "media/codec_versions.h"

#include <gtest/gtest.h>

namespace wasmrtc::media {
namespace {

TEST(LibraryVersions, ReportsTheLinkedOpenSslOpusAndVpx) {
  auto v = library_versions();
  EXPECT_EQ(v.openssl.rfind("OpenSSL 3.", 0), 0u) << v.openssl;
  EXPECT_NE(v.opus.find("libopus 1."), std::string::npos) << v.opus;
  EXPECT_NE(v.vpx.find("1."), std::string::npos) << v.vpx;
  EXPECT_EQ(v.vpx.find("no VP8"), std::string::npos) << v.vpx;
}

}  // namespace
}  // namespace wasmrtc::media
