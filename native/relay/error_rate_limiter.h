// Error replies are rate limited per client IP (RFC 8656 §21 asks servers not to become
// amplifiers): each IP gets a token bucket; once it is empty, error responses to that IP are
// dropped and counted. Memory is bounded: full buckets are forgotten in sweeps, and the table never
// grows past `max_entries` (a flood of spoofed sources finds every new IP limited instead).
#pragma once

#include <unordered_map>

#include "common/socket_address.h"
#include "relay/token_bucket.h"

namespace wasmrtc::relay {

class ErrorRateLimiter {
 public:
  ErrorRateLimiter(double per_second, double burst, size_t max_entries = 100000)
      : rate_(per_second), burst_(burst), max_entries_(max_entries) {}

  bool allow(const IpAddress& ip, Timestamp now) {
    if (rate_ <= 0) return true;
    auto it = buckets_.find(ip);
    if (it == buckets_.end()) {
      // A full table is swept at most once a second, so a flood of new sources stays O(1) per packet.
      if (buckets_.size() >= max_entries_ && now >= next_sweep_) {
        sweep(now);
        next_sweep_ = now + std::chrono::seconds(1);
      }
      if (buckets_.size() >= max_entries_) return false;
      it = buckets_.emplace(ip, TokenBucket(rate_, burst_, now)).first;
    }
    return it->second.take(now);
  }
  // Forgets IPs whose bucket has refilled.
  void sweep(Timestamp now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) it = it->second.full(now) ? buckets_.erase(it) : std::next(it);
  }
  size_t size() const { return buckets_.size(); }

 private:
  double rate_;
  double burst_;
  size_t max_entries_;
  std::unordered_map<IpAddress, TokenBucket> buckets_;
  Timestamp next_sweep_;
};

}  // namespace wasmrtc::relay
