#include "host/turn_udp_session.h"

namespace wasmrtc::host {

TurnUdpSession::TurnUdpSession(EventLoop& loop, const SocketAddress& server, turn::TurnClientOptions options,
                               RandomSource& random, EventCallback on_event)
    : server_(server),
      client_(std::move(options), random),
      on_event_(std::move(on_event)),
      timer_(loop, [this](Timestamp now) {
        client_.handle_timeout(now);
        pump();
      }) {}

Result<std::unique_ptr<TurnUdpSession>> TurnUdpSession::open(EventLoop& loop, const SocketAddress& bind,
                                                             const SocketAddress& server,
                                                             turn::TurnClientOptions options, RandomSource& random,
                                                             EventCallback on_event) {
  std::unique_ptr<TurnUdpSession> s(new TurnUdpSession(loop, server, std::move(options), random, std::move(on_event)));
  TurnUdpSession* self = s.get();
  auto socket = UdpSocket::open(loop, bind,
                                [self](Timestamp now, const SocketAddress&, const SocketAddress& remote, ByteView bytes) {
                                  if (remote != self->server_) {
                                    ++self->foreign_datagrams_;
                                    return;
                                  }
                                  self->client_.handle_receive(now, bytes);
                                  self->pump();
                                });
  if (!socket) return socket.error();
  s->socket_ = std::move(socket.value());
  return s;
}

void TurnUdpSession::pump() {
  // An event callback may call into the client again, so drain until both queues stay empty.
  for (bool busy = true; busy;) {
    busy = false;
    while (auto bytes = client_.poll_transmit()) {
      socket_->send(server_, *bytes);
      busy = true;
    }
    while (auto event = client_.poll_event()) {
      if (on_event_) on_event_(*event);
      busy = true;
    }
  }
  timer_.arm(client_.next_timeout());
}

}  // namespace wasmrtc::host
