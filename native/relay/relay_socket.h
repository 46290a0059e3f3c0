// A UDP socket for the relay's hot path: it waits for readability and then drains datagrams with
// non-blocking receives into one buffer shared by every socket of the server (safe on the single
// loop thread, and it spares 64 KiB per allocation). At most `kBatch` datagrams per wake-up, so one
// busy socket cannot starve the others. Used for the UDP listener and for each relayed port.
#pragma once

#include <boost/asio/ip/udp.hpp>
#include <functional>
#include <memory>

#include "common/bytes.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "host/event_loop.h"

namespace wasmrtc::relay {

class RelaySocket {
 public:
  using ReceiveCallback = std::function<void(const SocketAddress& remote, ByteView bytes)>;
  static constexpr int kBatch = 64;

  static Result<std::unique_ptr<RelaySocket>> open(host::EventLoop& loop, const SocketAddress& bind,
                                                   std::shared_ptr<Bytes> buffer, ReceiveCallback on_receive);
  ~RelaySocket();

  const SocketAddress& local_address() const { return local_; }
  bool send(const SocketAddress& remote, ByteView bytes);
  uint64_t send_errors() const { return send_errors_; }

 private:
  RelaySocket(host::EventLoop& loop, std::shared_ptr<Bytes> buffer, ReceiveCallback on_receive);
  void wait();

  boost::asio::ip::udp::socket socket_;
  std::shared_ptr<Bytes> buffer_;
  ReceiveCallback on_receive_;
  SocketAddress local_;
  uint64_t send_errors_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wasmrtc::relay
