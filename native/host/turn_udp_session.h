// Drives a turn::TurnClient over a UdpSocket to one TURN server: sends its transmits, feeds it
// the server's datagrams (datagrams from anyone else are ignored and counted), fires its timer, and
// hands its events to a callback. The drain contract of the core is kept in pump().
#pragma once

#include <functional>
#include <memory>

#include "common/random.h"
#include "host/core_timer.h"
#include "host/udp_socket.h"
#include "turn/turn_client.h"

namespace wasmrtc::host {

class TurnUdpSession {
 public:
  using EventCallback = std::function<void(const turn::TurnEvent&)>;

  // Binds a socket at `bind` (e.g. 127.0.0.1:0).
  static Result<std::unique_ptr<TurnUdpSession>> open(EventLoop& loop, const SocketAddress& bind,
                                                      const SocketAddress& server, turn::TurnClientOptions options,
                                                      RandomSource& random, EventCallback on_event);

  turn::TurnClient& client() { return client_; }
  const SocketAddress& local_address() const { return socket_->local_address(); }
  uint64_t foreign_datagrams() const { return foreign_datagrams_; }

  // After any call on client(), pump() sends what it produced and re-arms its timer.
  void pump();

 private:
  TurnUdpSession(EventLoop& loop, const SocketAddress& server, turn::TurnClientOptions options, RandomSource& random,
                 EventCallback on_event);

  SocketAddress server_;
  turn::TurnClient client_;
  EventCallback on_event_;
  std::unique_ptr<UdpSocket> socket_;
  CoreTimer timer_;
  uint64_t foreign_datagrams_ = 0;
};

}  // namespace wasmrtc::host
