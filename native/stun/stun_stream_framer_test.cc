#include "stun/stun_stream_framer.h"

#include <gtest/gtest.h>

#include "stun/channel_data.h"
#include "stun/stun_message.h"

namespace wasmrtc::stun {
namespace {

Bytes stream_of_three() {
  StunMessage m(StunClass::kRequest, StunMethod::kBinding, TransactionId{1, 2, 3});
  m.add_string(attr::kSoftware, "abc");
  Bytes a = m.encode();
  Bytes b = encode_channel_data(0x4000, Bytes{9, 9, 9, 9, 9}, /*pad=*/true);
  Bytes c = m.encode_with_fingerprint();
  Bytes all = a;
  all.insert(all.end(), b.begin(), b.end());
  all.insert(all.end(), c.begin(), c.end());
  return all;
}

TEST(StunStreamFramer, SplitsMessagesAcrossAnyChunking) {
  Bytes all = stream_of_three();
  for (size_t chunk : {1, 2, 3, 5, 7, 64, 1000}) {
    StunStreamFramer f;
    std::vector<Bytes> out;
    for (size_t i = 0; i < all.size(); i += chunk) {
      f.push(ByteView(all).subspan(i, std::min(chunk, all.size() - i)));
      while (auto m = f.next()) out.push_back(*m);
    }
    ASSERT_FALSE(f.failed());
    ASSERT_EQ(out.size(), 3u) << "chunk " << chunk;
    EXPECT_TRUE(StunMessage::decode(out[0]));
    auto cd = decode_channel_data(out[1]);
    ASSERT_TRUE(cd);
    EXPECT_EQ(cd->data.size(), 5u);
    EXPECT_EQ(out[1].size(), 12u);  // padding consumed with the message
    EXPECT_TRUE(StunMessage::decode(out[2])->verify_fingerprint());
    EXPECT_EQ(f.buffered(), 0u);
  }
}

TEST(StunStreamFramer, WaitsForTheWholeMessage) {
  Bytes all = stream_of_three();
  StunStreamFramer f;
  f.push(ByteView(all).first(10));
  EXPECT_FALSE(f.next());
  EXPECT_FALSE(f.failed());
  EXPECT_EQ(f.buffered(), 10u);
}

TEST(StunStreamFramer, GarbageFailsTheStreamForGood) {
  StunStreamFramer f;
  f.push(Bytes{0xC0, 0, 0, 0});
  EXPECT_FALSE(f.next());
  EXPECT_EQ(f.error(), StunStreamFramer::Error::kBadFirstByte);
  f.push(stream_of_three());
  EXPECT_FALSE(f.next());  // stays failed

  StunStreamFramer reserved;
  reserved.push(Bytes{0x5F, 0, 0, 0});
  EXPECT_FALSE(reserved.next());
  EXPECT_EQ(reserved.error(), StunStreamFramer::Error::kBadFirstByte);

  StunStreamFramer cookie;
  cookie.push(Bytes{0, 1, 0, 0, 1, 2, 3, 4});
  EXPECT_FALSE(cookie.next());
  EXPECT_EQ(cookie.error(), StunStreamFramer::Error::kBadMagicCookie);

  StunStreamFramer length;
  length.push(Bytes{0, 1, 0, 3});
  EXPECT_FALSE(length.next());
  EXPECT_EQ(length.error(), StunStreamFramer::Error::kBadLength);
}

}  // namespace
}  // namespace wasmrtc::stun
