#include "dtls/dtls_record.h"

namespace wasmrtc::dtls {

std::optional<std::vector<RecordHeader>> parse_records(ByteView datagram) {
  std::vector<RecordHeader> records;
  size_t offset = 0;
  if (datagram.empty()) return std::nullopt;
  while (offset < datagram.size()) {
    if (datagram.size() - offset < kRecordHeaderSize) return std::nullopt;
    const uint8_t* p = datagram.data() + offset;
    RecordHeader h{};
    if (p[0] < 20 || p[0] > 25) return std::nullopt;
    h.type = static_cast<ContentType>(p[0]);
    h.version = static_cast<uint16_t>(p[1] << 8 | p[2]);
    // DTLS versions are the 1's complement of (major, minor): 1.0 = FEFF, 1.2 = FEFD.
    if (h.version != 0xFEFF && h.version != 0xFEFD) return std::nullopt;
    h.epoch = static_cast<uint16_t>(p[3] << 8 | p[4]);
    h.sequence = 0;
    for (int i = 5; i < 11; ++i) h.sequence = h.sequence << 8 | p[i];
    h.length = static_cast<uint16_t>(p[11] << 8 | p[12]);
    if (h.length > kMaxRecordLength) return std::nullopt;
    if (datagram.size() - offset - kRecordHeaderSize < h.length) return std::nullopt;
    offset += kRecordHeaderSize + h.length;
    records.push_back(h);
  }
  return records;
}

}  // namespace wasmrtc::dtls
