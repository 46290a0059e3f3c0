// Turns received DATA fragments back into messages (RFC 9260 §6.5, §6.9): ordered messages in SSN
// order per stream, unordered ones as soon as complete. Fragments of one message carry
// consecutive TSNs, from the B fragment to the E fragment. FORWARD-TSN (RFC 3758) and incoming
// stream resets (RFC 6525 §5.2.2) adjust what each stream expects next.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <span>
#include <unordered_map>
#include <vector>

#include "common/bytes.h"
#include "sctp/packet/data_chunk.h"
#include "sctp/packet/forward_tsn_chunk.h"

namespace wasmrtc::sctp {

struct ReceivedMessage {
  uint16_t stream_id = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  Bytes data;
};

class ReassemblyQueue {
 public:
  explicit ReassemblyQueue(size_t max_message_size) : max_message_size_(max_message_size) {}

  // `tsn` is the unwrapped TSN (the data tracker said it is new).
  void add(uint64_t tsn, const DataChunkView& chunk);
  // Drops fragments at or below `new_cumulative_tsn` and skips the named ordered SSNs.
  void forward(uint64_t new_cumulative_tsn, std::span<const ForwardTsnChunk::Skipped> skipped);
  // The peer's SSNs for these streams (all if empty) start over at 0.
  void reset_streams(std::span<const uint16_t> streams);

  bool has_messages() const { return !ready_.empty(); }
  ReceivedMessage pop_message();
  // Payload bytes held: fragments waiting plus complete messages not yet drained.
  size_t buffered_bytes() const { return buffered_; }
  // Assembled messages larger than max_message_size, dropped.
  uint64_t dropped_too_large() const { return dropped_too_large_; }

 private:
  struct Fragment {
    uint16_t stream_id = 0;
    uint32_t ppid = 0;
    uint8_t flags = 0;
    Bytes payload;
  };
  using Fragments = std::map<uint64_t, Fragment>;  // by unwrapped TSN
  struct OrderedStream {
    uint16_t next_ssn = 0;
    std::map<uint16_t, Fragments> by_ssn;  // by SSN (looked up by exact value, so wrap is fine)
  };

  static bool complete(const Fragments& frags);
  void deliver(Fragments::iterator first, Fragments::iterator last_inclusive, Fragments& from, bool unordered);
  void try_deliver_ordered(uint16_t stream_id, OrderedStream& stream);
  void add_unordered(uint64_t tsn, Fragment fragment);

  size_t max_message_size_;
  size_t buffered_ = 0;
  uint64_t dropped_too_large_ = 0;
  Fragments unordered_;
  std::unordered_map<uint16_t, OrderedStream> ordered_;
  std::deque<ReceivedMessage> ready_;
};

}  // namespace wasmrtc::sctp
