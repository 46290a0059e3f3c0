#include "stun/stun_message.h"

#include <gtest/gtest.h>

#include "common/random.h"
#include "stun/stun_integrity.h"

namespace wasmrtc::stun {
namespace {

TransactionId test_id() {
  SeededRandom random(7);
  return random_transaction_id(random);
}

StunMessage sample() {
  StunMessage m(StunClass::kRequest, StunMethod::kAllocate, test_id());
  m.add_string(attr::kUsername, "alice");
  m.add_u32(attr::kLifetime, 600);
  m.add(attr::kRequestedTransport, encode_requested_transport(kTransportUdp));
  m.add_flag(attr::kDontFragment);
  m.add_xor_address(attr::kXorPeerAddress, *SocketAddress::parse("[2001:db8::5]:9"));
  return m;
}

std::optional<StunParseError> decode_error(const Bytes& bytes) {
  StunParseError e{};
  if (StunMessage::decode(bytes, &e)) return std::nullopt;
  return e;
}

TEST(StunMessageType, InterleavesClassAndMethodBits) {
  // RFC 8489 §5: Binding request 0x0001, success 0x0101, error 0x0111, indication 0x0011.
  EXPECT_EQ(message_type(StunClass::kRequest, StunMethod::kBinding), 0x0001);
  EXPECT_EQ(message_type(StunClass::kSuccess, StunMethod::kBinding), 0x0101);
  EXPECT_EQ(message_type(StunClass::kError, StunMethod::kBinding), 0x0111);
  EXPECT_EQ(message_type(StunClass::kIndication, StunMethod::kSend), 0x0016);
  EXPECT_EQ(message_type(StunClass::kIndication, StunMethod::kData), 0x0017);
  EXPECT_EQ(message_type(StunClass::kError, StunMethod::kChannelBind), 0x0119);
  for (uint16_t m = 0; m < 0x1000; m += 0x3f) {
    for (int c = 0; c < 4; ++c) {
      uint16_t t = message_type(static_cast<StunClass>(c), static_cast<StunMethod>(m));
      EXPECT_EQ(static_cast<uint16_t>(method_of(t)), m);
      EXPECT_EQ(class_of(t), static_cast<StunClass>(c));
      EXPECT_EQ(t & 0xC000, 0);
    }
  }
}

TEST(StunMessage, RoundTripsEveryAttributeKind) {
  StunMessage m = sample();
  m.set_error_code(438, "Stale Nonce");
  m.add_unknown_attributes({0x0031, 0x0777});
  m.add_address(attr::kMappedAddress, *SocketAddress::parse("10.0.0.1:1234"));
  m.add_u64(attr::kIceControlling, 0x0123456789abcdefULL);
  Bytes bytes = m.encode();
  EXPECT_EQ(bytes.size() % 4, 0u);
  auto d = StunMessage::decode(bytes);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->method(), StunMethod::kAllocate);
  EXPECT_EQ(d->message_class(), StunClass::kRequest);
  EXPECT_EQ(d->transaction_id(), m.transaction_id());
  EXPECT_EQ(d->get_string(attr::kUsername), "alice");
  EXPECT_EQ(d->get_u32(attr::kLifetime), 600u);
  EXPECT_TRUE(d->has(attr::kDontFragment));
  EXPECT_EQ(decode_requested_transport(d->find(attr::kRequestedTransport)->value), kTransportUdp);
  EXPECT_EQ(d->get_xor_address(attr::kXorPeerAddress), SocketAddress::parse("[2001:db8::5]:9"));
  EXPECT_EQ(d->get_address(attr::kMappedAddress), SocketAddress::parse("10.0.0.1:1234"));
  ASSERT_TRUE(d->error_code());
  EXPECT_EQ(d->error_code()->code, 438);
  EXPECT_EQ(d->error_code()->reason, "Stale Nonce");
  EXPECT_EQ(d->unknown_attributes(), (std::vector<uint16_t>{0x0031, 0x0777}));
  EXPECT_EQ(d->get_u64(attr::kIceControlling), 0x0123456789abcdefULL);
  EXPECT_EQ(d->encode(), bytes);
  EXPECT_FALSE(d->has_integrity());
  EXPECT_FALSE(d->verify_integrity(short_term_key("x")));
  EXPECT_FALSE(d->verify_fingerprint());
}

TEST(StunMessage, IsStunQuickCheck) {
  Bytes b = sample().encode();
  EXPECT_TRUE(StunMessage::is_stun(b));
  EXPECT_FALSE(StunMessage::is_stun(ByteView(b).first(19)));
  Bytes c = b;
  c[0] |= 0x40;
  EXPECT_FALSE(StunMessage::is_stun(c));
  c = b;
  c[5] ^= 1;
  EXPECT_FALSE(StunMessage::is_stun(c));
}

TEST(StunMessageDecode, RejectsTruncatedHeader) {
  Bytes b = sample().encode();
  for (size_t n = 0; n < kHeaderSize; ++n)
    EXPECT_EQ(decode_error(Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n))), StunParseError::kTooShort);
}

TEST(StunMessageDecode, RejectsTopBits) {
  Bytes b = sample().encode();
  b[0] |= 0x80;
  EXPECT_EQ(decode_error(b), StunParseError::kNotStun);
}

TEST(StunMessageDecode, RejectsBadMagicCookie) {
  Bytes b = sample().encode();
  b[4] = 0;
  EXPECT_EQ(decode_error(b), StunParseError::kBadMagicCookie);
}

TEST(StunMessageDecode, RejectsLengthMismatches) {
  Bytes b = sample().encode();
  Bytes truncated(b.begin(), b.end() - 4);
  EXPECT_EQ(decode_error(truncated), StunParseError::kBadLength);
  Bytes longer = b;
  longer.insert(longer.end(), {0, 0, 0, 0});
  EXPECT_EQ(decode_error(longer), StunParseError::kBadLength);
  Bytes odd = b;
  odd[3] += 1;
  odd.push_back(0);
  EXPECT_EQ(decode_error(odd), StunParseError::kBadLength);
}

TEST(StunMessageDecode, RejectsAttributeOverrun) {
  StunMessage m(StunClass::kRequest, StunMethod::kBinding, test_id());
  m.add_string(attr::kUsername, "abcd");
  Bytes b = m.encode();
  b[kHeaderSize + 3] = 5;  // claims 5 bytes (8 padded) where 4 remain
  EXPECT_EQ(decode_error(b), StunParseError::kAttributeOverrun);
}

TEST(StunMessageDecode, RejectsBadIntegrityAndFingerprintLengths) {
  StunMessage m(StunClass::kRequest, StunMethod::kBinding, test_id());
  m.add(attr::kMessageIntegrity, Bytes(16, 1));
  EXPECT_EQ(decode_error(m.encode()), StunParseError::kBadIntegrityLength);
  StunMessage f(StunClass::kRequest, StunMethod::kBinding, test_id());
  f.add(attr::kFingerprint, Bytes(8, 1));
  EXPECT_EQ(decode_error(f.encode()), StunParseError::kBadFingerprintLength);
}

TEST(StunMessageDecode, RejectsAttributesAfterFingerprint) {
  Bytes b = sample().encode_with_fingerprint();
  // Append a SOFTWARE attribute after FINGERPRINT and fix the length.
  b.insert(b.end(), {0x80, 0x22, 0x00, 0x00});
  b[3] = static_cast<uint8_t>(b.size() - kHeaderSize);
  EXPECT_EQ(decode_error(b), StunParseError::kFingerprintNotLast);
}

TEST(StunMessageDecode, IgnoresAttributesAfterIntegrity) {
  Bytes key = short_term_key("pw");
  Bytes b = sample().encode_with_integrity(key, false);
  b.insert(b.end(), {0x80, 0x22, 0x00, 0x01, 'x', 0, 0, 0});
  b[3] = static_cast<uint8_t>(b.size() - kHeaderSize);
  auto m = StunMessage::decode(b);
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->has(attr::kSoftware));
  EXPECT_TRUE(m->verify_integrity(key));  // the MAC covers only what precedes it
}

TEST(StunMessage, MalformedTypedAttributesReadAsAbsent) {
  StunMessage m(StunClass::kSuccess, StunMethod::kBinding, test_id());
  m.add(attr::kXorMappedAddress, {0, 1, 2});                 // too short
  m.add(attr::kPriority, {1, 2, 3});                         // not 4 bytes
  m.add(attr::kIceControlled, {1});                          // not 8 bytes
  m.add(attr::kErrorCode, {0, 0, 2, 0});                     // class 2 is not an error
  m.add(attr::kUnknownAttributes, {1, 2, 3});                // odd length
  m.add(attr::kMappedAddress, {0, 3, 0, 1, 1, 2, 3, 4});     // family 3
  auto d = StunMessage::decode(m.encode());
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->get_xor_address(attr::kXorMappedAddress));
  EXPECT_FALSE(d->get_u32(attr::kPriority));
  EXPECT_FALSE(d->get_u64(attr::kIceControlled));
  EXPECT_FALSE(d->error_code());
  EXPECT_FALSE(d->unknown_attributes());
  EXPECT_FALSE(d->get_address(attr::kMappedAddress));
  EXPECT_FALSE(d->get_string(attr::kUsername));
}

TEST(StunMessage, ReportsUnknownComprehensionRequiredAttributes) {
  StunMessage m(StunClass::kRequest, StunMethod::kBinding, test_id());
  m.add_string(attr::kUsername, "a:b");
  m.add(0x0031, {1, 2, 3, 4});  // unknown, comprehension-required
  m.add(0xC057, {0, 0, 0, 1});  // unknown, comprehension-optional (GOOG-NETWORK-INFO)
  m.add(0x0031, {});            // duplicate: reported once
  m.add(0x7FFF, {});
  auto d = StunMessage::decode(m.encode());
  ASSERT_TRUE(d);
  EXPECT_EQ(d->unknown_comprehension_required(), (std::vector<uint16_t>{0x0031, 0x7FFF}));
}

TEST(StunMessageIntegrity, DetectsTampering) {
  Bytes key = long_term_key("alice", "wasmrtc.test", "secret");
  Bytes b = sample().encode_with_integrity(key);
  auto ok = StunMessage::decode(b);
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok->verify_integrity(key));
  EXPECT_TRUE(ok->verify_fingerprint());
  EXPECT_FALSE(ok->verify_integrity(long_term_key("alice", "wasmrtc.test", "secreT")));
  // Flip each byte before FINGERPRINT's value: integrity or fingerprint (or the decode) must fail.
  for (size_t i = 0; i < b.size(); ++i) {
    Bytes t = b;
    t[i] ^= 0x01;
    auto m = StunMessage::decode(t);
    if (!m) continue;
    EXPECT_FALSE(m->verify_integrity(key) && m->verify_fingerprint()) << "byte " << i;
    if (i < b.size() - 8) EXPECT_FALSE(m->verify_fingerprint()) << "byte " << i;
  }
}

TEST(StunMessageIntegrity, LongTermKeyIsMd5OfCredentials) {
  // MD5("user:realm:pass") = 8493fbc53ba582fb4c044c456bdc40eb (RFC 2617-style key, checked with md5sum).
  EXPECT_EQ(to_hex(long_term_key("user", "realm", "pass")), "8493fbc53ba582fb4c044c456bdc40eb");
}

TEST(StunMessageIntegrity, FingerprintWithoutIntegrity) {
  Bytes b = sample().encode_with_fingerprint();
  auto m = StunMessage::decode(b);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->verify_fingerprint());
  EXPECT_FALSE(m->has_integrity());
  b[b.size() - 1] ^= 0x80;
  EXPECT_FALSE(StunMessage::decode(b)->verify_fingerprint());
}

}  // namespace
}  // namespace wasmrtc::stun
