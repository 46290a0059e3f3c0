#include "relay/tcp_session.h"

#include <boost/asio/write.hpp>

namespace wasmrtc::relay {

namespace asio = boost::asio;
namespace beast = boost::beast;

template <class Stream>
TcpSession<Stream>::TcpSession(HostHandle host, Stream stream, const SocketAddress& client, Bytes initial)
    : host_(std::move(host)), limits_(host_->host->limits()), stream_(std::move(stream)), client_(client),
      initial_(std::move(initial)), framer_(limits_.max_channel) {}

template <class Stream>
TcpSession<Stream>::~TcpSession() {
  if (host()) host()->connection_closed(client_.ip());
}

template <class Stream>
void TcpSession<Stream>::start() {
  id_ = host()->attach(this->shared_from_this(), ClientProtocol::kTcp);
  ++host()->transport_counters().tcp_turn_sessions;
  Bytes initial = std::move(initial_);
  consume(initial);
  if (!closed_) read();
}

template <class Stream>
void TcpSession<Stream>::consume(ByteView bytes) {
  framer_.push(bytes);
  while (auto message = framer_.next()) {
    if (!host()) return close();
    host()->deliver(id_, ClientProtocol::kTcp, client_, *message);
    if (closed_) return;
  }
  if (framer_.failed() && host()) {
    ++host()->transport_counters().stream_desyncs;
    host()->count_drop(DropReason::kMalformed);
    host()->logger().info("tcp_desync", {{"client", client_.to_string()}});
    close();
  }
}

template <class Stream>
void TcpSession<Stream>::read() {
  bool allocated = host() && host()->has_allocation(id_, ClientProtocol::kTcp, client_);
  beast::get_lowest_layer(stream_).expires_after(allocated ? limits_.allocated_idle_timeout : limits_.idle_timeout);
  stream_.async_read_some(asio::buffer(read_buffer_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
    if (self->closed_) return;
    if (ec || !self->host()) {
      if (ec == beast::error::timeout && self->host())
        self->host()->logger().debug("tcp_idle_timeout", {{"client", self->client_.to_string()}});
      self->close();
      return;
    }
    self->consume(ByteView(self->read_buffer_.data(), n));
    if (!self->closed_) self->read();
  });
}

template <class Stream>
bool TcpSession<Stream>::send(Bytes bytes) {
  if (closed_) return false;
  if (queued_bytes_ + bytes.size() > limits_.max_send_queue) {
    if (host()) host()->count_drop(DropReason::kSendQueueFull);
    return false;
  }
  queued_bytes_ += bytes.size();
  queue_.push_back(std::move(bytes));
  write();
  return true;
}

template <class Stream>
void TcpSession<Stream>::write() {
  if (writing_ || queue_.empty() || closed_) return;
  writing_ = true;
  asio::async_write(stream_, asio::buffer(queue_.front()), [self = this->shared_from_this()](beast::error_code ec, size_t) {
    self->writing_ = false;
    if (self->closed_) return;
    if (ec) {
      self->close();
      return;
    }
    self->queued_bytes_ -= self->queue_.front().size();
    self->queue_.pop_front();
    self->write();
  });
}

template <class Stream>
void TcpSession<Stream>::close() {
  if (closed_) return;
  closed_ = true;
  beast::error_code ec;
  beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  // A pending write completes as aborted; its buffer stays in queue_ until then.
  beast::get_lowest_layer(stream_).close();
  if (id_ && host()) host()->detach(id_);
}

template class TcpSession<PlainStream>;
template class TcpSession<TlsStream>;

}  // namespace wasmrtc::relay
