#include "sctp/socket/state_cookie.h"

#include "crypto/digest.h"
#include "sctp/packet/byte_io.h"

namespace wasmrtc::sctp {
namespace {

constexpr uint32_t kMagic = 0x77727463;  // "wrtc": guards against cookies of another version
constexpr size_t kBodySize = 4 + 8 + 4 * 5 + 2 * 2 + 1;
constexpr size_t kMacSize = 32;

}  // namespace

Bytes StateCookie::serialize(ByteView secret) const {
  Bytes out;
  out.reserve(kBodySize + kMacSize);
  put32(out, kMagic);
  put32(out, static_cast<uint32_t>(static_cast<uint64_t>(created_us) >> 32));
  put32(out, static_cast<uint32_t>(created_us));
  put32(out, my_tag);
  put32(out, peer_tag);
  put32(out, my_initial_tsn);
  put32(out, peer_initial_tsn);
  put32(out, peer_a_rwnd);
  put16(out, peer_outbound_streams);
  put16(out, peer_inbound_streams);
  put8(out, static_cast<uint8_t>((peer_forward_tsn ? 1 : 0) | (peer_reconfig ? 2 : 0) | (peer_zero_checksum ? 4 : 0)));
  auto mac = crypto::hmac_sha256(secret, out);
  out.insert(out.end(), mac.begin(), mac.end());
  return out;
}

std::optional<StateCookie> StateCookie::parse(ByteView data, ByteView secret, Timestamp now,
                                              Duration lifetime, Error* error) {
  auto fail = [&](Error e) -> std::optional<StateCookie> {
    if (error) *error = e;
    return std::nullopt;
  };
  if (data.size() != kBodySize + kMacSize || load32(data.data()) != kMagic) return fail(Error::kMalformed);
  auto mac = crypto::hmac_sha256(secret, data.first(kBodySize));
  if (!crypto::constant_time_equal(mac, data.subspan(kBodySize))) return fail(Error::kBadSignature);
  const uint8_t* p = data.data() + 4;
  StateCookie c;
  c.created_us = static_cast<int64_t>(uint64_t{load32(p)} << 32 | load32(p + 4));
  c.my_tag = load32(p + 8);
  c.peer_tag = load32(p + 12);
  c.my_initial_tsn = load32(p + 16);
  c.peer_initial_tsn = load32(p + 20);
  c.peer_a_rwnd = load32(p + 24);
  c.peer_outbound_streams = load16(p + 28);
  c.peer_inbound_streams = load16(p + 30);
  uint8_t flags = p[32];
  c.peer_forward_tsn = flags & 1;
  c.peer_reconfig = flags & 2;
  c.peer_zero_checksum = flags & 4;
  Duration age = now - Timestamp::from_micros(c.created_us);
  if (age > lifetime || age.count() < 0) return fail(Error::kStale);
  return c;
}

}  // namespace wasmrtc::sctp
