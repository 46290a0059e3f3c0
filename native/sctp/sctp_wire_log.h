// Test helper (used only by *_test.cc): every packet two SctpTestEndpoints exchange, with when and
// from whom, parsed enough to ask which chunks and flags it carried.
#pragma once

#include <functional>
#include <vector>

#include "sctp/packet/byte_io.h"
#include "sctp/packet/sctp_packet.h"
#include "testing/sim_link.h"

namespace wasmrtc::sctp {

struct WirePacket {
  Timestamp at;
  bool from_a = false;
  Bytes bytes;

  uint32_t checksum_field() const { return load32(bytes.data() + 8); }
  // Parsed as a receiver that accepts zero checksums would (the log only records valid packets).
  SctpPacket parsed() const { return *parse_sctp_packet(bytes, true); }
  bool has(uint8_t type) const {
    for (const ChunkView& c : parsed().chunks) {
      if (c.type == type) return true;
    }
    return false;
  }
  // Flags of the last chunk of this type, or -1.
  int last_flags(uint8_t type) const {
    int flags = -1;
    for (const ChunkView& c : parsed().chunks) {
      if (c.type == type) flags = c.flags;
    }
    return flags;
  }
};

// Installs itself as the pair's on_send hook; `drop`, if set, may drop a packet (return true).
struct WireLog {
  explicit WireLog(testing::SimLinkPair& net) : net_(net) {
    net.on_send = [this](bool from_a, Bytes& packet) {
      if (drop && drop(from_a, packet)) return false;
      if (packet.size() >= kCommonHeaderSize + kChunkHeaderSize) packets.push_back({net_.now(), from_a, packet});
      return true;
    };
  }
  std::vector<WirePacket> from(bool a, uint8_t chunk_type) const {
    std::vector<WirePacket> out;
    for (const WirePacket& p : packets) {
      if (p.from_a == a && p.has(chunk_type)) out.push_back(p);
    }
    return out;
  }

  std::function<bool(bool from_a, const Bytes& packet)> drop;
  std::vector<WirePacket> packets;

 private:
  testing::SimLinkPair& net_;
};

}  // namespace wasmrtc::sctp
