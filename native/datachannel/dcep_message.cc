#include "datachannel/dcep_message.h"

namespace wasmrtc::datachannel {
namespace {

// RFC 8832 §5.1: type, channel type, priority (2), reliability (4), label length (2), protocol length (2).
constexpr size_t kOpenHeaderSize = 12;

uint16_t read_u16(ByteView b, size_t at) { return static_cast<uint16_t>(b[at] << 8 | b[at + 1]); }

uint32_t read_u32(ByteView b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | static_cast<uint32_t>(b[at + 3]);
}

void write_u16(Bytes& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void write_u32(Bytes& out, uint32_t v) {
  write_u16(out, static_cast<uint16_t>(v >> 16));
  write_u16(out, static_cast<uint16_t>(v));
}

bool known_channel_type(uint8_t t) {
  switch (t) {
    case 0x00: case 0x80: case 0x01: case 0x81: case 0x02: case 0x82: return true;
    default: return false;
  }
}

Result<DcepMessage> parse_open(ByteView b) {
  if (b.size() < kOpenHeaderSize) {
    return make_error(ErrorCode::kInvalidArgument, "DATA_CHANNEL_OPEN shorter than its 12-byte header");
  }
  if (!known_channel_type(b[1])) {
    return make_error(ErrorCode::kInvalidArgument, "DATA_CHANNEL_OPEN with unknown channel type");
  }
  DcepOpen open;
  open.channel_type = static_cast<ChannelType>(b[1]);
  open.priority = read_u16(b, 2);
  open.reliability_parameter = read_u32(b, 4);
  const size_t label_length = read_u16(b, 8);
  const size_t protocol_length = read_u16(b, 10);
  if (b.size() - kOpenHeaderSize < label_length + protocol_length) {
    return make_error(ErrorCode::kInvalidArgument,
                      "DATA_CHANNEL_OPEN label and protocol lengths run past the end of the message");
  }
  const char* text = reinterpret_cast<const char*>(b.data() + kOpenHeaderSize);
  open.label.assign(text, label_length);
  open.protocol.assign(text + label_length, protocol_length);
  return DcepMessage(std::move(open));
}

}  // namespace

ChannelType channel_type_for(bool ordered, bool max_retransmits_set, bool max_packet_life_time_set) {
  uint8_t type = 0x00;
  if (max_retransmits_set) {
    type = 0x01;
  } else if (max_packet_life_time_set) {
    type = 0x02;
  }
  if (!ordered) type |= 0x80;
  return static_cast<ChannelType>(type);
}

Result<DcepMessage> parse_dcep_message(ByteView payload) {
  if (payload.empty()) return make_error(ErrorCode::kInvalidArgument, "empty DCEP message");
  switch (payload[0]) {
    case static_cast<uint8_t>(DcepMessageType::kOpen):
      return parse_open(payload);
    case static_cast<uint8_t>(DcepMessageType::kAck):
      return DcepMessage(DcepAck{});
    default:
      // RFC 8832 §8.2.1: 0x00, 0x01 and 0xff are reserved, 0x04-0xfe unassigned.
      return make_error(ErrorCode::kInvalidArgument,
                        "unknown DCEP message type 0x" + to_hex(payload.first(1)));
  }
}

Result<Bytes> serialize_dcep_open(const DcepOpen& open) {
  if (open.label.size() > 0xffff) {
    return make_error(ErrorCode::kInvalidArgument, "data channel label longer than 65535 bytes");
  }
  if (open.protocol.size() > 0xffff) {
    return make_error(ErrorCode::kInvalidArgument, "data channel protocol longer than 65535 bytes");
  }
  Bytes out;
  out.reserve(kOpenHeaderSize + open.label.size() + open.protocol.size());
  out.push_back(static_cast<uint8_t>(DcepMessageType::kOpen));
  out.push_back(static_cast<uint8_t>(open.channel_type));
  write_u16(out, open.priority);
  write_u32(out, open.reliability_parameter);
  write_u16(out, static_cast<uint16_t>(open.label.size()));
  write_u16(out, static_cast<uint16_t>(open.protocol.size()));
  out.insert(out.end(), open.label.begin(), open.label.end());
  out.insert(out.end(), open.protocol.begin(), open.protocol.end());
  return out;
}

Bytes serialize_dcep_ack() { return Bytes{static_cast<uint8_t>(DcepMessageType::kAck)}; }

}  // namespace wasmrtc::datachannel
