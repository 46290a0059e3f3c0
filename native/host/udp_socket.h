// A bound UDP socket on the loop: every datagram received goes to a callback as
// (now, local, remote, bytes), the inputs a sans-IO core's handle_receive takes; send() is how the
// driver emits a core's transmits. Errors are values (no exceptions cross this class).
#pragma once

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <functional>
#include <memory>

#include "common/bytes.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "common/time.h"
#include "host/event_loop.h"

namespace wasmrtc::host {

class UdpSocket {
 public:
  using ReceiveCallback =
      std::function<void(Timestamp now, const SocketAddress& local, const SocketAddress& remote, ByteView bytes)>;

  // Binds (port 0: the OS picks) and starts receiving. The callback runs on the loop's thread.
  static Result<std::unique_ptr<UdpSocket>> open(EventLoop& loop, const SocketAddress& bind, ReceiveCallback on_receive);
  ~UdpSocket();

  const SocketAddress& local_address() const { return local_; }
  // Sends synchronously (UDP does not block meaningfully); false if the OS refused, counted.
  bool send(const SocketAddress& remote, ByteView bytes);
  void close();

  uint64_t send_errors() const { return send_errors_; }

 private:
  UdpSocket(EventLoop& loop, ReceiveCallback on_receive);
  void start_receive();

  EventLoop& loop_;
  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::endpoint sender_;
  std::array<uint8_t, 65536> buffer_{};
  SocketAddress local_;
  ReceiveCallback on_receive_;
  uint64_t send_errors_ = 0;
  // Handlers hold a weak copy so a callback arriving after destruction does nothing.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wasmrtc::host
