#include "sctp/rx/data_tracker.h"

#include "sctp/tsn.h"

namespace wasmrtc::sctp {

DataTracker::DataTracker(uint32_t peer_initial_tsn)
    // Unwrapped values start at 2^32 so that going below the initial TSN never underflows.
    : cumulative_((uint64_t{1} << 32) + peer_initial_tsn - 1) {}

uint64_t DataTracker::unwrap(uint32_t tsn) const { return unwrap_tsn(tsn, cumulative_); }

DataTracker::Verdict DataTracker::observe(uint32_t tsn, uint64_t* unwrapped) {
  uint64_t t = unwrap(tsn);
  if (t <= cumulative_) {
    if (duplicates_.size() < 256) duplicates_.push_back(tsn);
    return Verdict::kDuplicate;
  }
  if (t - cumulative_ > kWindow) return Verdict::kOutOfWindow;
  if (!above_.insert(t).second) {
    if (duplicates_.size() < 256) duplicates_.push_back(tsn);
    return Verdict::kDuplicate;
  }
  if (unwrapped) *unwrapped = t;
  advance();
  return Verdict::kNew;
}

bool DataTracker::forward_to(uint32_t new_cumulative) {
  uint64_t t = unwrap(new_cumulative);
  if (t <= cumulative_ || t - cumulative_ > kWindow) return false;
  cumulative_ = t;
  above_.erase(above_.begin(), above_.upper_bound(t));
  advance();
  return true;
}

void DataTracker::advance() {
  while (!above_.empty() && *above_.begin() == cumulative_ + 1) {
    cumulative_ = *above_.begin();
    above_.erase(above_.begin());
  }
}

SackChunk DataTracker::make_sack(uint32_t a_rwnd, size_t max_blocks, size_t max_dups) const {
  SackChunk s;
  s.cumulative_tsn_ack = cumulative_tsn();
  s.a_rwnd = a_rwnd;
  auto it = above_.begin();
  while (it != above_.end() && s.gap_blocks.size() < max_blocks) {
    uint64_t start = *it;
    uint64_t end = start;
    for (++it; it != above_.end() && *it == end + 1; ++it) end = *it;
    s.gap_blocks.push_back({static_cast<uint16_t>(start - cumulative_), static_cast<uint16_t>(end - cumulative_)});
  }
  size_t n = std::min(max_dups, duplicates_.size());
  s.duplicate_tsns.assign(duplicates_.begin(), duplicates_.begin() + static_cast<std::ptrdiff_t>(n));
  return s;
}

}  // namespace wasmrtc::sctp
