// TURN ChannelData messages (RFC 8656 §12.4): a 4-byte header (channel number, length) and the
// application data, the compact alternative to Send/Data indications once a channel is bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/bytes.h"

namespace wasmrtc::stun {

// RFC 8656 §12: the channel numbers a client may bind; 0x5000-0x7FFF are reserved.
inline constexpr uint16_t kMinChannel = 0x4000;
inline constexpr uint16_t kMaxChannel = 0x4FFF;
inline constexpr size_t kChannelDataHeaderSize = 4;

inline constexpr bool is_valid_channel(uint16_t channel) {
  return channel >= kMinChannel && channel <= kMaxChannel;
}

enum class ChannelDataError {
  kTooShort,        // fewer than 4 bytes, or fewer than the length field claims
  kBadChannel,      // not in 0x4000-0x4FFF
  kTrailingBytes,   // more than 3 bytes after the data (padding is at most 3)
};
std::string_view to_string(ChannelDataError error);

// A decoded ChannelData message; `data` points into the buffer given to decode().
struct ChannelDataView {
  uint16_t channel = 0;
  ByteView data;
};

// The first two bits 01 mark ChannelData (RFC 7983 demultiplexing puts it in 64-79).
bool is_channel_data(ByteView bytes);

// `pad` rounds the message up to a multiple of 4 bytes, which stream transports require
// (RFC 8656 §12.5); over UDP and WebSocket it is optional and left off.
Bytes encode_channel_data(uint16_t channel, ByteView data, bool pad = false);
// Accepts up to 3 bytes of padding after the data (any transport).
std::optional<ChannelDataView> decode_channel_data(ByteView bytes, ChannelDataError* error = nullptr);

}  // namespace wasmrtc::stun
