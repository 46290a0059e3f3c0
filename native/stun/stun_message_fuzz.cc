// libFuzzer target: STUN decode, integrity/fingerprint verification and re-encode invariants.
#include <cstdlib>

#include "stun/stun_integrity.h"
#include "stun/stun_message.h"

using namespace wasmrtc;
using namespace wasmrtc::stun;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView input(data, size);
  bool quick = StunMessage::is_stun(input);
  StunParseError error{};
  auto m = StunMessage::decode(input, &error);
  if (!m) return 0;
  if (!quick) std::abort();  // whatever decodes must pass the quick check
  Bytes key = short_term_key("fuzz");
  (void)m->verify_integrity(key);
  (void)m->verify_fingerprint();
  (void)m->unknown_comprehension_required();
  // Typed getters on every attribute must not crash whatever the bytes.
  for (const auto& a : m->attributes()) {
    (void)decode_address(a.value);
    (void)decode_xor_address(a.value, m->transaction_id());
    (void)decode_error_code(a.value);
    (void)decode_unknown_attributes(a.value);
    (void)decode_u32(a.value);
    (void)decode_u64(a.value);
  }
  // Re-encoding what we decoded decodes again to the same attributes, and encoding is stable.
  Bytes again = m->encode();
  auto m2 = StunMessage::decode(again);
  if (!m2) std::abort();
  if (m2->attributes().size() != m->attributes().size() || m2->encode() != again) std::abort();
  if (m2->method() != m->method() || m2->message_class() != m->message_class()) std::abort();
  // Signing the re-encoded message (without its old MI/FINGERPRINT) must verify.
  StunMessage plain(m->message_class(), m->method(), m->transaction_id());
  for (const auto& a : m->attributes())
    if (a.type != attr::kMessageIntegrity && a.type != attr::kFingerprint &&
        a.type != attr::kMessageIntegritySha256)
      plain.add(a.type, a.value);
  Bytes signed_bytes = plain.encode_with_integrity(key);
  if (signed_bytes.size() <= 0xFFFF + kHeaderSize) {
    auto m3 = StunMessage::decode(signed_bytes);
    if (!m3 || !m3->verify_integrity(key) || !m3->verify_fingerprint()) std::abort();
  }
  return 0;
}
