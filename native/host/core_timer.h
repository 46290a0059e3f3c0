// Fires a sans-IO core's handle_timeout at its next_timeout(): the driver re-arms it after every
// input it feeds the core. One pending deadline at a time; arming again replaces it.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <memory>

#include "common/time.h"
#include "host/event_loop.h"

namespace wasmrtc::host {

class CoreTimer {
 public:
  using Callback = std::function<void(Timestamp now)>;
  CoreTimer(EventLoop& loop, Callback on_fire);
  ~CoreTimer();

  // Fires at `deadline` (at once if already past); infinite() disarms.
  void arm(Timestamp deadline);
  void cancel();
  Timestamp deadline() const { return deadline_; }

 private:
  EventLoop& loop_;
  boost::asio::steady_timer timer_;
  Callback on_fire_;
  Timestamp deadline_ = Timestamp::infinite();
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wasmrtc::host
