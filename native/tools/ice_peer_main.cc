// ice-peer: one ICE agent on real UDP sockets (tools::IceAgentDriver on the Asio loop) that signals
// through JSON lines: it writes its own on stdout and reads the peer's on stdin, one object a line:
//   {"ufrag": "...", "pwd": "..."}            local credentials (first line)
//   {"candidate": "candidate:..."}             each gathered candidate (trickle)
//   {"end": true}                              end of candidates
//   {"connected": {"local", "remote", "type", "remote_type"}}   the selected pair
//   {"received": N}                            all N application datagrams of the peer arrived
//   {"done": {...}} / {"error": "..."}         the last line
// Then it sends N small datagrams over the selected pair (again every 200 ms until the peer
// reports it got them all) and exits 0 once both directions got all N; 1 on failure, 2 on timeout.
//
//   ice-peer --role controlling|controlled [--bind IP]... [--stun stun:HOST:PORT]
//            [--turn turn:HOST:PORT?transport=udp --user U --pass P] [--relay-only]
//            [--send N] [--timeout SECONDS]
//   ice-peer --loopback [same options]   two agents in this process, wired to each other
//
// Two peers through a pair of FIFOs (docs/ICE.md):
//   mkfifo a2b b2a
//   ice-peer --role controlled < a2b > b2a & ice-peer --role controlling > a2b < b2a
#include <signal.h>
#include <unistd.h>

#include <array>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "common/random.h"
#include "host/asio_address.h"
#include "host/event_loop.h"
#include "ice/candidate.h"
#include "ice/ice_server_url.h"
#include "tools/debug_log_env.h"
#include "tools/ice_agent_driver.h"

namespace {

using namespace wasmrtc;
using nlohmann::json;
using tools::IceAgentDriver;

constexpr const char kPrefix[] = "wasmrtc-ice ";

const char kUsage[] =
    "usage: ice-peer --role controlling|controlled [--bind IP]... [--stun URL]\n"
    "                [--turn turn:HOST:PORT?transport=udp --user U --pass P] [--relay-only]\n"
    "                [--send N] [--timeout SECONDS]\n"
    "       ice-peer --loopback [--send N] [--turn ... --user U --pass P] [--relay-only] [--timeout S]\n"
    "Signals with JSON lines: its own on stdout, the peer's on stdin (docs/ICE.md).\n";

struct Config {
  bool loopback = false;
  std::optional<ice::IceRole> role;
  std::vector<SocketAddress> bind;
  std::optional<std::string> stun_url;
  std::optional<std::string> turn_url;
  std::string user, pass;
  bool relay_only = false;
  int send = 10;
  double timeout_s = 30;
};

// Resolves a server URL's host to an address (IP literals directly, names through getaddrinfo).
std::optional<SocketAddress> server_address(host::EventLoop& loop, const ice::IceServerUrl& url) {
  if (url.ip) return SocketAddress(*url.ip, url.port);
  boost::asio::ip::udp::resolver resolver(loop.context());
  boost::system::error_code ec;
  auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec || results.empty()) return std::nullopt;
  return host::from_endpoint(results.begin()->endpoint());
}

// One side: an agent, its signalling (emit / handle_line) and the data exchange.
class Peer : public IceAgentDriver::Listener {
 public:
  Peer(host::EventLoop& loop, const Config& config, std::string tag, std::function<void(const json&)> emit)
      : loop_(loop), config_(config), tag_(std::move(tag)), emit_(std::move(emit)), resend_(loop.context()) {}

  bool open(RandomSource& random, ice::IceRole role, std::string* error) {
    IceAgentDriver::Options options;
    options.role = role;
    if (!config_.bind.empty()) options.bind = config_.bind;
    options.gather_host = !config_.relay_only;
    options.resolver = IceAgentDriver::system_resolver(loop_);
    auto d = IceAgentDriver::create(loop_, random, options, this);
    if (!d) {
      *error = d.error().message;
      return false;
    }
    driver_ = std::move(d.value());
    if (config_.stun_url) {
      auto url = ice::parse_ice_server_url(*config_.stun_url);
      if (!url || url->is_turn()) {
        *error = "--stun: " + (url ? std::string("not a stun: URL") : url.error().message);
        return false;
      }
      auto server = server_address(loop_, url.value());
      if (!server) {
        *error = "--stun: cannot resolve " + url->host;
        return false;
      }
      driver_->add_stun_server(*server);
    }
    if (config_.turn_url) {
      auto given = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
      auto url = ice::validate_ice_server_url(*config_.turn_url, given(config_.user), given(config_.pass));
      if (!url || !url->is_turn() || url->is_secure() || url->transport != ice::TransportProtocol::kUdp) {
        *error = "--turn: " + (url ? std::string("only turn: over UDP is supported here") : url.error().message);
        return false;
      }
      auto server = server_address(loop_, url.value());
      if (!server) {
        *error = "--turn: cannot resolve " + url->host;
        return false;
      }
      turn::TurnClientOptions credentials;
      credentials.username = config_.user;
      credentials.password = config_.pass;
      auto added = driver_->add_turn_server(*server, credentials);
      if (!added) {
        *error = "--turn: " + added.error().message;
        return false;
      }
    }
    const auto& creds = driver_->local_credentials();
    emit({{"ufrag", creds.ufrag}, {"pwd", creds.pwd}});
    driver_->start();
    return true;
  }

  // A line from the peer's signalling.
  void handle_line(const json& line) {
    if (!line.is_object() || !driver_) return;
    if (line.contains("ufrag") && line.contains("pwd")) {
      driver_->set_remote_credentials({line["ufrag"].get<std::string>(), line["pwd"].get<std::string>()});
    } else if (line.contains("candidate") && line["candidate"].is_string()) {
      auto c = ice::parse_candidate(line["candidate"].get<std::string>());
      if (!c) {
        std::cerr << tag_ << "bad candidate: " << c.error().message << "\n";
        return;
      }
      driver_->add_remote_candidate(c.value());
    } else if (line.contains("end")) {
      driver_->end_of_remote_candidates();
    } else if (line.contains("received") && line["received"].is_number_integer()) {
      peer_received_ = line["received"].get<int>();
    } else if (line.contains("error")) {
      peer_failed_ = true;  // its last line: it gave up
    }
  }

  bool done() const { return reported_ && peer_received_ >= config_.send; }
  bool failed() const { return failed_; }
  bool peer_failed() const { return peer_failed_; }
  int received() const { return static_cast<int>(received_.size()); }
  IceAgentDriver& driver() { return *driver_; }

  json summary() const {
    json s = {{"sent", sent_}, {"received", received()}, {"peer_received", peer_received_},
              {"state", std::string(ice::to_string(driver_->agent().state()))}};
    if (selected_) s["selected"] = *selected_;
    return s;
  }

  void close() {
    resend_.cancel();
    if (driver_) driver_->close();
  }

  // --- IceAgentDriver::Listener ---
  void on_candidate(const ice::Candidate& candidate) override { emit({{"candidate", candidate.to_string()}}); }
  void on_gathering_state(ice::IceGatheringState state) override {
    if (state == ice::IceGatheringState::kComplete) emit({{"end", true}});
  }
  void on_state(ice::IceTransportState state) override {
    std::cerr << tag_ << "state " << ice::to_string(state) << "\n";
    if (state == ice::IceTransportState::kFailed) failed_ = true;
  }
  void on_selected_pair(const ice::Candidate& local, const ice::Candidate& remote, bool lost) override {
    if (lost) return;
    json pair = {{"local", local.address.to_string()},
                 {"remote", remote.address.to_string()},
                 {"type", std::string(ice::candidate_type_name(local.type))},
                 {"remote_type", std::string(ice::candidate_type_name(remote.type))}};
    selected_ = pair;
    emit({{"connected", pair}});
    if (!sending_) {
      sending_ = true;
      send_round();
    }
    check_complete();
  }
  void on_data(const SocketAddress&, const SocketAddress&, ByteView data) override {
    std::string text(data.begin(), data.end());
    if (text.rfind(kPrefix, 0) != 0) return;
    int seq = std::atoi(text.c_str() + sizeof(kPrefix) - 1);
    if (seq >= 0 && seq < config_.send) received_.insert(seq);
    check_complete();
  }

 private:
  void emit(const json& line) { emit_(line); }

  void check_complete() {
    if (reported_ || !selected_ || received() < config_.send) return;
    reported_ = true;
    emit({{"received", received()}});
  }

  // Sends all N datagrams, and again every 200 ms until the peer says it has them all.
  void send_round() {
    if (peer_received_ >= config_.send) return;
    for (int i = 0; i < config_.send; ++i) {
      std::string text = kPrefix + std::to_string(i);
      if (driver_->send(as_bytes(text))) ++sent_;
    }
    resend_.expires_after(std::chrono::milliseconds(200));
    resend_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) send_round();
    });
  }

  host::EventLoop& loop_;
  const Config& config_;
  std::string tag_;
  std::function<void(const json&)> emit_;
  std::unique_ptr<IceAgentDriver> driver_;
  boost::asio::steady_timer resend_;
  std::optional<json> selected_;
  std::set<int> received_;
  int peer_received_ = -1;
  int sent_ = 0;
  bool sending_ = false;
  bool reported_ = false;
  bool failed_ = false;
  bool peer_failed_ = false;
};

// Reads stdin line by line on the loop (a pipe or a terminal).
class LineReader {
 public:
  LineReader(host::EventLoop& loop, std::function<void(const std::string&)> on_line, std::function<void()> on_eof)
      : stream_(loop.context()), on_line_(std::move(on_line)), on_eof_(std::move(on_eof)) {}

  bool start() {
    boost::system::error_code ec;
    stream_.assign(::dup(STDIN_FILENO), ec);
    if (ec) return false;
    read();
    return true;
  }

 private:
  void read() {
    stream_.async_read_some(boost::asio::buffer(buffer_), [this](const boost::system::error_code& ec, size_t n) {
      pending_.append(buffer_.data(), n);
      size_t pos;
      while ((pos = pending_.find('\n')) != std::string::npos) {
        std::string line = pending_.substr(0, pos);
        pending_.erase(0, pos + 1);
        on_line_(line);
      }
      if (ec) {
        if (!pending_.empty()) on_line_(pending_);
        pending_.clear();
        on_eof_();
        return;
      }
      read();
    });
  }

  boost::asio::posix::stream_descriptor stream_;
  std::array<char, 4096> buffer_{};
  std::string pending_;
  std::function<void(const std::string&)> on_line_;
  std::function<void()> on_eof_;
};

void print(const json& line) {
  std::cout << line.dump() << std::endl;  // one object a line, flushed
}

std::optional<json> parse_line(const std::string& text) {
  if (text.find_first_not_of(" \t\r") == std::string::npos) return std::nullopt;
  json line = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (line.is_discarded()) {
    std::cerr << "ignoring a line that is not JSON: " << text << "\n";
    return std::nullopt;
  }
  return line;
}

int run_pair(const Config& config) {
  host::EventLoop loop;
  CryptoRandom random;
  Peer peer(loop, config, "", print);
  // End of stdin only means no more signalling (a file, or a peer that finished): keep going until
  // done, failed, the peer's error line, or the timeout.
  LineReader reader(
      loop,
      [&](const std::string& text) {
        if (auto line = parse_line(text)) peer.handle_line(*line);
      },
      [] {});
  std::string error;
  if (!peer.open(random, *config.role, &error)) {
    print({{"error", error}});
    return 1;
  }
  if (!reader.start()) {
    print({{"error", "stdin must be a pipe or a terminal"}});
    return 1;
  }
  auto timeout = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(config.timeout_s));
  loop.run_until([&] { return peer.done() || peer.failed() || peer.peer_failed(); }, timeout);
  int code = 0;
  if (peer.done()) {
    print({{"done", peer.summary()}});
  } else if (peer.failed()) {
    print({{"error", "ICE failed"}, {"summary", peer.summary()}});
    code = 1;
  } else if (peer.peer_failed()) {
    print({{"error", "the peer gave up"}, {"summary", peer.summary()}});
    code = 1;
  } else {
    print({{"error", "timeout"}, {"summary", peer.summary()}});
    code = 2;
  }
  peer.close();  // releases a TURN allocation
  return code;
}

int run_loopback(const Config& config) {
  host::EventLoop loop;
  CryptoRandom random;
  std::unique_ptr<Peer> a, z;
  // Each side's lines are printed (tagged) and delivered to the other side on the next loop turn,
  // as a signalling channel would.
  auto wire = [&](const char* tag, std::unique_ptr<Peer>* other) {
    return [&loop, tag, other](const json& line) {
      json tagged = line;
      tagged["peer"] = tag;
      print(tagged);
      boost::asio::post(loop.context(), [other, line] {
        if (*other) (*other)->handle_line(line);
      });
    };
  };
  a = std::make_unique<Peer>(loop, config, "A: ", wire("A", &z));
  z = std::make_unique<Peer>(loop, config, "Z: ", wire("Z", &a));
  std::string error;
  if (!a->open(random, ice::IceRole::kControlling, &error) || !z->open(random, ice::IceRole::kControlled, &error)) {
    print({{"error", error}});
    return 1;
  }
  auto timeout = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(config.timeout_s));
  bool ok = loop.run_until([&] { return (a->done() && z->done()) || a->failed() || z->failed(); }, timeout);
  int code = 0;
  json summary = {{"A", a->summary()}, {"Z", z->summary()}};
  if (ok && a->done() && z->done()) {
    print({{"done", summary}});
  } else {
    print({{"error", ok ? "ICE failed" : "timeout"}, {"summary", summary}});
    code = ok ? 1 : 2;
  }
  a->close();
  z->close();
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // The peer may exit (closing our stdout's reader) before our last line: a failed write, not a death.
  signal(SIGPIPE, SIG_IGN);
  wasmrtc::tools::install_debug_log_from_env();
  Config config;
  auto need = [&](int& i) -> std::string {
    if (i + 1 >= argc) {
      std::cerr << argv[i] << " needs a value\n" << kUsage;
      std::exit(64);
    }
    return argv[++i];
  };
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--loopback") {
      config.loopback = true;
    } else if (arg == "--role") {
      std::string role = need(i);
      if (role == "controlling") config.role = ice::IceRole::kControlling;
      else if (role == "controlled") config.role = ice::IceRole::kControlled;
      else {
        std::cerr << "--role must be controlling or controlled\n";
        return 64;
      }
    } else if (arg == "--bind") {
      std::string text = need(i);
      auto address = SocketAddress::parse(text);
      if (!address) {
        auto ip = IpAddress::parse(text);
        if (ip) address = SocketAddress(*ip, 0);
      }
      if (!address) {
        std::cerr << "--bind: not an IP address: " << text << "\n";
        return 64;
      }
      config.bind.push_back(*address);
    } else if (arg == "--stun") {
      config.stun_url = need(i);
    } else if (arg == "--turn") {
      config.turn_url = need(i);
    } else if (arg == "--user") {
      config.user = need(i);
    } else if (arg == "--pass") {
      config.pass = need(i);
    } else if (arg == "--relay-only") {
      config.relay_only = true;
    } else if (arg == "--send") {
      config.send = std::atoi(need(i).c_str());
    } else if (arg == "--timeout") {
      config.timeout_s = std::atof(need(i).c_str());
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      std::cerr << "unknown argument " << arg << "\n" << kUsage;
      return 64;
    }
  }
  if (!config.loopback && !config.role) {
    std::cerr << "--role or --loopback is required\n" << kUsage;
    return 64;
  }
  if (config.relay_only && !config.turn_url) {
    std::cerr << "--relay-only needs --turn\n";
    return 64;
  }
  if (config.send < 0 || config.timeout_s <= 0) {
    std::cerr << "--send must be >= 0 and --timeout > 0\n";
    return 64;
  }
  return config.loopback ? run_loopback(config) : run_pair(config);
}
