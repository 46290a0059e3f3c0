// Test clients for the relay over real loopback sockets, all asynchronous on the same EventLoop as
// the relay: a turn::TurnClient over a Beast WebSocket (subprotocol `turn`, optionally split into
// small frames), and a raw TCP connection that records what it reads and when it was closed.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <type_traits>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "host/asio_address.h"
#include "host/core_timer.h"
#include "host/event_loop.h"
#include "stun/stun_stream_framer.h"
#include "turn/turn_client.h"

namespace wasmrtc::relay::testing {

inline boost::asio::ip::tcp::endpoint tcp_endpoint(const SocketAddress& a) {
  auto u = host::to_endpoint(a);
  return {u.address(), u.port()};
}

// Next: boost::asio::ip::tcp::socket (ws://) or boost::asio::ssl::stream<tcp::socket> (wss://,
// certificate not verified: the tests use a self-signed one).
template <class Next>
class BasicWsTurnClient {
 public:
  static constexpr bool kTls = !std::is_same_v<Next, boost::asio::ip::tcp::socket>;
  BasicWsTurnClient(host::EventLoop& loop, const SocketAddress& server, turn::TurnClientOptions options,
                    RandomSource& random, std::string subprotocol = "turn", size_t fragment = 0,
                    boost::asio::ssl::context* tls = nullptr)
      : loop_(loop), ws_(make_next(loop, tls)), client_(reliable(std::move(options)), random),
        timer_(loop, [this](Timestamp now) {
          client_.handle_timeout(now);
          pump();
        }) {
    boost::beast::get_lowest_layer(ws_).async_connect(tcp_endpoint(server), [this, server, subprotocol, fragment, alive = std::weak_ptr<bool>(alive_)](
                                                             boost::system::error_code ec) {
      if (alive.expired()) return;
      if (ec) {
        failed_ = true;
        return;
      }
      if constexpr (kTls) {
        ws_.next_layer().async_handshake(boost::asio::ssl::stream_base::client, [this, server, subprotocol, fragment, alive](boost::system::error_code ec) {
          if (alive.expired()) return;
          if (ec) {
            failed_ = true;
            return;
          }
          upgrade(server, subprotocol, fragment);
        });
      } else {
        upgrade(server, subprotocol, fragment);
      }
    });
  }

  void upgrade(const SocketAddress& server, const std::string& subprotocol, size_t fragment) {
    {
      std::weak_ptr<bool> alive = alive_;
      ws_.set_option(boost::beast::websocket::stream_base::decorator(
          [subprotocol](boost::beast::websocket::request_type& r) {
            if (!subprotocol.empty()) r.set(boost::beast::http::field::sec_websocket_protocol, subprotocol);
          }));
      if (fragment) {
        ws_.auto_fragment(true);
        ws_.write_buffer_bytes(fragment);
      }
      ws_.async_handshake(response_, server.to_string(), "/", [this, alive](boost::system::error_code ec) {
        if (alive.expired()) return;
        if (ec) {
          failed_ = true;
          return;
        }
        connected_ = true;
        ws_.binary(true);
        read();
        pump();
      });
    }
  }
  ~BasicWsTurnClient() { *alive_ = false; }

  turn::TurnClient& client() { return client_; }
  bool connected() const { return connected_; }
  bool failed() const { return failed_; }
  bool closed() const { return closed_; }
  uint16_t close_code() const { return close_code_; }
  const boost::beast::websocket::response_type& handshake_response() const { return response_; }
  std::vector<turn::TurnEvent> events;

  // Sends arbitrary bytes as one message (text or binary), outside the TURN client.
  void send_raw(Bytes bytes, bool text = false) {
    queue_.push_back({std::move(bytes), text});
    write();
  }

  void pump() {
    if (connected_) {
      while (auto b = client_.poll_transmit()) queue_.push_back({std::move(*b), false});
      write();
    }
    while (auto e = client_.poll_event()) events.push_back(std::move(*e));
    timer_.arm(client_.next_timeout());
  }

  const turn::TurnEvent* data(std::string_view text) const {
    for (const auto& e : events)
      if (e.kind == turn::TurnEvent::Kind::kData && std::string(e.data.begin(), e.data.end()) == text) return &e;
    return nullptr;
  }

 private:
  static turn::TurnClientOptions reliable(turn::TurnClientOptions o) {
    o.reliable = true;
    o.stream = false;
    return o;
  }
  static Next make_next(host::EventLoop& loop, boost::asio::ssl::context* tls) {
    if constexpr (kTls) {
      return Next(loop.context(), *tls);
    } else {
      return Next(loop.context());
    }
  }
  void read() {
    ws_.async_read(buffer_, [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec, size_t) {
      if (alive.expired()) return;
      if (ec) {
        closed_ = true;
        close_code_ = ws_.reason().code;
        return;
      }
      auto d = buffer_.cdata();
      client_.handle_receive(loop_.now(), ByteView(static_cast<const uint8_t*>(d.data()), d.size()));
      buffer_.clear();
      pump();
      read();
    });
  }
  void write() {
    if (writing_ || queue_.empty() || closed_ || !connected_) return;
    writing_ = true;
    ws_.text(queue_.front().second);
    ws_.async_write(boost::asio::buffer(queue_.front().first),
                    [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec, size_t) {
                      if (alive.expired()) return;
                      writing_ = false;
                      if (ec) return;
                      queue_.pop_front();
                      write();
                    });
  }

  host::EventLoop& loop_;
  boost::beast::websocket::stream<Next> ws_;
  boost::beast::websocket::response_type response_;
  turn::TurnClient client_;
  host::CoreTimer timer_;
  boost::beast::flat_buffer buffer_;
  std::deque<std::pair<Bytes, bool>> queue_;
  bool writing_ = false, connected_ = false, failed_ = false, closed_ = false;
  uint16_t close_code_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

using WsTurnClient = BasicWsTurnClient<boost::asio::ip::tcp::socket>;
using WssTurnClient = BasicWsTurnClient<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

// A turn::TurnClient over TLS (TURN over TLS, RFC 8656 §3.1: stream framing inside TLS).
class TlsTurnClient {
 public:
  TlsTurnClient(host::EventLoop& loop, const SocketAddress& server, turn::TurnClientOptions options,
                RandomSource& random, boost::asio::ssl::context& tls)
      : loop_(loop), stream_(loop.context(), tls), client_(stream_options(std::move(options)), random),
        timer_(loop, [this](Timestamp now) {
          client_.handle_timeout(now);
          pump();
        }) {
    stream_.next_layer().async_connect(tcp_endpoint(server), [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
      if (alive.expired()) return;
      if (ec) {
        failed_ = true;
        return;
      }
      stream_.async_handshake(boost::asio::ssl::stream_base::client, [this, alive](boost::system::error_code ec) {
        if (alive.expired()) return;
        if (ec) {
          failed_ = true;
          return;
        }
        connected_ = true;
        read();
        pump();
      });
    });
  }
  ~TlsTurnClient() { *alive_ = false; }
  turn::TurnClient& client() { return client_; }
  bool connected() const { return connected_; }
  bool failed() const { return failed_; }
  std::vector<turn::TurnEvent> events;

  void pump() {
    if (connected_) {
      while (auto b = client_.poll_transmit()) queue_.push_back(std::move(*b));
      write();
    }
    while (auto e = client_.poll_event()) events.push_back(std::move(*e));
    timer_.arm(client_.next_timeout());
  }

 private:
  static turn::TurnClientOptions stream_options(turn::TurnClientOptions o) {
    o.reliable = true;
    o.stream = true;
    return o;
  }
  void read() {
    stream_.async_read_some(boost::asio::buffer(buf_), [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec, size_t n) {
      if (alive.expired() || ec) return;
      framer_.push(ByteView(buf_.data(), n));
      while (auto m = framer_.next()) client_.handle_receive(loop_.now(), *m);
      pump();
      read();
    });
  }
  void write() {
    if (writing_ || queue_.empty()) return;
    writing_ = true;
    boost::asio::async_write(stream_, boost::asio::buffer(queue_.front()),
                             [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec, size_t) {
                               if (alive.expired()) return;
                               writing_ = false;
                               if (ec) return;
                               queue_.pop_front();
                               write();
                             });
  }
  host::EventLoop& loop_;
  boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream_;
  turn::TurnClient client_;
  host::CoreTimer timer_;
  stun::StunStreamFramer framer_;
  std::array<uint8_t, 4096> buf_{};
  std::deque<Bytes> queue_;
  bool writing_ = false, connected_ = false, failed_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// A plain TCP connection: writes what it is given, reads until the peer closes.
class RawTcp {
 public:
  RawTcp(host::EventLoop& loop, const SocketAddress& server) : socket_(loop.context()) {
    socket_.async_connect(tcp_endpoint(server), [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec) {
      if (alive.expired()) return;
      if (ec) {
        eof_ = true;
        return;
      }
      connected_ = true;
      flush();
      read();
    });
  }
  ~RawTcp() { *alive_ = false; }
  void write(std::string_view text) {
    pending_.append(text);
    flush();
  }
  bool connected() const { return connected_; }
  bool eof() const { return eof_; }
  const std::string& received() const { return received_; }
  uint16_t local_port() const {
    boost::system::error_code ec;
    return socket_.local_endpoint(ec).port();
  }

 private:
  void flush() {
    if (!connected_ || pending_.empty()) return;
    auto data = std::make_shared<std::string>(std::move(pending_));
    pending_.clear();
    boost::asio::async_write(socket_, boost::asio::buffer(*data), [data](boost::system::error_code, size_t) {});
  }
  void read() {
    socket_.async_read_some(boost::asio::buffer(buf_), [this, alive = std::weak_ptr<bool>(alive_)](boost::system::error_code ec, size_t n) {
      if (alive.expired()) return;
      if (ec) {
        eof_ = true;
        return;
      }
      received_.append(buf_.data(), n);
      read();
    });
  }
  boost::asio::ip::tcp::socket socket_;
  std::array<char, 4096> buf_{};
  std::string pending_, received_;
  bool connected_ = false, eof_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wasmrtc::relay::testing
