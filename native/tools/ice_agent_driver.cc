#include "tools/ice_agent_driver.h"

#include <boost/asio/ip/udp.hpp>
#include <type_traits>
#include <utility>

#include "host/asio_address.h"

namespace wasmrtc::tools {

using ice::IceEvent;

IceAgentDriver::Resolver IceAgentDriver::system_resolver(host::EventLoop& loop) {
  return [&loop](const std::string& hostname, ResolveDone done) {
    using boost::asio::ip::udp;
    auto resolver = std::make_shared<udp::resolver>(loop.context());
    resolver->async_resolve(hostname, "", [resolver, done = std::move(done)](const boost::system::error_code& ec,
                                                                             udp::resolver::results_type results) {
      if (ec || results.empty()) return done(std::nullopt);
      done(host::from_endpoint(results.begin()->endpoint()).ip());
    });
  };
}

IceAgentDriver::IceAgentDriver(host::EventLoop& loop, RandomSource& random, Options options, Listener* listener)
    : loop_(loop),
      options_(std::move(options)),
      listener_(listener),
      agent_(options_.role, random, options_.config),
      timer_(loop, [this](Timestamp now) { on_timeout(now); }) {
  agent_.set_local_credentials(options_.credentials ? *options_.credentials : ice::IceCredentials::generate(random));
}

Result<std::unique_ptr<IceAgentDriver>> IceAgentDriver::create(host::EventLoop& loop, RandomSource& random,
                                                               Options options, Listener* listener) {
  if (options.bind.empty()) return make_error(ErrorCode::kInvalidArgument, "no local address to bind");
  std::unique_ptr<IceAgentDriver> d(new IceAgentDriver(loop, random, std::move(options), listener));
  IceAgentDriver* self = d.get();
  for (const auto& address : d->options_.bind) {
    if (address.ip().is_unspecified())
      return make_error(ErrorCode::kInvalidArgument,
                        "bind " + address.to_string() + ": a host candidate needs a specific IP address");
    auto socket = host::UdpSocket::open(
        loop, address, [self](Timestamp now, const SocketAddress& local, const SocketAddress& remote, ByteView data) {
          self->on_receive(now, local, remote, data);
        });
    if (!socket) return socket.error();
    d->sockets_.push_back(std::move(socket.value()));
    if (d->options_.gather_host) d->agent_.add_host_address(loop.now(), d->sockets_.back()->local_address());
  }
  d->pump();
  return d;
}

IceAgentDriver::~IceAgentDriver() {
  *alive_ = false;
  // Release TURN allocations (and stop consent) on the way out; events are no longer delivered.
  if (agent_.state() != ice::IceTransportState::kClosed) {
    listener_ = nullptr;
    agent_.close(loop_.now());
    pump();
  }
}

Result<SocketAddress> IceAgentDriver::add_turn_server(const SocketAddress& server, turn::TurnClientOptions options) {
  for (const auto& address : options_.bind) {
    if (address.family() != server.family()) continue;
    // A socket of its own, on the same IP: the agent hands everything that arrives from a TURN
    // server on the TURN client's base to that client, so sharing a host socket would swallow the
    // Binding responses of the same server acting as STUN server (a common setup).
    IceAgentDriver* self = this;
    auto socket = host::UdpSocket::open(
        loop_, SocketAddress(address.ip(), 0),
        [self](Timestamp now, const SocketAddress& local, const SocketAddress& remote, ByteView data) {
          self->on_receive(now, local, remote, data);
        });
    if (!socket) return socket.error();
    SocketAddress base = socket.value()->local_address();
    sockets_.push_back(std::move(socket.value()));
    agent_.add_turn_server(loop_.now(), server, base, std::move(options));
    pump();
    return base;
  }
  return make_error(ErrorCode::kInvalidArgument, "no local address of the TURN server's address family");
}

void IceAgentDriver::add_stun_server(const SocketAddress& server) { agent_.add_stun_server(server); }

void IceAgentDriver::start() {
  agent_.start_gathering(loop_.now());
  pump();
}

void IceAgentDriver::set_remote_credentials(const ice::IceCredentials& credentials) {
  agent_.set_remote_credentials(loop_.now(), credentials);
  pump();
}

ice::RemoteCandidateStatus IceAgentDriver::add_remote_candidate(const ice::Candidate& candidate) {
  auto status = agent_.add_remote_candidate(loop_.now(), candidate);
  if (status == ice::RemoteCandidateStatus::kSkippedHostname && candidate.is_mdns()) {
    if (options_.resolver) resolve(candidate);
    else ++stats_.mdns_unresolved;
  }
  pump();
  return status;
}

void IceAgentDriver::resolve(const ice::Candidate& candidate) {
  ++stats_.mdns_lookups;
  ++pending_lookups_;
  std::weak_ptr<bool> alive = alive_;
  options_.resolver(candidate.hostname, [this, alive, candidate](std::optional<IpAddress> ip) {
    if (alive.expired() || !*alive.lock()) return;
    --pending_lookups_;
    bool added = false;
    if (ip && !ip->is_unspecified()) {
      ice::Candidate resolved = candidate;
      resolved.address = SocketAddress(*ip, candidate.address.port());
      resolved.hostname.clear();
      auto status = agent_.add_remote_candidate(loop_.now(), resolved);
      added = status == ice::RemoteCandidateStatus::kAdded || status == ice::RemoteCandidateStatus::kUpdated;
    }
    if (added) ++stats_.mdns_resolved;
    else ++stats_.mdns_unresolved;
    maybe_end_of_candidates();
    pump();
  });
}

void IceAgentDriver::end_of_remote_candidates() {
  end_of_candidates_wanted_ = true;
  maybe_end_of_candidates();
  pump();
}

void IceAgentDriver::maybe_end_of_candidates() {
  if (!end_of_candidates_wanted_ || end_of_candidates_sent_ || pending_lookups_ > 0) return;
  end_of_candidates_sent_ = true;
  agent_.end_of_remote_candidates(loop_.now());
}

bool IceAgentDriver::send(ByteView data) {
  bool ok = agent_.send(loop_.now(), data);
  pump();
  return ok;
}

void IceAgentDriver::close() {
  agent_.close(loop_.now());
  pump();
}

std::vector<SocketAddress> IceAgentDriver::local_addresses() const {
  std::vector<SocketAddress> out;
  for (const auto& s : sockets_) out.push_back(s->local_address());
  return out;
}

void IceAgentDriver::on_receive(Timestamp now, const SocketAddress& local, const SocketAddress& remote,
                                ByteView data) {
  ++stats_.datagrams_received;
  agent_.handle_receive(now, local, remote, data);
  pump();
}

void IceAgentDriver::on_timeout(Timestamp now) {
  agent_.handle_timeout(now);
  pump();
}

void IceAgentDriver::pump() {
  // Drain contract: transmits and events until both are empty, then re-arm the timer.
  for (;;) {
    bool any = false;
    while (auto t = agent_.poll_transmit()) {
      any = true;
      host::UdpSocket* socket = nullptr;
      for (const auto& s : sockets_)
        if (s->local_address() == t->local) socket = s.get();
      if (!socket) {
        ++stats_.unroutable_transmits;
        continue;
      }
      if (socket->send(t->remote, t->data)) ++stats_.datagrams_sent;
      else ++stats_.send_errors;
    }
    while (auto e = agent_.poll_event()) {
      any = true;
      queued_.push_back(std::move(*e));
    }
    if (!any) break;
  }
  timer_.arm(agent_.next_timeout());
  dispatch();
}

void IceAgentDriver::dispatch() {
  // Deliver after the agent call returned; a listener calling back in queues more events, which
  // this loop (not a nested one) delivers, in order.
  if (dispatching_) return;
  dispatching_ = true;
  std::weak_ptr<bool> alive = alive_;
  while (!queued_.empty()) {
    IceEvent e = std::move(queued_.front());
    queued_.pop_front();
    if (!listener_) continue;
    std::visit(
        [this](auto& ev) {
          using T = std::decay_t<decltype(ev)>;
          if constexpr (std::is_same_v<T, ice::event::CandidateGathered>) listener_->on_candidate(ev.candidate);
          else if constexpr (std::is_same_v<T, ice::event::GatheringStateChanged>) listener_->on_gathering_state(ev.state);
          else if constexpr (std::is_same_v<T, ice::event::StateChanged>) listener_->on_state(ev.state);
          else if constexpr (std::is_same_v<T, ice::event::SelectedPairChanged>)
            listener_->on_selected_pair(ev.local, ev.remote, ev.lost);
          else if constexpr (std::is_same_v<T, ice::event::RoleChanged>) listener_->on_role(ev.role);
          else if constexpr (std::is_same_v<T, ice::event::DataReceived>) listener_->on_data(ev.local, ev.remote, ev.data);
        },
        e);
    if (alive.expired()) return;  // the listener destroyed the driver
  }
  dispatching_ = false;
}

}  // namespace wasmrtc::tools
