#include "host/event_loop.h"

#include <algorithm>
#include <chrono>

#include "host/steady_clock.h"

namespace wasmrtc::host {

Timestamp EventLoop::now() const { return steady_now(); }

bool EventLoop::run_until(const std::function<bool()>& done, Duration timeout) {
  Timestamp deadline = now() + timeout;
  while (!done()) {
    Timestamp t = now();
    if (t >= deadline) return done();
    Duration slice = std::min<Duration>(deadline - t, std::chrono::milliseconds(10));
    context_.restart();
    context_.run_for(slice);
  }
  return true;
}

void EventLoop::run_for(Duration duration) {
  context_.restart();
  context_.run_for(duration);
}

}  // namespace wasmrtc::host
