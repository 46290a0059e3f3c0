#include "stun/stun_stream_framer.h"

#include "stun/channel_data.h"
#include "stun/stun_types.h"

namespace wasmrtc::stun {

void StunStreamFramer::push(ByteView chunk) {
  if (failed()) return;
  // Compact before growing so a long-lived connection does not keep consumed bytes.
  if (start_ > 0 && start_ * 2 >= buffer_.size()) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  append_bytes(buffer_, chunk);
}

std::optional<Bytes> StunStreamFramer::next() {
  if (failed()) return std::nullopt;
  size_t available = buffer_.size() - start_;
  if (available < 4) return std::nullopt;
  const uint8_t* p = buffer_.data() + start_;
  size_t length = static_cast<size_t>(p[2] << 8 | p[3]);
  size_t total = 0;
  if ((p[0] & 0xC0) == 0) {
    // STUN: check what the first bytes allow us to check before waiting for the rest.
    if (length % 4 != 0) {
      error_ = Error::kBadLength;
      return std::nullopt;
    }
    if (available >= 8) {
      uint32_t cookie = uint32_t{p[4]} << 24 | uint32_t{p[5]} << 16 | uint32_t{p[6]} << 8 | p[7];
      if (cookie != kMagicCookie) {
        error_ = Error::kBadMagicCookie;
        return std::nullopt;
      }
    }
    total = kHeaderSize + length;
  } else if (p[0] >= (kMinChannel >> 8) && p[0] <= (max_channel_ >> 8)) {
    total = (kChannelDataHeaderSize + length + 3) & ~size_t{3};
  } else {
    error_ = Error::kBadFirstByte;
    return std::nullopt;
  }
  if (available < total) return std::nullopt;
  Bytes out(p, p + total);
  start_ += total;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  return out;
}

}  // namespace wasmrtc::stun
