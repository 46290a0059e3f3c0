// The relay's Asio driver around the sans-IO TurnServer: a UDP listener, one TCP port that carries
// TURN over TCP, WebSocket (subprotocol `turn`) and GET /metrics (told apart by the first bytes),
// and one relayed UDP socket per allocation. Single-threaded on the EventLoop; every input goes to
// the core, then pump() carries out what it produced and re-arms its timer.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "common/random.h"
#include "host/core_timer.h"
#include "host/event_loop.h"
#include "relay/connection_host.h"
#include "relay/relay_socket.h"
#include "relay/turn_server.h"

namespace wasmrtc::relay {

struct RelayServerOptions {
  // Port 0 lets the OS pick (tests); std::nullopt disables that listener.
  std::optional<SocketAddress> udp_listen = SocketAddress::parse("127.0.0.1:3478");
  std::optional<SocketAddress> tcp_listen = SocketAddress::parse("127.0.0.1:3478");
  // With a certificate chain and key (PEM text), TLS is accepted on tcp_listen too (a first byte
  // 0x16, a TLS handshake record) and, if set, on tls_listen; inside TLS the same rule tells TURN
  // over TLS from WSS and HTTPS.
  std::optional<SocketAddress> tls_listen;
  std::string tls_certificate_pem;
  std::string tls_private_key_pem;
  IpAddress relay_ip = *IpAddress::parse("127.0.0.1");  // relayed ports bind here (IPv4)
  std::optional<IpAddress> relay_ip6;                    // and here for IPv6 allocations
  uint16_t min_port = 0;  // relayed port range; 0/0: the OS picks
  uint16_t max_port = 0;
  StreamLimits limits;
  size_t max_connections = 10000;
  size_t max_connections_per_ip = 64;
  std::vector<std::string> allowed_origins;  // WebSocket Origin allow list; empty: any origin
};

class RelayServer final : public ConnectionHost, public RelayPorts {
 public:
  static constexpr uint64_t kUdpTransport = 1;

  static Result<std::unique_ptr<RelayServer>> start(host::EventLoop& loop, RelayServerOptions options,
                                                    TurnServerOptions turn, Authenticator auth, AddressPolicy policy,
                                                    RandomSource& random, Logger& logger);
  ~RelayServer() override;

  std::optional<SocketAddress> udp_address() const;
  std::optional<SocketAddress> tcp_address() const;
  std::optional<SocketAddress> tls_address() const { return tls_address_; }
  TurnServer& core() { return *core_; }
  const TransportCounters& transport() const { return transport_; }
  // Stops listening, closes every connection and releases every allocation.
  void shutdown();

  // ConnectionHost
  uint64_t attach(std::shared_ptr<ClientConnection> connection, ClientProtocol protocol) override;
  void deliver(uint64_t id, ClientProtocol protocol, const SocketAddress& client, ByteView bytes) override;
  void detach(uint64_t id) override;
  void connection_closed(const IpAddress& ip) override;
  bool has_allocation(uint64_t id, ClientProtocol protocol, const SocketAddress& client) const override;
  std::string metrics_text() const override;
  const StreamLimits& limits() const override { return options_.limits; }
  TransportCounters& transport_counters() override { return transport_; }
  void count_drop(DropReason reason) override { core_->mutable_counters().drop(reason); }
  bool origin_allowed(std::string_view origin) const override;
  Logger& logger() override { return logger_; }
  boost::asio::ssl::context* tls_context() override { return tls_context_.get(); }

  // RelayPorts
  Result<SocketAddress> open(AllocationId allocation, AddressFamily family, bool even_port) override;
  void close(AllocationId allocation) override;

 private:
  RelayServer(host::EventLoop& loop, RelayServerOptions options, RandomSource& random, Logger& logger);
  void accept(boost::asio::ip::tcp::acceptor& acceptor, bool tls);
  static Result<std::unique_ptr<boost::asio::ip::tcp::acceptor>> listen(host::EventLoop& loop, const SocketAddress& at,
                                                                         SocketAddress& bound);
  void pump();
  void log_event(const ServerEvent& e);

  host::EventLoop& loop_;
  RelayServerOptions options_;
  RandomSource& random_;
  Logger& logger_;
  HostHandle handle_;
  std::shared_ptr<Bytes> receive_buffer_ = std::make_shared<Bytes>(65536);
  std::unique_ptr<RelaySocket> udp_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> acceptor_;
  std::optional<SocketAddress> tcp_address_;
  std::unique_ptr<boost::asio::ip::tcp::acceptor> tls_acceptor_;
  std::optional<SocketAddress> tls_address_;
  std::unique_ptr<boost::asio::ssl::context> tls_context_;
  std::unordered_map<AllocationId, std::unique_ptr<RelaySocket>> relay_sockets_;
  std::unordered_map<uint64_t, std::weak_ptr<ClientConnection>> connections_;
  std::unordered_map<IpAddress, size_t> connections_per_ip_;
  uint64_t next_transport_ = kUdpTransport + 1;
  TransportCounters transport_;
  std::unique_ptr<TurnServer> core_;
  std::unique_ptr<host::CoreTimer> timer_;
  bool pumping_ = false;
  bool stopped_ = false;
};

}  // namespace wasmrtc::relay
