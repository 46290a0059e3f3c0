// Messages waiting to be sent, one FIFO per stream, and the round-robin stream scheduler that
// picks the next fragment (RFC 8260-style round robin at message granularity: without I-DATA all
// fragments of a message must carry consecutive TSNs, so a stream keeps the turn until its current
// message is fully fragmented). Also tracks bufferedAmount per stream as the W3C spec defines it:
// bytes given to send() that have not yet been handed to the network for the first time.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "common/time.h"

namespace wasmrtc::sctp {

// A fragment's bytes: a range of its message, which all the message's fragments share until the
// last of them is acknowledged or abandoned (one allocation per message, not a copy per fragment).
struct PayloadSlice {
  std::shared_ptr<const Bytes> message;
  size_t offset = 0;
  size_t length = 0;
  size_t size() const { return length; }
  ByteView view() const { return message ? ByteView(*message).subspan(offset, length) : ByteView(); }
};

struct OutgoingFragment {
  uint16_t stream_id = 0;
  uint16_t ssn = 0;
  uint32_t ppid = 0;
  uint8_t flags = 0;  // B/E/U as in DATA
  PayloadSlice payload;
  uint64_t message_id = 0;
  std::optional<int> max_retransmits;
  Timestamp expiry = Timestamp::infinite();
};

class SendQueue {
 public:
  explicit SendQueue(size_t max_buffer) : max_buffer_(max_buffer) {}

  // False when the total would exceed max_buffer.
  bool add(Timestamp now, uint16_t stream_id, uint32_t ppid, bool unordered, Bytes data,
           std::optional<int> max_retransmits, std::optional<Duration> max_lifetime);

  // The next fragment of at most `max_payload` bytes, or nullopt. Messages whose lifetime passed
  // before their first fragment left are dropped (counted in expired()).
  std::optional<OutgoingFragment> produce(Timestamp now, size_t max_payload);
  bool empty() const { return total_ == 0 && current_stream_ < 0; }
  size_t total_buffered() const { return total_; }

  // PR-SCTP abandoned a partially sent message: drop what is left of it.
  void discard_rest(uint16_t stream_id, uint64_t message_id);

  // A paused stream finishes its current message, then sends nothing until resumed (stream reset).
  void pause(uint16_t stream_id);
  void resume(uint16_t stream_id, bool reset_ssn);
  // True when the stream has nothing queued and no message half sent.
  bool drained(uint16_t stream_id) const;

  size_t buffered_amount(uint16_t stream_id) const;
  size_t low_threshold(uint16_t stream_id) const;
  void set_low_threshold(uint16_t stream_id, size_t bytes);
  // Streams whose buffered amount fell to or below their threshold since the last call.
  std::vector<uint16_t> take_low_events();
  uint64_t expired() const { return expired_; }

 private:
  struct Message {
    uint32_t ppid = 0;
    bool unordered = false;
    std::shared_ptr<const Bytes> data;
    size_t size = 0;
    size_t offset = 0;
    uint16_t ssn = 0;
    uint64_t id = 0;
    std::optional<int> max_retransmits;
    Timestamp expiry = Timestamp::infinite();
  };
  struct Stream {
    std::deque<Message> queue;
    size_t buffered = 0;
    size_t low_threshold = 0;
    uint16_t next_ssn = 0;
    bool paused = false;
  };
  void consumed(uint16_t id, Stream& s, size_t bytes);
  int next_stream() const;

  size_t max_buffer_;
  size_t total_ = 0;
  uint64_t next_message_id_ = 1;
  uint64_t expired_ = 0;
  int current_stream_ = -1;  // stream whose message is half fragmented
  int last_stream_ = -1;     // for round robin
  std::map<uint16_t, Stream> streams_;
  std::vector<uint16_t> low_events_;
};

}  // namespace wasmrtc::sctp
