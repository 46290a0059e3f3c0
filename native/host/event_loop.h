// The native driver's single-threaded loop: one Asio io_context, the steady clock, and a bounded
// "run until" for tools and tests (never a plain sleep).
#pragma once

#include <boost/asio/io_context.hpp>
#include <functional>

#include "common/time.h"

namespace wasmrtc::host {

class EventLoop {
 public:
  boost::asio::io_context& context() { return context_; }
  Timestamp now() const;

  // Runs handlers until `done()` is true or `timeout` passes; returns done(). Checks `done` after
  // every slice of at most 10 ms, so it reacts promptly without spinning.
  bool run_until(const std::function<bool()>& done, Duration timeout);
  // Runs handlers for `duration` (e.g. to let a peer answer), then returns.
  void run_for(Duration duration);

 private:
  boost::asio::io_context context_;
};

}  // namespace wasmrtc::host
