// A token bucket on the core's clock: `rate` tokens per second, at most `burst` banked. Used for
// rate-limited error replies (per client IP) and the per-allocation bandwidth cap (bytes).
#pragma once

#include <algorithm>
#include <cstdint>

#include "common/time.h"

namespace wasmrtc::relay {

class TokenBucket {
 public:
  TokenBucket() = default;
  TokenBucket(double rate, double burst, Timestamp now) : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

  // Takes `cost` tokens if there are that many; a rate of 0 means unlimited.
  bool take(Timestamp now, double cost = 1) {
    if (rate_ <= 0) return true;
    refill(now);
    if (tokens_ < cost) return false;
    tokens_ -= cost;
    return true;
  }
  // True when the bucket is full again (nothing to remember about this key).
  bool full(Timestamp now) {
    refill(now);
    return tokens_ >= burst_;
  }

 private:
  void refill(Timestamp now) {
    if (now > last_) {
      tokens_ = std::min(burst_, tokens_ + rate_ * static_cast<double>((now - last_).count()) / 1e6);
      last_ = now;
    }
  }
  double rate_ = 0;
  double burst_ = 0;
  double tokens_ = 0;
  Timestamp last_;
};

}  // namespace wasmrtc::relay
