#include "host/turn_tcp_session.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include "host/asio_address.h"

namespace wasmrtc::host {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

turn::TurnClientOptions stream_options(turn::TurnClientOptions o) {
  o.reliable = true;
  o.stream = true;
  return o;
}

tcp::endpoint to_tcp(const SocketAddress& a) {
  auto u = to_endpoint(a);
  return {u.address(), u.port()};
}

}  // namespace

TurnTcpSession::TurnTcpSession(EventLoop& loop, const SocketAddress& server, turn::TurnClientOptions options,
                               RandomSource& random, EventCallback on_event)
    : loop_(loop),
      server_(server),
      client_(stream_options(std::move(options)), random),
      on_event_(std::move(on_event)),
      socket_(loop.context()),
      timer_(loop, [this](Timestamp now) {
        client_.handle_timeout(now);
        pump();
      }) {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_connect(to_tcp(server_), [this, alive](const boost::system::error_code& ec) {
    if (alive.expired()) return;
    if (ec) {
      break_connection();
      return;
    }
    connected_ = true;
    boost::system::error_code local_ec;
    auto local = socket_.local_endpoint(local_ec);
    if (!local_ec) local_ = from_endpoint(asio::ip::udp::endpoint(local.address(), local.port()));
    start_read();
    pump();
  });
}

TurnTcpSession::~TurnTcpSession() {
  *alive_ = false;
  boost::system::error_code ec;
  socket_.close(ec);
}

void TurnTcpSession::pump() {
  for (bool busy = true; busy;) {
    busy = false;
    // Before the connection is up, messages wait in the client's own queue.
    while (connected_ && !broken_) {
      auto bytes = client_.poll_transmit();
      if (!bytes) break;
      write_queue_.push_back(std::move(*bytes));
      busy = true;
    }
    while (auto event = client_.poll_event()) {
      if (on_event_) on_event_(*event);
      busy = true;
    }
  }
  start_write();
  timer_.arm(client_.next_timeout());
}

void TurnTcpSession::start_write() {
  if (writing_ || write_queue_.empty() || broken_) return;
  writing_ = true;
  std::weak_ptr<bool> alive = alive_;
  asio::async_write(socket_, asio::buffer(write_queue_.front()),
                    [this, alive](const boost::system::error_code& ec, size_t) {
                      if (alive.expired()) return;
                      writing_ = false;
                      if (ec) {
                        break_connection();
                        return;
                      }
                      write_queue_.pop_front();
                      start_write();
                    });
}

void TurnTcpSession::start_read() {
  std::weak_ptr<bool> alive = alive_;
  socket_.async_read_some(asio::buffer(read_buffer_), [this, alive](const boost::system::error_code& ec, size_t n) {
    if (alive.expired()) return;
    if (ec) {
      break_connection();
      return;
    }
    framer_.push(ByteView(read_buffer_.data(), n));
    Timestamp now = loop_.now();
    while (auto message = framer_.next()) client_.handle_receive(now, *message);
    if (framer_.failed()) {
      break_connection();
      return;
    }
    pump();
    start_read();
  });
}

void TurnTcpSession::break_connection() {
  if (broken_) return;
  broken_ = true;
  boost::system::error_code ec;
  socket_.close(ec);
  write_queue_.clear();
}

}  // namespace wasmrtc::host
