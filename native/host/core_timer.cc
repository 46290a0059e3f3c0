#include "host/core_timer.h"

#include "host/steady_clock.h"

namespace wasmrtc::host {

CoreTimer::CoreTimer(EventLoop& loop, Callback on_fire)
    : loop_(loop), timer_(loop.context()), on_fire_(std::move(on_fire)) {}

CoreTimer::~CoreTimer() {
  *alive_ = false;
  cancel();
}

void CoreTimer::arm(Timestamp deadline) {
  if (deadline == deadline_) return;
  cancel();
  deadline_ = deadline;
  if (deadline.is_infinite()) return;
  timer_.expires_at(to_time_point(deadline));
  std::weak_ptr<bool> alive = alive_;
  timer_.async_wait([this, alive, deadline](const boost::system::error_code& ec) {
    if (ec || alive.expired() || !*alive.lock() || deadline_ != deadline) return;
    deadline_ = Timestamp::infinite();
    on_fire_(loop_.now());
  });
}

void CoreTimer::cancel() {
  deadline_ = Timestamp::infinite();
  timer_.cancel();
}

}  // namespace wasmrtc::host
