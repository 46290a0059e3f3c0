// Retransmission timeout from RTT measurements (RFC 9260 §6.3.1, the RFC 6298 rules): SRTT and
// RTTVAR with alpha 1/8 and beta 1/4, clamped to [rto_min, rto_max]; backoff doubles it.
#pragma once

#include <algorithm>

#include "common/time.h"

namespace wasmrtc::sctp {

class RtoEstimator {
 public:
  RtoEstimator(Duration initial, Duration min, Duration max) : rto_(initial), min_(min), max_(max) {}

  void observe(Duration rtt) {
    if (rtt.count() < 0) return;
    if (!has_measurement_) {
      srtt_ = rtt;
      rttvar_ = rtt / 2;
      has_measurement_ = true;
    } else {
      Duration diff = srtt_ > rtt ? srtt_ - rtt : rtt - srtt_;
      rttvar_ = (rttvar_ * 3 + diff) / 4;
      srtt_ = (srtt_ * 7 + rtt) / 8;
    }
    // G, the clock granularity, is taken as 1 ms.
    Duration k = std::max<Duration>(4 * rttvar_, std::chrono::milliseconds(1));
    rto_ = std::clamp<Duration>(srtt_ + k, min_, max_);
  }
  // T3-rtx / T1 expiry (§6.3.3 E2): RTO = min(2 * RTO, RTO.max).
  void back_off() { rto_ = std::min<Duration>(rto_ * 2, max_); }

  Duration rto() const { return rto_; }
  Duration srtt() const { return srtt_; }

 private:
  Duration rto_, min_, max_;
  Duration srtt_{0}, rttvar_{0};
  bool has_measurement_ = false;
};

}  // namespace wasmrtc::sctp
