// TURN over WebSocket (docs/ARCHITECTURE.md, "The relay transport"): subprotocol `turn`, binary
// messages only, one STUN or ChannelData message per WebSocket message (however many frames it
// came in). A text message closes the connection with 1003; a message over 4 + 65535 bytes with
// 1009 (Beast enforces read_message_max and sends the close). Handshake and idle timeouts, with
// keep-alive pings, come from Beast's stream_base::timeout; a connection without an allocation that
// sends nothing for the idle timeout is closed (1008). Sends go through a bounded queue that
// drops on overflow.
#pragma once

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>

#include "relay/connection_host.h"
#include "relay/stream_types.h"

namespace wasmrtc::relay {

template <class Stream>
class WsSession final : public ClientConnection, public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  using Request = boost::beast::http::request<boost::beast::http::empty_body>;
  WsSession(HostHandle host, Stream stream, const SocketAddress& client);
  ~WsSession() override;
  // Completes the upgrade whose request the HTTP side has already read.
  void accept(Request request);
  bool send(Bytes bytes) override;
  void close() override;

 private:
  ConnectionHost* host() const { return host_->host; }
  void read();
  void write();
  void close_with(boost::beast::websocket::close_code code);
  void watch_idle();

  HostHandle host_;
  StreamLimits limits_;
  boost::beast::websocket::stream<Stream> ws_;
  SocketAddress client_;
  boost::beast::flat_buffer buffer_;
  // Keep-alive pings keep a quiet connection open; this closes one that holds no allocation and has
  // sent no message for the idle timeout (a client that opens sockets and sends nothing).
  boost::asio::steady_timer idle_timer_;
  bool active_ = false;  // a message arrived since the last idle check
  uint64_t id_ = 0;
  std::deque<Bytes> queue_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;
  boost::beast::websocket::close_code close_code_ = boost::beast::websocket::close_code::normal;
  bool closed_ = false;
};

extern template class WsSession<PlainStream>;
extern template class WsSession<TlsStream>;

}  // namespace wasmrtc::relay
