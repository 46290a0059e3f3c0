#include "relay/ws_session.h"

#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace wasmrtc::relay {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace http = beast::http;

template <class Stream>
WsSession<Stream>::WsSession(HostHandle host, Stream stream, const SocketAddress& client)
    : host_(std::move(host)), limits_(host_->host->limits()), ws_(std::move(stream)), client_(client),
      idle_timer_(ws_.get_executor()) {}

template <class Stream>
WsSession<Stream>::~WsSession() {
  if (host()) host()->connection_closed(client_.ip());
}

template <class Stream>
void WsSession<Stream>::accept(Request request) {
  // The WebSocket layer owns the timeouts from here on.
  beast::get_lowest_layer(ws_).expires_never();
  websocket::stream_base::timeout timeout;
  timeout.handshake_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(limits_.handshake_timeout);
  timeout.idle_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(limits_.idle_timeout);
  timeout.keep_alive_pings = true;
  ws_.set_option(timeout);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& response) {
    response.set(http::field::server, "wasmrtc-relay");
    response.set(http::field::sec_websocket_protocol, "turn");
  }));
  ws_.read_message_max(limits_.max_ws_message);
  ws_.auto_fragment(false);
  ws_.binary(true);
  ws_.async_accept(request, [self = this->shared_from_this()](beast::error_code ec) {
    if (!self->host()) return;
    if (ec) {
      ++self->host()->transport_counters().bad_handshakes;
      self->closed_ = true;
      return;
    }
    ++self->host()->transport_counters().websocket_sessions;
    self->id_ = self->host()->attach(self, ClientProtocol::kWebSocket);
    self->host()->logger().debug("websocket_open", {{"client", self->client_.to_string()}});
    self->read();
    self->watch_idle();
  });
}

template <class Stream>
void WsSession<Stream>::watch_idle() {
  idle_timer_.expires_after(limits_.idle_timeout);
  idle_timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
    if (ec || self->closed_ || self->closing_ || !self->host()) return;
    bool allocated = self->host()->has_allocation(self->id_, ClientProtocol::kWebSocket, self->client_);
    if (!self->active_ && !allocated) {
      self->host()->logger().info("websocket_closed", {{"client", self->client_.to_string()}, {"reason", "idle"}});
      self->close_with(websocket::close_code::policy_error);
      return;
    }
    self->active_ = false;
    self->watch_idle();
  });
}

template <class Stream>
void WsSession<Stream>::read() {
  buffer_.clear();
  ws_.async_read(buffer_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
    if (self->closed_ || !self->host()) return;
    ConnectionHost& host = *self->host();
    if (ec == websocket::error::message_too_big) {
      // Beast has sent the 1009 close frame already.
      ++host.transport_counters().websocket_too_big_closed;
      host.logger().info("websocket_closed", {{"client", self->client_.to_string()}, {"reason", "message_too_big"}});
      self->close();
      return;
    }
    if (ec) {
      self->close();
      return;
    }
    if (self->ws_.got_text()) {
      ++host.transport_counters().websocket_text_closed;
      host.logger().info("websocket_closed", {{"client", self->client_.to_string()}, {"reason", "text_message"}});
      self->close_with(websocket::close_code::unknown_data);  // 1003
      return;
    }
    self->active_ = true;
    auto data = self->buffer_.cdata();
    host.deliver(self->id_, ClientProtocol::kWebSocket, self->client_,
                 ByteView(static_cast<const uint8_t*>(data.data()), data.size()));
    if (!self->closed_ && !self->closing_) self->read();
  });
}

template <class Stream>
bool WsSession<Stream>::send(Bytes bytes) {
  if (closed_ || closing_) return false;
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
void WsSession<Stream>::write() {
  if (writing_ || queue_.empty() || closed_ || closing_) return;
  writing_ = true;
  ws_.async_write(asio::buffer(queue_.front()), [self = this->shared_from_this()](beast::error_code ec, size_t) {
    self->writing_ = false;
    if (self->closed_) return;
    if (ec) {
      self->close();
      return;
    }
    self->queued_bytes_ -= self->queue_.front().size();
    self->queue_.pop_front();
    if (self->closing_) {
      self->close_with(self->close_code_);
      return;
    }
    self->write();
  });
}

template <class Stream>
void WsSession<Stream>::close_with(websocket::close_code code) {
  // A close handshake, then the socket goes. Beast does not allow a close while a write is in
  // flight, so a pending write finishes first.
  closing_ = true;
  close_code_ = code;
  idle_timer_.cancel();
  if (id_ && host()) {
    host()->detach(id_);
    id_ = 0;
  }
  if (writing_) return;
  ws_.async_close(websocket::close_reason(code), [self = this->shared_from_this()](beast::error_code) {
    self->closed_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(self->ws_).socket().close(ignored);
  });
}

template <class Stream>
void WsSession<Stream>::close() {
  if (closed_) return;
  closed_ = true;
  idle_timer_.cancel();
  beast::get_lowest_layer(ws_).close();
  if (id_ && host()) {
    host()->detach(id_);
    id_ = 0;
  }
}

template class WsSession<PlainStream>;
template class WsSession<TlsStream>;

}  // namespace wasmrtc::relay
