// Runs one peer::PeerConnection on the native Asio loop: UDP sockets on the given local addresses,
// the steady clock, one timer re-armed to next_timeout(), and the drain contract applied after
// every input. The application calls the PeerConnection's API through pc() and then flush(), and
// gets every event through the callback (called from flush, so it may call straight back in).
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/random.h"
#include "host/core_timer.h"
#include "host/event_loop.h"
#include "host/udp_socket.h"
#include "peer/peer_connection.h"

namespace wasmrtc::tools {

class PeerConnectionDriver {
 public:
  using EventCallback = std::function<void(const peer::PeerConnectionEvent& event)>;

  // Binds one UDP socket per address (port 0: any) and adds each as a host address.
  static Result<std::unique_ptr<PeerConnectionDriver>> create(host::EventLoop& loop, peer::PeerConnectionConfig config,
                                                              const std::vector<SocketAddress>& bind,
                                                              EventCallback on_event);
  ~PeerConnectionDriver();

  peer::PeerConnection& pc() { return *pc_; }
  Timestamp now() const { return loop_.now(); }
  // Sends what the connection wants to send, delivers its events, re-arms the timer. Call after
  // every API call made through pc().
  void flush();
  const std::vector<std::unique_ptr<host::UdpSocket>>& sockets() const { return sockets_; }
  uint64_t unroutable_transmits() const { return unroutable_; }

 private:
  PeerConnectionDriver(host::EventLoop& loop, EventCallback on_event);

  host::EventLoop& loop_;
  EventCallback on_event_;
  CryptoRandom random_;
  std::unique_ptr<peer::PeerConnection> pc_;
  std::vector<std::unique_ptr<host::UdpSocket>> sockets_;
  std::unique_ptr<host::CoreTimer> timer_;
  bool flushing_ = false;
  bool again_ = false;
  uint64_t unroutable_ = 0;  // transmits from a local address we have no socket for
};

}  // namespace wasmrtc::tools
