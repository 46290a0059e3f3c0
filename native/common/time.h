// Time is a value passed into the core, never read by it (docs/ARCHITECTURE.md). A Timestamp is a
// monotonic instant chosen by the driver (steady clock natively, performance.now() in JS, a
// virtual clock in tests); only differences between Timestamps mean anything.
#pragma once

#include <chrono>
#include <cstdint>

namespace wasmrtc {

using Duration = std::chrono::microseconds;

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp from_micros(int64_t us) { return Timestamp(us); }
  static constexpr Timestamp from_millis(int64_t ms) { return Timestamp(ms * 1000); }
  // A deadline that never comes: what next_timeout() returns when nothing is scheduled.
  static constexpr Timestamp infinite() { return Timestamp(INT64_MAX); }

  constexpr int64_t micros() const { return us_; }
  constexpr int64_t millis() const { return us_ / 1000; }
  constexpr bool is_infinite() const { return us_ == INT64_MAX; }

  constexpr Timestamp operator+(Duration d) const {
    return is_infinite() ? *this : Timestamp(us_ + d.count());
  }
  constexpr Timestamp operator-(Duration d) const { return Timestamp(us_ - d.count()); }
  constexpr Duration operator-(Timestamp other) const { return Duration(us_ - other.us_); }
  constexpr auto operator<=>(const Timestamp&) const = default;

 private:
  constexpr explicit Timestamp(int64_t us) : us_(us) {}
  int64_t us_ = 0;
};

}  // namespace wasmrtc
