#include "common/log.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wasmrtc::log {
namespace {

struct Captured {
  std::vector<std::pair<Layer, std::string>> lines;
};

class LogTest : public ::testing::Test {
 protected:
  void capture(uint32_t mask) {
    set_sink([this](Layer l, std::string_view m) { captured.lines.emplace_back(l, std::string(m)); }, mask);
  }
  void TearDown() override { set_sink(nullptr, 0); }
  Captured captured;
};

uint32_t bit(Layer l) { return 1u << static_cast<unsigned>(l); }

TEST(LogLayers, ParsesNamesCaseInsensitivelyAndReportsUnknownOnes) {
  auto s = parse_layers("ICE, dtls;sctp  bogus");
  EXPECT_EQ(s.mask, bit(Layer::kIce) | bit(Layer::kDtls) | bit(Layer::kSctp));
  ASSERT_EQ(s.unknown.size(), 1u);
  EXPECT_EQ(s.unknown[0], "bogus");
  EXPECT_EQ(parse_layers("").mask, 0u);
  EXPECT_EQ(parse_layers("all").mask, (1u << static_cast<unsigned>(Layer::kCount)) - 1);
  EXPECT_EQ(parse_layers("*").mask, parse_layers("all").mask);
  EXPECT_EQ(parse_layers("datachannel,peer").mask, bit(Layer::kDataChannel) | bit(Layer::kPeer));
  for (unsigned i = 0; i < static_cast<unsigned>(Layer::kCount); ++i) {
    EXPECT_EQ(parse_layers(layer_name(static_cast<Layer>(i))).mask, 1u << i);
  }
}

TEST_F(LogTest, SilentByDefaultAndNothingIsFormattedForALayerThatIsOff) {
  int evaluated = 0;
  auto costly = [&] { ++evaluated; return std::string("x"); };
  WASMRTC_LOG(kIce) << costly();
  EXPECT_EQ(evaluated, 0);
  capture(bit(Layer::kDtls));
  WASMRTC_LOG(kIce) << costly();
  EXPECT_EQ(evaluated, 0);
  EXPECT_TRUE(captured.lines.empty());
  WASMRTC_LOG(kDtls) << costly();
  EXPECT_EQ(evaluated, 1);
  ASSERT_EQ(captured.lines.size(), 1u);
  EXPECT_EQ(captured.lines[0].first, Layer::kDtls);
}

TEST_F(LogTest, LinesFormatStringsNumbersAndBooleans) {
  capture(bit(Layer::kSctp));
  WASMRTC_LOG(kSctp) << "tsn " << uint32_t{4294967295u} << ' ' << -12 << " ok " << true << " rto " << 1.5
                     << " " << std::string("end");
  ASSERT_EQ(captured.lines.size(), 1u);
  EXPECT_EQ(captured.lines[0].second, "tsn 4294967295 -12 ok true rto 1.5 end");
}

TEST_F(LogTest, AnEmptySinkSilencesEveryLayer) {
  set_sink(nullptr, 0xffffffffu);
  EXPECT_FALSE(enabled(Layer::kIce));
  WASMRTC_LOG(kIce) << "dropped";  // must not crash
}

TEST_F(LogTest, TheMacroIsOneStatementInsideAnIfElse) {
  capture(bit(Layer::kPeer));
  bool branch = false;
  if (branch)
    WASMRTC_LOG(kPeer) << "not this";
  else
    WASMRTC_LOG(kPeer) << "this";
  ASSERT_EQ(captured.lines.size(), 1u);
  EXPECT_EQ(captured.lines[0].second, "this");
}

}  // namespace
}  // namespace wasmrtc::log
