#include "relay/relay_server.h"

#include <ctime>

#include "host/asio_address.h"
#include "relay/http_session.h"

namespace wasmrtc::relay {

namespace asio = boost::asio;
using asio::ip::tcp;

RelayServer::RelayServer(host::EventLoop& loop, RelayServerOptions options, RandomSource& random, Logger& logger)
    : loop_(loop), options_(std::move(options)), random_(random), logger_(logger), handle_(std::make_shared<HostRef>()) {
  handle_->host = this;
}

RelayServer::~RelayServer() {
  handle_->host = nullptr;  // sessions still queued on the loop stop calling back
  for (auto& [id, weak] : connections_)
    if (auto c = weak.lock()) c->close();
  connections_.clear();
  timer_.reset();
  core_.reset();  // releases the relayed ports through close() while this object is whole
  relay_sockets_.clear();
}

Result<std::unique_ptr<RelayServer>> RelayServer::start(host::EventLoop& loop, RelayServerOptions options,
                                                        TurnServerOptions turn, Authenticator auth, AddressPolicy policy,
                                                        RandomSource& random, Logger& logger) {
  if (turn.rfc5766_channels) options.limits.max_channel = 0x7FFF;  // the TCP framer must accept them too
  std::unique_ptr<RelayServer> s(new RelayServer(loop, std::move(options), random, logger));
  RelayServer* self = s.get();
  s->core_ = std::make_unique<TurnServer>(std::move(turn), std::move(auth), std::move(policy), *s, random);
  s->core_->set_unix_time(loop.now(), static_cast<int64_t>(std::time(nullptr)));
  s->timer_ = std::make_unique<host::CoreTimer>(loop, [self](Timestamp now) {
    self->core_->set_unix_time(now, static_cast<int64_t>(std::time(nullptr)));
    self->core_->handle_timeout(now);
    self->pump();
  });
  if (s->options_.udp_listen) {
    auto udp = RelaySocket::open(loop, *s->options_.udp_listen, s->receive_buffer_,
                                 [self](const SocketAddress& remote, ByteView bytes) {
                                   self->core_->handle_client(self->loop_.now(), {kUdpTransport, ClientProtocol::kUdp},
                                                              remote, bytes);
                                   self->pump();
                                 });
    if (!udp) return make_error(ErrorCode::kOperationFailed, "UDP listener: " + udp.error().message);
    s->udp_ = std::move(udp.value());
  }
  if (!s->options_.tls_certificate_pem.empty() || s->options_.tls_listen) {
    namespace ssl = asio::ssl;
    s->tls_context_ = std::make_unique<ssl::context>(ssl::context::tls_server);
    boost::system::error_code ec;
    s->tls_context_->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use,
                                 ec);
    const auto& cert = s->options_.tls_certificate_pem;
    const auto& key = s->options_.tls_private_key_pem;
    if (!ec) s->tls_context_->use_certificate_chain(asio::buffer(cert.data(), cert.size()), ec);
    if (!ec) s->tls_context_->use_private_key(asio::buffer(key.data(), key.size()), ssl::context::pem, ec);
    if (ec) return make_error(ErrorCode::kInvalidArgument, "TLS certificate or key: " + ec.message());
  }
  if (s->options_.tls_listen) {
    SocketAddress bound;
    auto acceptor = listen(loop, *s->options_.tls_listen, bound);
    if (!acceptor) return acceptor.error();
    s->tls_acceptor_ = std::move(acceptor.value());
    s->tls_address_ = bound;
    s->accept(*s->tls_acceptor_, true);
  }
  if (s->options_.tcp_listen) {
    SocketAddress bound;
    auto acceptor = listen(loop, *s->options_.tcp_listen, bound);
    if (!acceptor) return acceptor.error();
    s->acceptor_ = std::move(acceptor.value());
    s->tcp_address_ = bound;
    s->accept(*s->acceptor_, false);
  }
  return s;
}

std::optional<SocketAddress> RelayServer::udp_address() const {
  return udp_ ? std::optional<SocketAddress>(udp_->local_address()) : std::nullopt;
}

std::optional<SocketAddress> RelayServer::tcp_address() const { return tcp_address_; }

Result<std::unique_ptr<tcp::acceptor>> RelayServer::listen(host::EventLoop& loop, const SocketAddress& at,
                                                           SocketAddress& bound) {
  boost::system::error_code ec;
  auto u = host::to_endpoint(at);
  tcp::endpoint endpoint(u.address(), u.port());
  auto acceptor = std::make_unique<tcp::acceptor>(loop.context());
  acceptor->open(endpoint.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error(ErrorCode::kOperationFailed, "TCP listener " + at.to_string() + ": " + ec.message());
  auto local = acceptor->local_endpoint(ec);
  bound = host::from_endpoint(asio::ip::udp::endpoint(local.address(), local.port()));
  return acceptor;
}

void RelayServer::accept(tcp::acceptor& acceptor, bool tls) {
  acceptor.async_accept([this, &acceptor, tls, handle = handle_](boost::system::error_code ec, tcp::socket socket) {
    if (!handle->host || stopped_) return;
    auto accept = [&] { this->accept(acceptor, tls); };
    if (ec) {
      if (ec != asio::error::operation_aborted) accept();
      return;
    }
    boost::system::error_code rec;
    auto remote = socket.remote_endpoint(rec);
    if (rec) {
      accept();
      return;
    }
    SocketAddress client = host::from_endpoint(asio::ip::udp::endpoint(remote.address(), remote.port()));
    ++transport_.tcp_connections;
    size_t& per_ip = connections_per_ip_[client.ip()];
    if (transport_.open_connections >= options_.max_connections || per_ip >= options_.max_connections_per_ip) {
      ++transport_.connections_refused;
      if (per_ip == 0) connections_per_ip_.erase(client.ip());
      logger_.info("connection_refused", {{"client", client.to_string()}});
      socket.close(rec);
      accept();
      return;
    }
    ++per_ip;
    ++transport_.open_connections;
    // Every TURN message here is a packet of a real-time flow: Nagle's algorithm would hold a small
    // write until the client acknowledges the previous one, and the client delays that ACK by up
    // to 40 ms (Linux) — 40 ms that a relayed ICE check waited in nearly every setup.
    socket.set_option(tcp::no_delay(true), rec);
    if (tls) {
      std::make_shared<TlsHandshake>(handle_, std::move(socket), *tls_context_, client)->start();
    } else {
      std::make_shared<ConnectionSniffer<PlainStream>>(handle_, PlainStream(std::move(socket)), client)->start();
    }
    accept();
  });
}

void RelayServer::connection_closed(const IpAddress& ip) {
  if (transport_.open_connections > 0) --transport_.open_connections;
  auto it = connections_per_ip_.find(ip);
  if (it != connections_per_ip_.end() && --it->second == 0) connections_per_ip_.erase(it);
}

uint64_t RelayServer::attach(std::shared_ptr<ClientConnection> connection, ClientProtocol) {
  uint64_t id = next_transport_++;
  connections_[id] = connection;
  return id;
}

void RelayServer::deliver(uint64_t id, ClientProtocol protocol, const SocketAddress& client, ByteView bytes) {
  core_->handle_client(loop_.now(), {id, protocol}, client, bytes);
  pump();
}

void RelayServer::detach(uint64_t id) {
  connections_.erase(id);
  if (!core_) return;
  core_->handle_transport_closed(loop_.now(), id);
  pump();
}

bool RelayServer::has_allocation(uint64_t id, ClientProtocol protocol, const SocketAddress& client) const {
  return core_->find_allocation({id, protocol}, client) != nullptr;
}

bool RelayServer::origin_allowed(std::string_view origin) const {
  if (options_.allowed_origins.empty()) return true;
  for (const auto& o : options_.allowed_origins)
    if (o == origin) return true;
  return false;
}

std::string RelayServer::metrics_text() const {
  return render_prometheus(core_->counters(), transport_, core_->allocation_count(), relay_sockets_.size());
}

Result<SocketAddress> RelayServer::open(AllocationId allocation, AddressFamily family, bool even_port) {
  IpAddress ip = options_.relay_ip;
  if (family == AddressFamily::kIPv6) {
    if (!options_.relay_ip6) return make_error(ErrorCode::kNotSupported, "no IPv6 relay address");
    ip = *options_.relay_ip6;
  }
  auto on_receive = [this, allocation](const SocketAddress& remote, ByteView bytes) {
    core_->handle_peer(loop_.now(), allocation, remote, bytes);
    pump();
  };
  bool ranged = options_.min_port != 0 && options_.max_port >= options_.min_port;
  // Without a configured range, an even port is picked from the IANA dynamic range by us.
  uint32_t low = ranged ? options_.min_port : 49152, high = ranged ? options_.max_port : 65535;
  int attempts = ranged || even_port ? 64 : 1;
  std::string last_error = "no even port in range";
  for (int i = 0; i < attempts; ++i) {
    uint16_t port = 0;
    if (ranged || even_port) {
      port = static_cast<uint16_t>(low + random_.next_u32() % (high - low + 1));
      if (even_port) port &= 0xFFFE;
      if (port < low) continue;
    }
    auto socket = RelaySocket::open(loop_, SocketAddress(ip, port), receive_buffer_, on_receive);
    if (socket) {
      SocketAddress local = socket.value()->local_address();
      relay_sockets_[allocation] = std::move(socket.value());
      return local;
    }
    last_error = socket.error().message;
  }
  logger_.warn("relay_port_unavailable", {{"error", last_error}});
  return make_error(ErrorCode::kOperationFailed, last_error);
}

void RelayServer::close(AllocationId allocation) { relay_sockets_.erase(allocation); }

void RelayServer::pump() {
  if (pumping_ || !core_) return;  // a send cannot re-enter today, but keep the loop flat if one ever does
  pumping_ = true;
  while (auto t = core_->poll_transmit()) {
    if (t->target == ServerTransmit::Target::kPeer) {
      auto it = relay_sockets_.find(t->allocation);
      if (it != relay_sockets_.end()) it->second->send(t->remote, t->bytes);
    } else if (t->transport == kUdpTransport) {
      if (udp_) udp_->send(t->remote, t->bytes);
    } else if (auto it = connections_.find(t->transport); it != connections_.end()) {
      if (auto c = it->second.lock()) c->send(std::move(t->bytes));
    }
  }
  while (auto e = core_->poll_event()) log_event(*e);
  pumping_ = false;
  if (timer_ && !stopped_) timer_->arm(core_->next_timeout());
}

void RelayServer::log_event(const ServerEvent& e) {
  switch (e.kind) {
    case ServerEvent::Kind::kAllocationCreated:
    case ServerEvent::Kind::kAllocationDeleted:
    case ServerEvent::Kind::kAllocationExpired:
      logger_.info(to_string(e.kind), {{"id", std::to_string(e.allocation)},
                                       {"user", e.username},
                                       {"client", e.client.to_string()},
                                       {"transport", std::string(to_string(e.protocol))},
                                       {"relayed", e.relayed.to_string()},
                                       {"detail", e.detail}});
      break;
    case ServerEvent::Kind::kAuthFailed:
    case ServerEvent::Kind::kQuota:
      logger_.info(to_string(e.kind), {{"user", e.username},
                                       {"client", e.client.to_string()},
                                       {"transport", std::string(to_string(e.protocol))},
                                       {"reason", e.detail}});
      break;
    case ServerEvent::Kind::kForbiddenPeer:
      logger_.info(to_string(e.kind), {{"id", std::to_string(e.allocation)},
                                       {"user", e.username},
                                       {"client", e.client.to_string()},
                                       {"peer", e.relayed.ip().to_string()}});
      break;
  }
}

void RelayServer::shutdown() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ec;
  if (acceptor_) acceptor_->close(ec);
  if (tls_acceptor_) tls_acceptor_->close(ec);
  std::vector<std::shared_ptr<ClientConnection>> open;
  for (auto& [id, weak] : connections_)
    if (auto c = weak.lock()) open.push_back(c);
  for (auto& c : open) c->close();
  core_->close_all(loop_.now());
  stopped_ = false;  // let pump() drain once more
  pump();
  stopped_ = true;
  timer_->cancel();
  udp_.reset();
  logger_.info("shutdown", {{"allocations", std::to_string(core_->allocation_count())}});
}

}  // namespace wasmrtc::relay
