// The native driver's clock: std::chrono::steady_clock as a core Timestamp (microseconds since the
// clock's epoch), and back, so a core's next_timeout() can arm an Asio timer directly.
#pragma once

#include <chrono>

#include "common/time.h"

namespace wasmrtc::host {

inline Timestamp to_timestamp(std::chrono::steady_clock::time_point t) {
  return Timestamp::from_micros(
      std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count());
}

inline std::chrono::steady_clock::time_point to_time_point(Timestamp t) {
  // infinite() maps to a far but representable point (a year ahead) so timers never overflow.
  auto now = std::chrono::steady_clock::now();
  if (t.is_infinite()) return now + std::chrono::hours(24 * 365);
  return std::chrono::steady_clock::time_point(std::chrono::microseconds(t.micros()));
}

inline Timestamp steady_now() { return to_timestamp(std::chrono::steady_clock::now()); }

}  // namespace wasmrtc::host
