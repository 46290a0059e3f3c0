// A named deadline with an expiration count, as data (dcsctp's timer/, without callbacks): the
// association asks each timer whether it expired at `now` and computes next_timeout() from all.
#pragma once

#include "common/time.h"

namespace wasmrtc::sctp {

class Timer {
 public:
  void start(Timestamp now, Duration duration) { deadline_ = now + duration; }
  void stop() {
    deadline_ = Timestamp::infinite();
    expirations_ = 0;
  }
  bool running() const { return !deadline_.is_infinite(); }
  // True once when the deadline passed; the timer then stops (restart it to keep it going) but
  // remembers how many times in a row it expired.
  bool expired(Timestamp now) {
    if (!running() || now < deadline_) return false;
    deadline_ = Timestamp::infinite();
    ++expirations_;
    return true;
  }
  Timestamp deadline() const { return deadline_; }
  int expirations() const { return expirations_; }

 private:
  Timestamp deadline_ = Timestamp::infinite();
  int expirations_ = 0;
};

}  // namespace wasmrtc::sctp
