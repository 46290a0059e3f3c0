#include "stun/channel_data.h"

namespace wasmrtc::stun {

std::string_view to_string(ChannelDataError error) {
  switch (error) {
    case ChannelDataError::kTooShort: return "too short";
    case ChannelDataError::kBadChannel: return "bad channel number";
    case ChannelDataError::kTrailingBytes: return "trailing bytes";
  }
  return "unknown";
}

bool is_channel_data(ByteView bytes) { return bytes.size() >= kChannelDataHeaderSize && (bytes[0] & 0xC0) == 0x40; }

Bytes encode_channel_data(uint16_t channel, ByteView data, bool pad) {
  Bytes out;
  out.reserve(kChannelDataHeaderSize + data.size() + 3);
  out.push_back(static_cast<uint8_t>(channel >> 8));
  out.push_back(static_cast<uint8_t>(channel));
  out.push_back(static_cast<uint8_t>(data.size() >> 8));
  out.push_back(static_cast<uint8_t>(data.size()));
  append_bytes(out, data);
  if (pad) out.resize((out.size() + 3) & ~size_t{3}, 0);
  return out;
}

std::optional<ChannelDataView> decode_channel_data(ByteView bytes, ChannelDataError* error) {
  auto fail = [error](ChannelDataError e) -> std::optional<ChannelDataView> {
    if (error) *error = e;
    return std::nullopt;
  };
  if (bytes.size() < kChannelDataHeaderSize) return fail(ChannelDataError::kTooShort);
  auto channel = static_cast<uint16_t>(bytes[0] << 8 | bytes[1]);
  if (!is_valid_channel(channel)) return fail(ChannelDataError::kBadChannel);
  size_t length = static_cast<size_t>(bytes[2] << 8 | bytes[3]);
  size_t available = bytes.size() - kChannelDataHeaderSize;
  // RFC 8656 §12.5: a message shorter than its length field is discarded.
  if (length > available) return fail(ChannelDataError::kTooShort);
  if (available - length > 3) return fail(ChannelDataError::kTrailingBytes);
  return ChannelDataView{channel, bytes.subspan(kChannelDataHeaderSize, length)};
}

}  // namespace wasmrtc::stun
