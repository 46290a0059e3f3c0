// Drives a turn::TurnClient over a TCP connection to its server (RFC 8656 §3.1: TURN over a
// stream): outgoing messages are written in order, incoming bytes go through a
// stun::StunStreamFramer; a stream that loses sync closes the connection and fails the session.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <deque>
#include <functional>
#include <memory>

#include "common/random.h"
#include "host/core_timer.h"
#include "host/event_loop.h"
#include "stun/stun_stream_framer.h"
#include "turn/turn_client.h"

namespace wasmrtc::host {

class TurnTcpSession {
 public:
  using EventCallback = std::function<void(const turn::TurnEvent&)>;

  // Connects asynchronously; calls made on client() before the connection is up are sent once it
  // is. `options.reliable` and `options.stream` are forced on.
  TurnTcpSession(EventLoop& loop, const SocketAddress& server, turn::TurnClientOptions options, RandomSource& random,
                 EventCallback on_event);
  ~TurnTcpSession();

  turn::TurnClient& client() { return client_; }
  bool connected() const { return connected_; }
  // True once the connection failed or the stream desynchronised (see framer_error()).
  bool broken() const { return broken_; }
  stun::StunStreamFramer::Error framer_error() const { return framer_.error(); }
  // The local address of the connection, once connected.
  const SocketAddress& local_address() const { return local_; }

  void pump();

 private:
  void start_read();
  void start_write();
  void break_connection();

  EventLoop& loop_;
  SocketAddress server_;
  turn::TurnClient client_;
  EventCallback on_event_;
  boost::asio::ip::tcp::socket socket_;
  CoreTimer timer_;
  stun::StunStreamFramer framer_;
  std::array<uint8_t, 16384> read_buffer_{};
  std::deque<Bytes> write_queue_;
  bool writing_ = false;
  bool connected_ = false;
  bool broken_ = false;
  SocketAddress local_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wasmrtc::host
