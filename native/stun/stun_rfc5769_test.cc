// The worked examples of RFC 5769 ("Test Vectors for STUN"), byte for byte.
#include <gtest/gtest.h>

#include "stun/stun_integrity.h"
#include "stun/stun_message.h"

namespace wasmrtc::stun {
namespace {

Bytes hex(std::string_view text) {
  std::string compact;
  for (char c : text)
    if (c != ' ' && c != '\n') compact.push_back(c);
  Bytes out;
  EXPECT_TRUE(from_hex(compact, out));
  return out;
}

// RFC 5769 §2.1: a Binding request with short-term credentials (note the SOFTWARE padding is
// spaces, which a decoder must ignore).
const Bytes kSampleRequest = hex(
    "000100582112a442b7e7a701bc34d686fa87dfae"
    "802200105354554e207465737420636c69656e74"
    "002400046e0001ff"
    "80290008932ff9b151263b36"
    "000600096576746a3a68367659202020"
    "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"
    "80280004e57a3bcf");

const Bytes kIpv4Response = hex(
    "0101003c2112a442b7e7a701bc34d686fa87dfae"
    "8022000b7465737420766563746f7220"
    "002000080001a147e112a643"
    "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7"
    "80280004c07d4c96");

const Bytes kIpv6Response = hex(
    "010100482112a442b7e7a701bc34d686fa87dfae"
    "8022000b7465737420766563746f7220"
    "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d9"
    "00080014a382954e4be67bf11784c97c8292c275bfe3ed41"
    "80280004c8fb0b4c");

const Bytes kLongTermRequest = hex(
    "000100602112a44278ad3433c6ad72c029da412e"
    "00060012e3839ee38388e383aae38383e382afe382b90000"
    "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473 41"
    "0014000b6578616d706c652e6f726700"
    "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666");

const TransactionId kId{0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

TEST(Rfc5769, SampleRequest) {
  StunParseError error{};
  auto m = StunMessage::decode(kSampleRequest, &error);
  ASSERT_TRUE(m) << to_string(error);
  EXPECT_EQ(m->message_class(), StunClass::kRequest);
  EXPECT_EQ(m->method(), StunMethod::kBinding);
  EXPECT_EQ(m->transaction_id(), kId);
  EXPECT_EQ(m->get_string(attr::kSoftware), "STUN test client");
  EXPECT_EQ(m->get_u32(attr::kPriority), 0x6e0001ffu);
  EXPECT_EQ(m->get_u64(attr::kIceControlled), 0x932ff9b151263b36u);
  EXPECT_EQ(m->get_string(attr::kUsername), "evtj:h6vY");
  EXPECT_TRUE(m->verify_integrity(short_term_key("VOkJxbRl1RmTxUk/WvJxBt")));
  EXPECT_FALSE(m->verify_integrity(short_term_key("VOkJxbRl1RmTxUk/WvJxBu")));
  EXPECT_TRUE(m->verify_fingerprint());
  EXPECT_TRUE(m->unknown_comprehension_required().empty());
}

TEST(Rfc5769, SampleRequestReencodesWithSameIntegrity) {
  // Our encoder pads with zeros instead of spaces, so bytes differ, but a re-encoded message with
  // the same attributes must verify under the same key.
  auto m = StunMessage::decode(kSampleRequest);
  ASSERT_TRUE(m);
  StunMessage copy(m->message_class(), m->method(), m->transaction_id());
  for (const auto& a : m->attributes())
    if (a.type != attr::kMessageIntegrity && a.type != attr::kFingerprint) copy.add(a.type, a.value);
  Bytes key = short_term_key("VOkJxbRl1RmTxUk/WvJxBt");
  auto again = StunMessage::decode(copy.encode_with_integrity(key));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->verify_integrity(key));
  EXPECT_TRUE(again->verify_fingerprint());
  EXPECT_EQ(again->raw().size(), kSampleRequest.size());
}

TEST(Rfc5769, Ipv4Response) {
  auto m = StunMessage::decode(kIpv4Response);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->message_class(), StunClass::kSuccess);
  EXPECT_EQ(m->method(), StunMethod::kBinding);
  EXPECT_EQ(m->get_string(attr::kSoftware), "test vector");
  EXPECT_EQ(m->get_xor_address(attr::kXorMappedAddress), SocketAddress::parse("192.0.2.1:32853"));
  EXPECT_TRUE(m->verify_integrity(short_term_key("VOkJxbRl1RmTxUk/WvJxBt")));
  EXPECT_TRUE(m->verify_fingerprint());
}

TEST(Rfc5769, Ipv4ResponseEncodesByteForByte) {
  // The RFC pads SOFTWARE "test vector" with a space (0x20) where we write a zero; everything up to
  // MESSAGE-INTEGRITY must match once that byte is equalised.
  StunMessage m(StunClass::kSuccess, StunMethod::kBinding, kId);
  m.add_string(attr::kSoftware, "test vector");
  m.add_xor_address(attr::kXorMappedAddress, *SocketAddress::parse("192.0.2.1:32853"));
  Bytes ours = m.encode_with_integrity(short_term_key("VOkJxbRl1RmTxUk/WvJxBt"));
  ASSERT_EQ(ours.size(), kIpv4Response.size());
  Bytes theirs = kIpv4Response;
  theirs[20 + 4 + 11] = 0;  // the padding byte
  // MESSAGE-INTEGRITY and FINGERPRINT cover the padding byte, so they differ by design.
  EXPECT_EQ(Bytes(ours.begin(), ours.begin() + 48), Bytes(theirs.begin(), theirs.begin() + 48));
}

TEST(Rfc5769, Ipv6Response) {
  auto m = StunMessage::decode(kIpv6Response);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->get_xor_address(attr::kXorMappedAddress),
            SocketAddress::parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853"));
  EXPECT_TRUE(m->verify_integrity(short_term_key("VOkJxbRl1RmTxUk/WvJxBt")));
  EXPECT_TRUE(m->verify_fingerprint());
  // And the address encodes back to the same attribute value.
  StunMessage out(StunClass::kSuccess, StunMethod::kBinding, kId);
  out.add_xor_address(attr::kXorMappedAddress, *m->get_xor_address(attr::kXorMappedAddress));
  EXPECT_EQ(out.attributes()[0].value, m->find(attr::kXorMappedAddress)->value);
}

TEST(Rfc5769, LongTermCredentialRequest) {
  auto m = StunMessage::decode(kLongTermRequest);
  ASSERT_TRUE(m);
  // Username U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 as UTF-8; the password after SASLprep is
  // "TheMatrIX" (RFC 5769 §2.4; the RFC's original password maps to it).
  std::string username = "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9";
  EXPECT_EQ(m->get_string(attr::kUsername), username);
  EXPECT_EQ(m->get_string(attr::kNonce), "f//499k954d6OL34oL9FSTvy64sA");
  EXPECT_EQ(m->get_string(attr::kRealm), "example.org");
  EXPECT_TRUE(m->verify_integrity(long_term_key(username, "example.org", "TheMatrIX")));
  EXPECT_FALSE(m->verify_integrity(long_term_key(username, "example.org", "TheMatrix")));
  EXPECT_FALSE(m->has_fingerprint());
}

}  // namespace
}  // namespace wasmrtc::stun
