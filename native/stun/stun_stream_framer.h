// Splits a byte stream (TURN over TCP or TLS, RFC 8656 §3.1) into whole STUN and ChannelData
// messages. STUN is self-delimiting by its length field; ChannelData over a stream is padded to a
// multiple of 4 (§12.5). Anything else means the stream lost sync: the framer reports it once and
// stays failed (the driver closes the connection), it never guesses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/bytes.h"

namespace wasmrtc::stun {

class StunStreamFramer {
 public:
  // `max_channel`: the highest ChannelData channel accepted, 0x4FFF (RFC 8656 §12) by default; a
  // server that also serves RFC 5766 clients passes 0x7FFF.
  explicit StunStreamFramer(uint16_t max_channel = 0x4FFF) : max_channel_(max_channel) {}

  enum class Error {
    kNone,
    kBadFirstByte,    // first two bits 10 or 11, or a reserved channel 0x5000-0x7FFF
    kBadMagicCookie,  // a STUN header without the magic cookie
    kBadLength,       // a STUN length that is not a multiple of 4
  };

  // Appends bytes as they arrived (any chunking). Ignored once failed.
  void push(ByteView chunk);
  // The next whole message (STUN, or ChannelData including its padding), or nullopt when more
  // bytes are needed or the stream failed.
  std::optional<Bytes> next();

  bool failed() const { return error_ != Error::kNone; }
  Error error() const { return error_; }
  size_t buffered() const { return buffer_.size() - start_; }

 private:
  Bytes buffer_;
  size_t start_ = 0;  // consumed prefix, compacted lazily
  Error error_ = Error::kNone;
  uint16_t max_channel_;
};

}  // namespace wasmrtc::stun
