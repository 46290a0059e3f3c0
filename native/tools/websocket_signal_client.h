// Signaling over a WebSocket for the native tools (wasmrtc-peer --signal): a Boost.Beast client on
// the native loop that connects to ws://HOST:PORT/PATH and carries one signal (a JSON object) per
// text message, both ways. What a signal means is the caller's business; this class only moves
// text. Sends made before the handshake completes are queued and go out in order once it has;
// Beast allows one write at a time, so later sends wait in the same queue.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "host/event_loop.h"

namespace wasmrtc::tools {

// ws://host[:port][/path]; the port defaults to 80 and the path to "/". Not wss: signaling for
// manual interop runs on a trusted machine or through a local relay.
struct WebSocketUrl {
  std::string host;
  std::string port;
  std::string target;  // path and query, as sent in the handshake
};
std::optional<WebSocketUrl> parse_websocket_url(std::string_view url);

class WebSocketSignalClient : public std::enable_shared_from_this<WebSocketSignalClient> {
 public:
  using MessageCallback = std::function<void(const std::string& text)>;
  // Called once, when the connection could not be made or has ended (reason: what happened).
  using ClosedCallback = std::function<void(const std::string& reason)>;

  // Starts connecting at once; only a malformed URL fails here.
  static Result<std::shared_ptr<WebSocketSignalClient>> connect(host::EventLoop& loop, std::string_view url,
                                                                MessageCallback on_message, ClosedCallback on_closed);
  // Queues one text message.
  void send(std::string text);
  // Sends a normal close once everything queued is written; on_closed follows.
  void close();
  bool is_open() const { return open_; }
  // The handshake completed at some point (false in on_closed: the server was never reached).
  bool was_open() const { return was_open_; }

 private:
  WebSocketSignalClient(host::EventLoop& loop, WebSocketUrl url, MessageCallback on_message, ClosedCallback on_closed);
  void start();
  void read();
  void write();
  void fail(const std::string& reason);

  boost::asio::ip::tcp::resolver resolver_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
  WebSocketUrl url_;
  MessageCallback on_message_;
  ClosedCallback on_closed_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  bool open_ = false;
  bool was_open_ = false;
  bool writing_ = false;
  bool closing_ = false;  // close() was called: close after the queue drains
  bool ended_ = false;    // on_closed has been called
};

}  // namespace wasmrtc::tools
