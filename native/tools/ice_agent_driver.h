// Runs one sans-IO ice::IceAgent on the native Asio loop (host::EventLoop): binds a UDP socket on
// each given local address and adds it as a host address, feeds every datagram and the agent's
// timeouts into it (steady clock -> Timestamp, one host::CoreTimer re-armed to next_timeout()),
// and after every input drains poll_transmit() / poll_event() as ice_agent.h's drain contract
// asks: transmits go out at once from the socket whose address is the Transmit's `local`; events
// are queued and handed to the Listener only after the agent call returned, so a listener may call
// back into the driver (send, add_remote_candidate, close) safely.
//
// TURN: add_turn_server() lets the agent run its own turn::TurnClient over a UDP socket of the
// driver, so every Transmit stays an ordinary datagram. With Options::gather_host = false the
// sockets are bound but not offered as host candidates: relay-only gathering.
//
// mDNS: a remote candidate whose address is a ".local" name is skipped by the agent
// (RemoteCandidateStatus::kSkippedHostname). If Options::resolver is set, the driver asks it for
// the name and adds the candidate again with the resolved IP; otherwise, or when the lookup finds
// nothing, it stays skipped and counted. system_resolver() uses Asio's resolver (the platform's
// getaddrinfo, which resolves mDNS only where nss-mdns is installed).
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/random.h"
#include "common/result.h"
#include "common/socket_address.h"
#include "host/core_timer.h"
#include "host/event_loop.h"
#include "host/udp_socket.h"
#include "ice/ice_agent.h"

namespace wasmrtc::tools {

class IceAgentDriver {
 public:
  // Events of the agent, delivered after the call that caused them returned.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void on_candidate(const ice::Candidate& candidate) {}
    // kComplete: signal end-of-candidates to the peer.
    virtual void on_gathering_state(ice::IceGatheringState state) {}
    virtual void on_state(ice::IceTransportState state) {}
    // lost: consent expired, there is no selected pair any more.
    virtual void on_selected_pair(const ice::Candidate& local, const ice::Candidate& remote, bool lost) {}
    virtual void on_role(ice::IceRole role) {}
    virtual void on_data(const SocketAddress& local, const SocketAddress& remote, ByteView data) {}
  };

  // Resolves a host name to one IP address (nullopt: not found). `done` may be called at once or
  // later on the loop; it does nothing once the driver is gone.
  using ResolveDone = std::function<void(std::optional<IpAddress>)>;
  using Resolver = std::function<void(const std::string& hostname, ResolveDone done)>;
  // A resolver over boost::asio::ip::udp::resolver::async_resolve (first address of any family).
  static Resolver system_resolver(host::EventLoop& loop);

  struct Options {
    ice::IceRole role = ice::IceRole::kControlling;
    ice::IceAgentConfig config;
    // Local addresses to bind (port 0: the OS picks). Each must be a specific IP, not 0.0.0.0.
    std::vector<SocketAddress> bind = {*SocketAddress::parse("127.0.0.1:0")};
    bool gather_host = true;  // false: relay-only (the sockets only carry TURN traffic)
    // Local credentials; generated from the RandomSource when empty.
    std::optional<ice::IceCredentials> credentials;
    Resolver resolver;  // for mDNS ".local" remote candidates; empty: they stay skipped
  };

  struct Stats {
    uint64_t datagrams_received = 0;
    uint64_t datagrams_sent = 0;
    uint64_t send_errors = 0;
    uint64_t unroutable_transmits = 0;  // a Transmit whose `local` is none of our sockets
    uint64_t mdns_lookups = 0;
    uint64_t mdns_resolved = 0;    // re-added with the resolved address
    uint64_t mdns_unresolved = 0;  // no resolver, or it found nothing: stays skipped
  };

  // Binds the sockets; `random` and `listener` (may be null) must outlive the driver.
  static Result<std::unique_ptr<IceAgentDriver>> create(host::EventLoop& loop, RandomSource& random,
                                                        Options options, Listener* listener);
  ~IceAgentDriver();
  IceAgentDriver(const IceAgentDriver&) = delete;
  IceAgentDriver& operator=(const IceAgentDriver&) = delete;

  // A TURN server (UDP, an IP address): the agent allocates with the long-term credentials in
  // `options` when gathering starts, from a socket of its own bound on the IP of the first bind
  // address of the server's family (not a host candidate, so the same server can also be a STUN
  // server). Returns that socket's address; an error when no bind address has that family.
  Result<SocketAddress> add_turn_server(const SocketAddress& server, turn::TurnClientOptions options);
  void add_stun_server(const SocketAddress& server);
  // Starts gathering: host candidates (unless relay-only), server-reflexive, relayed.
  void start();

  const ice::IceCredentials& local_credentials() const { return agent_.local_credentials(); }
  void set_remote_credentials(const ice::IceCredentials& credentials);
  // The agent's answer; for a ".local" candidate with a resolver, kSkippedHostname now and the
  // candidate is added again when the lookup answers.
  ice::RemoteCandidateStatus add_remote_candidate(const ice::Candidate& candidate);
  // Passed on once no mDNS lookup is pending any more (so a late resolution still counts).
  void end_of_remote_candidates();
  // Application data on the selected pair; false when there is none.
  bool send(ByteView data);
  void close();

  // The agent itself, for inspection. After calling a mutating method on it directly, call pump().
  ice::IceAgent& agent() { return agent_; }
  const ice::IceAgent& agent() const { return agent_; }
  void pump();

  std::vector<SocketAddress> local_addresses() const;
  const Stats& stats() const { return stats_; }

 private:
  IceAgentDriver(host::EventLoop& loop, RandomSource& random, Options options, Listener* listener);
  void on_receive(Timestamp now, const SocketAddress& local, const SocketAddress& remote, ByteView data);
  void on_timeout(Timestamp now);
  void resolve(const ice::Candidate& candidate);
  void maybe_end_of_candidates();
  void dispatch();

  host::EventLoop& loop_;
  Options options_;
  Listener* listener_;
  ice::IceAgent agent_;
  std::vector<std::unique_ptr<host::UdpSocket>> sockets_;
  host::CoreTimer timer_;
  std::deque<ice::IceEvent> queued_;  // drained from the agent, not yet delivered
  bool dispatching_ = false;
  int pending_lookups_ = 0;
  bool end_of_candidates_wanted_ = false;
  bool end_of_candidates_sent_ = false;
  Stats stats_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wasmrtc::tools
