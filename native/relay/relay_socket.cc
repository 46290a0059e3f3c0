#include "relay/relay_socket.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/v6_only.hpp>

#include "host/asio_address.h"

namespace wasmrtc::relay {

namespace asio = boost::asio;
using asio::ip::udp;

RelaySocket::RelaySocket(host::EventLoop& loop, std::shared_ptr<Bytes> buffer, ReceiveCallback on_receive)
    : socket_(loop.context()), buffer_(std::move(buffer)), on_receive_(std::move(on_receive)) {}

RelaySocket::~RelaySocket() {
  *alive_ = false;
  boost::system::error_code ec;
  socket_.close(ec);
}

Result<std::unique_ptr<RelaySocket>> RelaySocket::open(host::EventLoop& loop, const SocketAddress& bind,
                                                       std::shared_ptr<Bytes> buffer, ReceiveCallback on_receive) {
  std::unique_ptr<RelaySocket> s(new RelaySocket(loop, std::move(buffer), std::move(on_receive)));
  boost::system::error_code ec;
  udp::endpoint endpoint = host::to_endpoint(bind);
  s->socket_.open(endpoint.protocol(), ec);
  if (!ec && endpoint.address().is_v6()) s->socket_.set_option(asio::ip::v6_only(true), ec);
  if (!ec) s->socket_.bind(endpoint, ec);
  if (!ec) s->socket_.non_blocking(true, ec);
  if (ec) return make_error(ErrorCode::kOperationFailed, "bind " + bind.to_string() + ": " + ec.message());
  auto local = s->socket_.local_endpoint(ec);
  if (ec) return make_error(ErrorCode::kOperationFailed, "local_endpoint: " + ec.message());
  s->local_ = host::from_endpoint(local);
  s->wait();
  return s;
}

void RelaySocket::wait() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_wait(udp::socket::wait_read, [this, alive](const boost::system::error_code& ec) {
    if (alive.expired() || !*alive.lock() || ec == asio::error::operation_aborted || !socket_.is_open()) return;
    for (int i = 0; i < kBatch; ++i) {
      udp::endpoint sender;
      boost::system::error_code rec;
      size_t n = socket_.receive_from(asio::buffer(buffer_->data(), buffer_->size()), sender, 0, rec);
      if (rec == asio::error::would_block || rec == asio::error::try_again) break;
      if (rec) continue;  // per-datagram errors (ICMP unreachable surfacing): keep going
      on_receive_(host::from_endpoint(sender), ByteView(buffer_->data(), n));
      // The callback may have destroyed this socket (it never does today, but stay safe).
      if (alive.expired() || !*alive.lock()) return;
    }
    wait();
  });
}

bool RelaySocket::send(const SocketAddress& remote, ByteView bytes) {
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(bytes.data(), bytes.size()), host::to_endpoint(remote), 0, ec);
  if (ec) {
    ++send_errors_;
    return false;
  }
  return true;
}

}  // namespace wasmrtc::relay
