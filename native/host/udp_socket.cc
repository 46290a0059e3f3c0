#include "host/udp_socket.h"

#include <boost/asio/buffer.hpp>

#include "host/asio_address.h"

namespace wasmrtc::host {

namespace asio = boost::asio;
using asio::ip::udp;

UdpSocket::UdpSocket(EventLoop& loop, ReceiveCallback on_receive)
    : loop_(loop), socket_(loop.context()), on_receive_(std::move(on_receive)) {}

UdpSocket::~UdpSocket() {
  *alive_ = false;
  close();
}

Result<std::unique_ptr<UdpSocket>> UdpSocket::open(EventLoop& loop, const SocketAddress& bind,
                                                   ReceiveCallback on_receive) {
  std::unique_ptr<UdpSocket> s(new UdpSocket(loop, std::move(on_receive)));
  boost::system::error_code ec;
  udp::endpoint endpoint = to_endpoint(bind);
  s->socket_.open(endpoint.protocol(), ec);
  if (!ec) s->socket_.bind(endpoint, ec);
  if (ec) return make_error(ErrorCode::kOperationFailed, "bind " + bind.to_string() + ": " + ec.message());
  udp::endpoint local = s->socket_.local_endpoint(ec);
  if (ec) return make_error(ErrorCode::kOperationFailed, "local_endpoint: " + ec.message());
  s->local_ = from_endpoint(local);
  s->start_receive();
  return s;
}

void UdpSocket::start_receive() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_receive_from(asio::buffer(buffer_), sender_,
                             [this, alive](const boost::system::error_code& ec, size_t n) {
                               if (alive.expired() || !*alive.lock() || !socket_.is_open()) return;
                               if (ec == asio::error::operation_aborted) return;
                               // Other errors (e.g. ICMP port unreachable surfacing as
                               // connection_refused) are per-datagram: keep receiving.
                               if (!ec) on_receive_(loop_.now(), local_, from_endpoint(sender_), ByteView(buffer_.data(), n));
                               if (!alive.expired() && *alive.lock() && socket_.is_open()) start_receive();
                             });
}

bool UdpSocket::send(const SocketAddress& remote, ByteView bytes) {
  boost::system::error_code ec;
  socket_.send_to(asio::buffer(bytes.data(), bytes.size()), to_endpoint(remote), 0, ec);
  if (ec) {
    ++send_errors_;
    return false;
  }
  return true;
}

void UdpSocket::close() {
  boost::system::error_code ec;
  if (socket_.is_open()) socket_.close(ec);
}

}  // namespace wasmrtc::host
