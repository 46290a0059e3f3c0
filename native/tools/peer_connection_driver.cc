#include "tools/peer_connection_driver.h"

#include <chrono>

namespace wasmrtc::tools {

PeerConnectionDriver::PeerConnectionDriver(host::EventLoop& loop, EventCallback on_event)
    : loop_(loop), on_event_(std::move(on_event)) {}

PeerConnectionDriver::~PeerConnectionDriver() {
  if (timer_) timer_->cancel();
  for (auto& s : sockets_) s->close();
}

Result<std::unique_ptr<PeerConnectionDriver>> PeerConnectionDriver::create(host::EventLoop& loop,
                                                                           peer::PeerConnectionConfig config,
                                                                           const std::vector<SocketAddress>& bind,
                                                                           EventCallback on_event) {
  std::unique_ptr<PeerConnectionDriver> d(new PeerConnectionDriver(loop, std::move(on_event)));
  const int64_t unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count();
  auto pc = peer::PeerConnection::create(loop.now(), unix_ms, std::move(config), d->random_);
  if (!pc.ok()) return pc.error();
  d->pc_ = std::move(pc.value());
  PeerConnectionDriver* self = d.get();
  d->timer_ = std::make_unique<host::CoreTimer>(loop, [self](Timestamp now) {
    self->pc_->handle_timeout(now);
    self->flush();
  });
  for (const auto& address : bind) {
    auto socket = host::UdpSocket::open(loop, address,
                                        [self](Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                                               ByteView bytes) {
                                          self->pc_->handle_receive(now, local, remote, bytes);
                                          self->flush();
                                        });
    if (!socket.ok()) return socket.error();
    d->sockets_.push_back(std::move(socket.value()));
    d->pc_->add_host_address(loop.now(), d->sockets_.back()->local_address());
  }
  d->flush();
  return d;
}

void PeerConnectionDriver::flush() {
  if (flushing_) {  // called from inside an event callback: the outer loop picks it up
    again_ = true;
    return;
  }
  flushing_ = true;
  do {
    again_ = false;
    while (auto t = pc_->poll_transmit()) {
      bool sent = false;
      for (auto& s : sockets_) {
        if (s->local_address() == t->local) {
          s->send(t->remote, t->data);
          sent = true;
          break;
        }
      }
      if (!sent) ++unroutable_;
    }
    while (auto e = pc_->poll_event()) {
      again_ = true;
      if (on_event_) on_event_(*e);
    }
  } while (again_);
  flushing_ = false;
  timer_->arm(pc_->next_timeout());
}

}  // namespace wasmrtc::tools
