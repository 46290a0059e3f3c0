#include "datachannel/dcep_message.h"

#include <gtest/gtest.h>

#include "datachannel/ppid.h"

namespace wasmrtc::datachannel {
namespace {

Bytes hex(std::string_view h) {
  Bytes out;
  EXPECT_TRUE(from_hex(h, out)) << h;
  return out;
}

// RFC 8832 §5.1 layout, written out by hand: type 0x03, channel type 0x00 (reliable), priority 256,
// reliability 0, label length 4, protocol length 4, "chat", "json".
TEST(DcepMessage, ParsesHandBuiltReliableOpen) {
  Bytes wire = hex("0300" "0100" "00000000" "0004" "0004" "63686174" "6a736f6e");
  auto parsed = parse_dcep_message(wire);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  const auto* open = std::get_if<DcepOpen>(&parsed.value());
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->channel_type, ChannelType::kReliable);
  EXPECT_EQ(open->priority, 256);
  EXPECT_EQ(open->reliability_parameter, 0u);
  EXPECT_EQ(open->label, "chat");
  EXPECT_EQ(open->protocol, "json");
}

TEST(DcepMessage, ParsesEveryChannelTypeAndReliabilityParameter) {
  struct Case {
    uint8_t byte;
    ChannelType type;
    bool ordered, rexmit, timed;
  } cases[] = {
      {0x00, ChannelType::kReliable, true, false, false},
      {0x80, ChannelType::kReliableUnordered, false, false, false},
      {0x01, ChannelType::kPartialReliableRexmit, true, true, false},
      {0x81, ChannelType::kPartialReliableRexmitUnordered, false, true, false},
      {0x02, ChannelType::kPartialReliableTimed, true, false, true},
      {0x82, ChannelType::kPartialReliableTimedUnordered, false, false, true},
  };
  for (const Case& c : cases) {
    Bytes wire = hex("0300" "0400" "0001e240" "0000" "0000");  // priority 1024, reliability 123456
    wire[1] = c.byte;
    auto parsed = parse_dcep_message(wire);
    ASSERT_TRUE(parsed.ok()) << int(c.byte);
    const auto& open = std::get<DcepOpen>(parsed.value());
    EXPECT_EQ(open.channel_type, c.type);
    EXPECT_EQ(open.priority, 1024);
    EXPECT_EQ(open.reliability_parameter, 123456u);
    EXPECT_TRUE(open.label.empty());
    EXPECT_TRUE(open.protocol.empty());
    EXPECT_EQ(is_ordered(c.type), c.ordered);
    EXPECT_EQ(is_rexmit(c.type), c.rexmit);
    EXPECT_EQ(is_timed(c.type), c.timed);
  }
}

TEST(DcepMessage, SerializesOpenToTheRfcLayout) {
  DcepOpen open;
  open.channel_type = ChannelType::kPartialReliableRexmitUnordered;
  open.priority = 512;
  open.reliability_parameter = 3;
  open.label = "a";
  open.protocol = "bc";
  auto wire = serialize_dcep_open(open);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(to_hex(wire.value()), "0381" "0200" "00000003" "0001" "0002" "61" "6263");
}

TEST(DcepMessage, OpenRoundTrips) {
  DcepOpen open;
  open.channel_type = ChannelType::kPartialReliableTimed;
  open.priority = 128;
  open.reliability_parameter = 0xfffffffe;
  open.label = std::string(300, 'x') + "\xc3\xa9";  // UTF-8 bytes pass through untouched
  open.protocol = "proto";
  auto wire = serialize_dcep_open(open);
  ASSERT_TRUE(wire.ok());
  auto parsed = parse_dcep_message(wire.value());
  ASSERT_TRUE(parsed.ok());
  const auto& back = std::get<DcepOpen>(parsed.value());
  EXPECT_EQ(back.channel_type, open.channel_type);
  EXPECT_EQ(back.priority, open.priority);
  EXPECT_EQ(back.reliability_parameter, open.reliability_parameter);
  EXPECT_EQ(back.label, open.label);
  EXPECT_EQ(back.protocol, open.protocol);
}

TEST(DcepMessage, MaximalLabelAndProtocolFit) {
  DcepOpen open;
  open.label = std::string(65535, 'l');
  open.protocol = std::string(65535, 'p');
  auto wire = serialize_dcep_open(open);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(wire.value().size(), 12u + 2 * 65535u);
  auto parsed = parse_dcep_message(wire.value());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(std::get<DcepOpen>(parsed.value()).protocol.size(), 65535u);
}

TEST(DcepMessage, RefusesToSerializeOverlongLabelOrProtocol) {
  DcepOpen open;
  open.label = std::string(65536, 'l');
  EXPECT_EQ(serialize_dcep_open(open).error().code, ErrorCode::kInvalidArgument);
  open.label = "ok";
  open.protocol = std::string(65536, 'p');
  EXPECT_EQ(serialize_dcep_open(open).error().code, ErrorCode::kInvalidArgument);
}

TEST(DcepMessage, AckIsOneByte) {
  EXPECT_EQ(to_hex(serialize_dcep_ack()), "02");
  auto parsed = parse_dcep_message(hex("02"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(std::holds_alternative<DcepAck>(parsed.value()));
}

TEST(DcepMessage, RejectsEmptyInput) {
  auto parsed = parse_dcep_message(ByteView{});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
}

TEST(DcepMessage, RejectsReservedAndUnassignedMessageTypes) {
  for (const char* type : {"00", "01", "04", "7f", "fe", "ff"}) {
    auto parsed = parse_dcep_message(hex(std::string(type) + "000000000000000000000000"));
    ASSERT_FALSE(parsed.ok()) << type;
    EXPECT_NE(parsed.error().message.find("unknown DCEP message type"), std::string::npos);
  }
}

TEST(DcepMessage, RejectsUnknownChannelTypes) {
  for (const char* type : {"03", "7f", "83", "ff", "40"}) {
    auto parsed = parse_dcep_message(hex(std::string("03") + type + "0000" "00000000" "0000" "0000"));
    ASSERT_FALSE(parsed.ok()) << type;
    EXPECT_NE(parsed.error().message.find("channel type"), std::string::npos);
  }
}

TEST(DcepMessage, RejectsEveryTruncationOfTheHeader) {
  Bytes wire = hex("0300" "0100" "00000000" "0000" "0000");
  for (size_t n = 1; n < wire.size(); ++n) {
    EXPECT_FALSE(parse_dcep_message(ByteView(wire).first(n)).ok()) << n;
  }
  EXPECT_TRUE(parse_dcep_message(wire).ok());
}

TEST(DcepMessage, RejectsLabelOrProtocolRunningPastTheEnd) {
  // Label length 5 with only 4 bytes present.
  EXPECT_FALSE(parse_dcep_message(hex("0300" "0000" "00000000" "0005" "0000" "61626364")).ok());
  // Label fits, protocol length 2 with 1 byte present.
  EXPECT_FALSE(parse_dcep_message(hex("0300" "0000" "00000000" "0001" "0002" "61" "62")).ok());
  // Both lengths 0xffff (their sum overflows 16 bits) on a short message.
  EXPECT_FALSE(parse_dcep_message(hex("0300" "0000" "00000000" "ffff" "ffff" "6162")).ok());
}

TEST(DcepMessage, ToleratesTrailingBytes) {
  auto parsed = parse_dcep_message(hex("0300" "0000" "00000000" "0001" "0000" "61" "ffff"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(std::get<DcepOpen>(parsed.value()).label, "a");
  EXPECT_TRUE(parse_dcep_message(hex("0200")).ok());
}

TEST(DcepMessage, ChannelTypeForW3cOptions) {
  EXPECT_EQ(channel_type_for(true, false, false), ChannelType::kReliable);
  EXPECT_EQ(channel_type_for(false, false, false), ChannelType::kReliableUnordered);
  EXPECT_EQ(channel_type_for(true, true, false), ChannelType::kPartialReliableRexmit);
  EXPECT_EQ(channel_type_for(false, true, false), ChannelType::kPartialReliableRexmitUnordered);
  EXPECT_EQ(channel_type_for(true, false, true), ChannelType::kPartialReliableTimed);
  EXPECT_EQ(channel_type_for(false, false, true), ChannelType::kPartialReliableTimedUnordered);
}

// RFC 8831 §8 and RFC 8832 §8.1 assign these numbers; interop depends on them exactly.
TEST(Ppid, ValuesFromTheRfcs) {
  EXPECT_EQ(to_u32(Ppid::kDcep), 50u);
  EXPECT_EQ(to_u32(Ppid::kString), 51u);
  EXPECT_EQ(to_u32(Ppid::kBinaryPartial), 52u);
  EXPECT_EQ(to_u32(Ppid::kBinary), 53u);
  EXPECT_EQ(to_u32(Ppid::kStringPartial), 54u);
  EXPECT_EQ(to_u32(Ppid::kStringEmpty), 56u);
  EXPECT_EQ(to_u32(Ppid::kBinaryEmpty), 57u);
}

}  // namespace
}  // namespace wasmrtc::datachannel
