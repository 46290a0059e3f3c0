// libFuzzer: random packets into an established association. Two associations handshake in
// memory; then the input, split into packets, is given the right ports and verification tag and a
// valid checksum (so it gets past the cheap checks) and fed to one side, interleaved with timeouts
// and real traffic, packet by packet or in deferred batches. Nothing may crash, hang or trip a
// sanitizer.
#include <cstddef>
#include <cstdint>

#include "sctp/packet/byte_io.h"
#include "sctp/packet/sctp_packet.h"
#include "sctp/sctp_association.h"

using namespace wasmrtc;
using namespace wasmrtc::sctp;

namespace {

void exchange(SctpAssociation& a, SctpAssociation& z, Timestamp now, uint32_t* z_tag) {
  for (int round = 0; round < 8; ++round) {
    bool any = false;
    while (auto p = a.poll_transmit()) {
      if (p->size() >= 12 && z_tag) *z_tag = load32(p->data() + 4);
      z.handle_receive(now, *p);
      any = true;
    }
    while (auto p = z.poll_transmit()) {
      a.handle_receive(now, *p);
      any = true;
    }
    if (!any) break;
  }
  while (a.poll_event()) {
  }
  while (z.poll_event()) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  SeededRandom ra(1), rz(2);
  // With path MTU discovery on, as PeerConnection runs it on a direct path: probes, their
  // answers and black-hole fallbacks are part of what the input can drive.
  SctpOptions options;
  options.path_mtu_ceiling = 8192;
  SctpAssociation a(options, ra), z(options, rz);
  Timestamp now = Timestamp::from_millis(1000);
  uint32_t z_tag = 0;
  a.connect(now);
  exchange(a, z, now, &z_tag);
  if (a.state() != SctpState::kEstablished) return 0;
  Bytes msg(3000, 0x5a);
  a.send(now, 1, 53, msg);
  exchange(a, z, now, &z_tag);

  // Input format: [len_hi len_lo flags] [chunks...] repeated.
  size_t offset = 0;
  while (offset + 3 <= size) {
    size_t len = (size_t{data[offset]} << 8 | data[offset + 1]) % 1500;
    uint8_t flags = data[offset + 2];
    offset += 3;
    len = std::min(len, size - offset);
    PacketBuilder b(5000, 5000, (flags & 1) ? z_tag ^ 0x1 : z_tag, 4096);
    b.add(ByteView(data + offset, len));
    offset += len;
    Bytes packet = b.build(false);
    // Bit 6: the way PeerConnection feeds a receive batch (handle_receive_deferred); bit 7 then
    // leaves the flush to a later packet or timeout, as a batch that goes on would.
    if (flags & 0x40) {
      z.handle_receive_deferred(now, packet);
      if (!(flags & 0x80)) z.flush_received(now);
    } else {
      z.handle_receive(now, packet);
    }
    if (flags & 2) {
      now = now + std::chrono::milliseconds(flags * 7);
      z.handle_timeout(now);
      a.handle_timeout(now);
    }
    if (flags & 4) a.send(now, static_cast<uint16_t>(flags >> 3), 51, msg);
    if (flags & 8) {
      uint16_t s = flags >> 4;
      z.reset_streams(now, std::span<const uint16_t>(&s, 1));
    }
    exchange(a, z, now, nullptr);
  }
  return 0;
}
