#include "sctp/rx/reassembly_queue.h"

namespace wasmrtc::sctp {

// Complete when the first fragment is B, the last is E and no TSN in between is missing.
bool ReassemblyQueue::complete(const Fragments& frags) {
  if (frags.empty()) return false;
  const auto& first = *frags.begin();
  const auto& last = *frags.rbegin();
  return (first.second.flags & kDataFlagBegin) && (last.second.flags & kDataFlagEnd) &&
         last.first - first.first + 1 == frags.size();
}
void ReassemblyQueue::add(uint64_t tsn, const DataChunkView& chunk) {
  Fragment f{chunk.stream_id, chunk.ppid, chunk.flags, Bytes(chunk.payload.begin(), chunk.payload.end())};
  buffered_ += f.payload.size();
  if (chunk.unordered()) {
    add_unordered(tsn, std::move(f));
    return;
  }
  OrderedStream& stream = ordered_[chunk.stream_id];
  // SSNs behind the expected one are old (a message already delivered or skipped): drop.
  if (static_cast<int16_t>(static_cast<uint16_t>(chunk.ssn - stream.next_ssn)) < 0) {
    buffered_ -= f.payload.size();
    return;
  }
  stream.by_ssn[chunk.ssn].emplace(tsn, std::move(f));
  if (chunk.ssn == stream.next_ssn) try_deliver_ordered(chunk.stream_id, stream);
}

void ReassemblyQueue::try_deliver_ordered(uint16_t stream_id, OrderedStream& stream) {
  for (;;) {
    auto it = stream.by_ssn.find(stream.next_ssn);
    if (it == stream.by_ssn.end()) return;
    Fragments& frags = it->second;
    if (!complete(frags)) return;
    deliver(frags.begin(), std::prev(frags.end()), frags, false);
    stream.by_ssn.erase(it);
    ++stream.next_ssn;
  }
}

void ReassemblyQueue::add_unordered(uint64_t tsn, Fragment fragment) {
  auto [it, inserted] = unordered_.emplace(tsn, std::move(fragment));
  if (!inserted) return;
  // Walk forward to the E fragment first: with in-order arrival this is one step, so the
  // backward walk (to B) only runs once a message can actually be complete.
  auto last = it;
  while (!(last->second.flags & kDataFlagEnd)) {
    auto next = std::next(last);
    if (next == unordered_.end() || next->first != last->first + 1) return;
    last = next;
  }
  auto first = it;
  while (!(first->second.flags & kDataFlagBegin)) {
    if (first == unordered_.begin()) return;
    auto prev = std::prev(first);
    if (prev->first + 1 != first->first) return;
    first = prev;
  }
  deliver(first, last, unordered_, true);
}

void ReassemblyQueue::deliver(Fragments::iterator first, Fragments::iterator last, Fragments& from,
                              bool unordered) {
  ReceivedMessage m;
  m.stream_id = first->second.stream_id;
  m.ppid = first->second.ppid;
  m.unordered = unordered;
  size_t total = 0;
  auto end = std::next(last);
  for (auto i = first; i != end; ++i) total += i->second.payload.size();
  if (total > max_message_size_) {
    ++dropped_too_large_;
    buffered_ -= total;
    from.erase(first, end);
    return;
  }
  if (first == last) {
    m.data = std::move(first->second.payload);
  } else {
    m.data.reserve(total);
    for (auto i = first; i != end; ++i) append_bytes(m.data, i->second.payload);
  }
  from.erase(first, end);
  ready_.push_back(std::move(m));
}

ReceivedMessage ReassemblyQueue::pop_message() {
  ReceivedMessage m = std::move(ready_.front());
  ready_.pop_front();
  buffered_ -= m.data.size();
  return m;
}

void ReassemblyQueue::forward(uint64_t new_cumulative_tsn,
                              std::span<const ForwardTsnChunk::Skipped> skipped) {
  auto drop_upto = [&](Fragments& frags) {
    auto end = frags.upper_bound(new_cumulative_tsn);
    for (auto i = frags.begin(); i != end; ++i) buffered_ -= i->second.payload.size();
    frags.erase(frags.begin(), end);
  };
  drop_upto(unordered_);
  for (const ForwardTsnChunk::Skipped& s : skipped) {
    OrderedStream& stream = ordered_[s.stream_id];
    if (static_cast<int16_t>(static_cast<uint16_t>(s.ssn - stream.next_ssn)) < 0) continue;
    // §3.6: messages up to the skipped SSN that did arrive whole are still delivered, in order;
    // the incomplete ones (their missing fragments were abandoned) are dropped.
    for (;;) {
      auto it = stream.by_ssn.find(stream.next_ssn);
      if (it != stream.by_ssn.end()) {
        Fragments& frags = it->second;
        if (complete(frags)) {
          deliver(frags.begin(), std::prev(frags.end()), frags, false);
        } else {
          for (auto& [t, f] : frags) buffered_ -= f.payload.size();
        }
        stream.by_ssn.erase(it);
      }
      bool last = stream.next_ssn == s.ssn;
      ++stream.next_ssn;
      if (last) break;
    }
    try_deliver_ordered(s.stream_id, stream);
  }
}

void ReassemblyQueue::reset_streams(std::span<const uint16_t> streams) {
  auto reset = [&](OrderedStream& stream) {
    for (auto& [ssn, frags] : stream.by_ssn)
      for (auto& [t, f] : frags) buffered_ -= f.payload.size();
    stream.by_ssn.clear();
    stream.next_ssn = 0;
  };
  if (streams.empty()) {
    for (auto& [id, stream] : ordered_) reset(stream);
    return;
  }
  for (uint16_t id : streams) {
    auto it = ordered_.find(id);
    if (it != ordered_.end()) reset(it->second);
  }
}

}  // namespace wasmrtc::sctp
