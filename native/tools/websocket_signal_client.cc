#include "tools/websocket_signal_client.h"

#include <boost/asio/connect.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket/stream_base.hpp>

namespace wasmrtc::tools {

namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using boost::asio::ip::tcp;

std::optional<WebSocketUrl> parse_websocket_url(std::string_view url) {
  constexpr std::string_view scheme = "ws://";
  if (url.substr(0, scheme.size()) != scheme) return std::nullopt;
  url.remove_prefix(scheme.size());
  const size_t slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  WebSocketUrl out;
  out.target = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  out.port = "80";
  if (!authority.empty() && authority.front() == '[') {  // [IPv6]:port
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
    authority.remove_prefix(close + 1);
    if (!authority.empty()) {
      if (authority.front() != ':') return std::nullopt;
      out.port = std::string(authority.substr(1));
    }
  } else {
    const size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) out.port = std::string(authority.substr(colon + 1));
  }
  if (out.host.empty() || out.port.empty()) return std::nullopt;
  for (char c : out.port)
    if (c < '0' || c > '9') return std::nullopt;
  return out;
}

Result<std::shared_ptr<WebSocketSignalClient>> WebSocketSignalClient::connect(host::EventLoop& loop,
                                                                              std::string_view url,
                                                                              MessageCallback on_message,
                                                                              ClosedCallback on_closed) {
  auto parsed = parse_websocket_url(url);
  if (!parsed) return make_error(ErrorCode::kInvalidArgument, "not a ws://HOST:PORT/PATH URL: " + std::string(url));
  std::shared_ptr<WebSocketSignalClient> client(
      new WebSocketSignalClient(loop, std::move(*parsed), std::move(on_message), std::move(on_closed)));
  client->start();
  return client;
}

WebSocketSignalClient::WebSocketSignalClient(host::EventLoop& loop, WebSocketUrl url, MessageCallback on_message,
                                             ClosedCallback on_closed)
    : resolver_(loop.context()),
      ws_(loop.context()),
      url_(std::move(url)),
      on_message_(std::move(on_message)),
      on_closed_(std::move(on_closed)) {}

void WebSocketSignalClient::start() {
  // Every handler holds a shared_ptr, so the client lives until its last operation has ended.
  auto self = shared_from_this();
  resolver_.async_resolve(url_.host, url_.port, [self](beast::error_code ec, tcp::resolver::results_type results) {
    if (ec) return self->fail("resolve " + self->url_.host + ": " + ec.message());
    beast::get_lowest_layer(self->ws_).expires_after(std::chrono::seconds(10));
    beast::get_lowest_layer(self->ws_).async_connect(results, [self](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return self->fail("connect: " + ec.message());
      // Beast's own timeouts take over from here (handshake, idle pings) instead of the connect one.
      beast::get_lowest_layer(self->ws_).expires_never();
      self->ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
      self->ws_.async_handshake(self->url_.host + ":" + self->url_.port, self->url_.target,
                                [self](beast::error_code ec) {
                                  if (ec) return self->fail("handshake: " + ec.message());
                                  self->open_ = true;
                                  self->was_open_ = true;
                                  self->ws_.text(true);
                                  self->read();
                                  self->write();
                                });
    });
  });
}

void WebSocketSignalClient::send(std::string text) {
  if (ended_ || closing_) return;
  queue_.push_back(std::move(text));
  write();
}

void WebSocketSignalClient::close() {
  if (ended_ || closing_) return;
  closing_ = true;
  if (!open_) {
    // Not connected yet: there is nothing to close politely.
    resolver_.cancel();
    beast::get_lowest_layer(ws_).cancel();
    return;
  }
  write();
}

void WebSocketSignalClient::read() {
  auto self = shared_from_this();
  ws_.async_read(buffer_, [self](beast::error_code ec, size_t) {
    if (ec) return self->fail(ec == websocket::error::closed ? "closed by the server" : "read: " + ec.message());
    std::string text = beast::buffers_to_string(self->buffer_.data());
    self->buffer_.consume(self->buffer_.size());
    if (self->on_message_) self->on_message_(text);
    self->read();
  });
}

void WebSocketSignalClient::write() {
  if (!open_ || writing_ || ended_) return;
  auto self = shared_from_this();
  if (queue_.empty()) {
    if (closing_) {
      writing_ = true;
      ws_.async_close(websocket::close_code::normal, [self](beast::error_code) {
        self->writing_ = false;
        self->fail("closed");
      });
    }
    return;
  }
  writing_ = true;
  ws_.async_write(boost::asio::buffer(queue_.front()), [self](beast::error_code ec, size_t) {
    self->writing_ = false;
    if (ec) return self->fail("write: " + ec.message());
    self->queue_.pop_front();
    self->write();
  });
}

void WebSocketSignalClient::fail(const std::string& reason) {
  open_ = false;
  if (ended_) return;
  ended_ = true;
  queue_.clear();
  beast::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
  if (on_closed_) on_closed_(reason);
}

}  // namespace wasmrtc::tools
