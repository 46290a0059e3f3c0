#include "sctp/tx/send_queue.h"

#include <algorithm>

#include "sctp/packet/data_chunk.h"

namespace wasmrtc::sctp {

bool SendQueue::add(Timestamp now, uint16_t stream_id, uint32_t ppid, bool unordered, Bytes data,
                    std::optional<int> max_retransmits, std::optional<Duration> max_lifetime) {
  if (total_ + data.size() > max_buffer_) return false;
  Stream& s = streams_[stream_id];
  Message m;
  m.ppid = ppid;
  m.unordered = unordered;
  m.id = next_message_id_++;
  m.max_retransmits = max_retransmits;
  if (max_lifetime) m.expiry = now + *max_lifetime;
  m.size = data.size();
  total_ += data.size();
  s.buffered += data.size();
  m.data = std::make_shared<const Bytes>(std::move(data));
  s.queue.push_back(std::move(m));
  return true;
}

int SendQueue::next_stream() const {
  if (current_stream_ >= 0) return current_stream_;
  // Round robin: the first stream after the last one served that has something to send.
  auto usable = [](const Stream& s) { return !s.paused && !s.queue.empty(); };
  auto it = last_stream_ < 0 ? streams_.begin() : streams_.upper_bound(static_cast<uint16_t>(last_stream_));
  for (auto i = it; i != streams_.end(); ++i)
    if (usable(i->second)) return i->first;
  for (auto i = streams_.begin(); i != it; ++i)
    if (usable(i->second)) return i->first;
  return -1;
}

void SendQueue::consumed(uint16_t id, Stream& s, size_t bytes) {
  size_t before = s.buffered;
  s.buffered -= bytes;
  total_ -= bytes;
  if (before > s.low_threshold && s.buffered <= s.low_threshold) low_events_.push_back(id);
}

std::optional<OutgoingFragment> SendQueue::produce(Timestamp now, size_t max_payload) {
  for (;;) {
    int id = next_stream();
    if (id < 0) return std::nullopt;
    Stream& s = streams_[static_cast<uint16_t>(id)];
    Message& m = s.queue.front();
    if (m.offset == 0 && m.expiry <= now) {
      // Expired before it was ever sent: no TSN or SSN spent on it (RFC 3758 §3.5).
      ++expired_;
      consumed(static_cast<uint16_t>(id), s, m.size);
      s.queue.pop_front();
      last_stream_ = id;
      continue;
    }
    OutgoingFragment f;
    f.stream_id = static_cast<uint16_t>(id);
    f.ppid = m.ppid;
    f.message_id = m.id;
    f.max_retransmits = m.max_retransmits;
    f.expiry = m.expiry;
    if (m.offset == 0) {
      f.flags |= kDataFlagBegin;
      if (!m.unordered) m.ssn = s.next_ssn++;
    }
    if (m.unordered) f.flags |= kDataFlagUnordered;
    f.ssn = m.unordered ? 0 : m.ssn;
    size_t n = std::min(max_payload, m.size - m.offset);
    f.payload = PayloadSlice{m.data, m.offset, n};
    m.offset += n;
    consumed(f.stream_id, s, n);
    if (m.offset >= m.size) {
      f.flags |= kDataFlagEnd;
      s.queue.pop_front();
      current_stream_ = -1;
      last_stream_ = id;
    } else {
      current_stream_ = id;
    }
    return f;
  }
}

void SendQueue::discard_rest(uint16_t stream_id, uint64_t message_id) {
  auto it = streams_.find(stream_id);
  if (it == streams_.end() || it->second.queue.empty()) return;
  Stream& s = it->second;
  Message& m = s.queue.front();
  if (m.id != message_id) return;
  consumed(stream_id, s, m.size - m.offset);
  s.queue.pop_front();
  if (current_stream_ == stream_id) current_stream_ = -1;
}

void SendQueue::pause(uint16_t stream_id) { streams_[stream_id].paused = true; }

void SendQueue::resume(uint16_t stream_id, bool reset_ssn) {
  Stream& s = streams_[stream_id];
  s.paused = false;
  if (reset_ssn) s.next_ssn = 0;
}

bool SendQueue::drained(uint16_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() || (it->second.queue.empty() && current_stream_ != stream_id);
}

size_t SendQueue::buffered_amount(uint16_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? 0 : it->second.buffered;
}

size_t SendQueue::low_threshold(uint16_t stream_id) const {
  auto it = streams_.find(stream_id);
  return it == streams_.end() ? 0 : it->second.low_threshold;
}

void SendQueue::set_low_threshold(uint16_t stream_id, size_t bytes) { streams_[stream_id].low_threshold = bytes; }

std::vector<uint16_t> SendQueue::take_low_events() {
  std::vector<uint16_t> out;
  out.swap(low_events_);
  return out;
}

}  // namespace wasmrtc::sctp
