#include "common/bytes.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "common/time.h"

namespace wasmrtc {
namespace {

TEST(Hex, RoundTripsAndRejectsBadInput) {
  Bytes b;
  ASSERT_TRUE(from_hex("00ff0A", b));
  EXPECT_EQ(b, (Bytes{0x00, 0xff, 0x0a}));
  EXPECT_EQ(to_hex(b), "00ff0a");
  EXPECT_FALSE(from_hex("abc", b));
  EXPECT_TRUE(b.empty());
  EXPECT_FALSE(from_hex("zz", b));
}

TEST(Bytes, AppendBytesKeepsWhatWasThereAndAddsInOrder) {
  Bytes out{1, 2};
  out.reserve(3);  // the second append must grow past the reserved capacity
  const Bytes more{3, 4, 5};
  append_bytes(out, more);
  append_bytes(out, ByteView{});
  append_bytes(out, ByteView(more).subspan(1));
  EXPECT_EQ(out, (Bytes{1, 2, 3, 4, 5, 4, 5}));
  Bytes empty;
  append_bytes(empty, more);
  EXPECT_EQ(empty, more);
}

TEST(SeededRandom, IsDeterministicPerSeed) {
  SeededRandom a(7), b(7), c(8);
  EXPECT_EQ(a.next_u64(), b.next_u64());
  EXPECT_NE(a.next_u64(), c.next_u64());
}

TEST(Timestamp, ArithmeticAndInfinity) {
  auto t = Timestamp::from_millis(5);
  EXPECT_EQ((t + std::chrono::milliseconds(3)).millis(), 8);
  EXPECT_EQ(Timestamp::from_millis(8) - t, Duration(3000));
  EXPECT_TRUE((Timestamp::infinite() + Duration(1)).is_infinite());
  EXPECT_LT(t, Timestamp::infinite());
}

}  // namespace
}  // namespace wasmrtc
