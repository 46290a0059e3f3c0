// libFuzzer: the SCTP packet parser and every chunk parser behind it. Whatever parses must
// serialize again without trouble.
#include <cstddef>
#include <cstdint>

#include "sctp/packet/abort_chunk.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/forward_tsn_chunk.h"
#include "sctp/packet/heartbeat_chunk.h"
#include "sctp/packet/init_chunk.h"
#include "sctp/packet/reconfig_chunk.h"
#include "sctp/packet/sack_chunk.h"
#include "sctp/packet/sctp_packet.h"
#include "sctp/socket/state_cookie.h"

using namespace wasmrtc;
using namespace wasmrtc::sctp;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteView input(data, size);
  // Zero checksums accepted, so the fuzzer does not have to forge CRCs to reach the chunks.
  auto packet = parse_sctp_packet(input, true);
  if (!packet) return 0;
  for (const ChunkView& c : packet->chunks) {
    Bytes out;
    switch (c.type) {
      case kChunkData:
        if (auto d = DataChunkView::parse(c.flags, c.value)) d->append_to(out);
        break;
      case kChunkInit:
      case kChunkInitAck:
        if (auto i = InitChunk::parse(c.type == kChunkInitAck, c.value)) {
          i->append_to(out);
          StateCookie::parse(i->state_cookie, Bytes(32, 1), Timestamp::from_millis(0), std::chrono::seconds(60));
        }
        break;
      case kChunkSack:
        if (auto s = SackChunk::parse(c.value)) s->append_to(out);
        break;
      case kChunkHeartbeat:
      case kChunkHeartbeatAck:
        if (auto info = parse_heartbeat_info(c.value)) append_heartbeat(out, true, *info);
        break;
      case kChunkAbort:
      case kChunkError:
        (void)describe_error_causes(c.value);
        break;
      case kChunkForwardTsn:
        if (auto f = ForwardTsnChunk::parse(c.value)) f->append_to(out);
        break;
      case kChunkReconfig:
        if (auto r = ReconfigChunk::parse(c.value)) r->append_to(out);
        break;
      default:
        break;
    }
  }
  return 0;
}
