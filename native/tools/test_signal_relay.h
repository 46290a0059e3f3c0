// A WebSocket signaling relay for the tools tests (Boost.Beast, on the test's event loop): every
// text message a client sends goes to the other clients connected on the same path (a "room").
// A message sent while the sender is alone in its room is kept and handed to the next client that
// joins, so a peer that connects first and sends its offer at once loses nothing. That is all a
// signaling server has to do for wasmrtc-peer --signal; it knows nothing about what it carries.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "host/event_loop.h"

namespace wasmrtc::tools::test {

class TestSignalRelay {
 public:
  explicit TestSignalRelay(host::EventLoop& loop)
      : state_(std::make_shared<State>(loop)) {
    namespace asio = boost::asio;
    auto& acceptor = state_->acceptor;
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen();
    accept(state_);
  }
  ~TestSignalRelay() {
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    for (auto& [path, room] : state_->rooms)
      for (auto& weak : room.members)
        if (auto s = weak.lock()) boost::beast::get_lowest_layer(s->ws).socket().close(ignored);
  }

  uint16_t port() const { return state_->acceptor.local_endpoint().port(); }
  std::string url(const std::string& path) const { return "ws://127.0.0.1:" + std::to_string(port()) + path; }
  uint64_t forwarded() const { return state_->forwarded; }
  uint64_t connections() const { return state_->connections; }

 private:
  struct Session;
  struct Room {
    std::vector<std::weak_ptr<Session>> members;
    std::vector<std::string> backlog;  // sent while alone, for the next one to join
  };
  struct State {
    explicit State(host::EventLoop& loop) : acceptor(loop.context()) {}
    boost::asio::ip::tcp::acceptor acceptor;
    std::map<std::string, Room> rooms;
    uint64_t forwarded = 0;
    uint64_t connections = 0;
  };
  struct Session : std::enable_shared_from_this<Session> {
    Session(std::shared_ptr<State> s, boost::asio::ip::tcp::socket socket) : state(std::move(s)), ws(std::move(socket)) {}
    std::shared_ptr<State> state;
    boost::beast::websocket::stream<boost::beast::tcp_stream> ws;
    boost::beast::flat_buffer buffer;
    boost::beast::http::request<boost::beast::http::empty_body> request;
    std::string path;
    std::deque<std::string> queue;
    bool writing = false;

    void send(std::string text) {
      queue.push_back(std::move(text));
      write();
    }
    void write() {
      if (writing || queue.empty()) return;
      writing = true;
      auto self = shared_from_this();
      ws.text(true);
      ws.async_write(boost::asio::buffer(queue.front()), [self](boost::beast::error_code ec, size_t) {
        self->writing = false;
        if (ec) return;
        self->queue.pop_front();
        self->write();
      });
    }
  };

  static void accept(std::shared_ptr<State> state) {
    auto& acceptor = state->acceptor;
    acceptor.async_accept([state](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
      if (ec) return;  // closed
      auto session = std::make_shared<Session>(state, std::move(socket));
      boost::beast::http::async_read(session->ws.next_layer(), session->buffer, session->request,
                                     [session](boost::beast::error_code ec, size_t) {
                                       if (ec) return;
                                       session->ws.async_accept(session->request, [session](boost::beast::error_code ec) {
                                         if (ec) return;
                                         join(session);
                                       });
                                     });
      accept(state);
    });
  }

  static void join(const std::shared_ptr<Session>& session) {
    session->path = std::string(session->request.target());
    ++session->state->connections;
    Room& room = session->state->rooms[session->path];
    room.members.push_back(session);
    for (auto& text : room.backlog) session->send(std::move(text));
    room.backlog.clear();
    session->buffer.consume(session->buffer.size());
    read(session);
  }

  static void read(const std::shared_ptr<Session>& session) {
    session->ws.async_read(session->buffer, [session](boost::beast::error_code ec, size_t) {
      if (ec) return;  // the client left; its weak_ptr expires with the session
      std::string text = boost::beast::buffers_to_string(session->buffer.data());
      session->buffer.consume(session->buffer.size());
      Room& room = session->state->rooms[session->path];
      bool delivered = false;
      for (auto& weak : room.members) {
        auto other = weak.lock();
        if (!other || other == session) continue;
        other->send(text);
        delivered = true;
      }
      if (delivered) ++session->state->forwarded;
      else room.backlog.push_back(std::move(text));
      read(session);
    });
  }

  std::shared_ptr<State> state_;
};

}  // namespace wasmrtc::tools::test
