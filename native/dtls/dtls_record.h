// The DTLS record layer framing (RFC 6347 §4.1), checked before a datagram reaches OpenSSL: a
// datagram must be a sequence of whole records, each with a known content type and a DTLS version.
// OpenSSL would drop most malformed records silently; checking here lets the transport count what
// it drops (and keeps obviously foreign datagrams away from the handshake state machine).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"

namespace wasmrtc::dtls {

enum class ContentType : uint8_t {
  kChangeCipherSpec = 20,
  kAlert = 21,
  kHandshake = 22,
  kApplicationData = 23,
  kHeartbeat = 24,  // RFC 6520; parsed so it can be counted, OpenSSL 3.0 ignores it
  kTls12Cid = 25,   // RFC 9146 connection id records; not negotiated by us, framed the same
};

constexpr size_t kRecordHeaderSize = 13;    // type(1) version(2) epoch(2) sequence(6) length(2)
constexpr size_t kMaxRecordLength = 18432;  // 2^14 + 2048: the largest ciphertext RFC 6347 allows

struct RecordHeader {
  ContentType type;
  uint16_t version;  // 0xFEFF (DTLS 1.0, in early ClientHellos) or 0xFEFD (DTLS 1.2)
  uint16_t epoch;
  uint64_t sequence;  // 48 bits
  uint16_t length;
};

// The records of one datagram, in order, or nullopt if any record is malformed: an unknown
// content type, a version that is not DTLS, a length past the datagram's end or above the limit,
// or trailing bytes shorter than a header.
std::optional<std::vector<RecordHeader>> parse_records(ByteView datagram);

}  // namespace wasmrtc::dtls
