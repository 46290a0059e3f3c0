// relay-bench: load on a TURN server over loopback, to compare wasmrtc-relay with coturn on the
// same machine in the same run. N allocation pairs (A_i -> B_i): each A_i sends `rate` ChannelData
// packets per second to B_i's relayed address for `seconds`; the bench reports delivered packets,
// loss, added latency (send -> receive through the relay, one process clock) and, given the
// server's pid, the server's CPU time, hence packets relayed per CPU-second ("per core").
//
//   relay-bench --server 127.0.0.1:3478 --user alice --password secret [--pid PID]
//               [--pairs 20] [--rate 500] [--seconds 3] [--size 200]
// The server must allow 127.0.0.1 peers (wasmrtc-relay: --allow-peer 127.0.0.1;
// coturn: --allow-loopback-peers).
#include <unistd.h>

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <vector>

#include "common/random.h"
#include "host/event_loop.h"
#include "host/turn_udp_session.h"

using namespace wasmrtc;
using namespace std::chrono_literals;

namespace {

// utime + stime of a process, in seconds (all its threads).
double cpu_seconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> opt = {{"server", "127.0.0.1:3478"}, {"user", "alice"}, {"password", "secret"},
                                            {"pid", "0"}, {"pairs", "20"}, {"rate", "500"}, {"seconds", "3"},
                                            {"size", "200"}};
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string key = argv[i];
    if (key.rfind("--", 0) != 0 || !opt.count(key.substr(2))) {
      std::cerr << "unknown option " << key << "\n";
      return 2;
    }
    opt[key.substr(2)] = argv[i + 1];
  }
  auto server = SocketAddress::parse(opt["server"]);
  if (!server) {
    std::cerr << "bad --server\n";
    return 2;
  }
  int pairs = std::stoi(opt["pairs"]), rate = std::stoi(opt["rate"]), pid = std::stoi(opt["pid"]);
  double seconds = std::stod(opt["seconds"]);
  size_t size = std::max<size_t>(16, std::stoul(opt["size"]));

  host::EventLoop loop;
  CryptoRandom random;
  turn::TurnClientOptions credentials;
  credentials.username = opt["user"];
  credentials.password = opt["password"];
  std::vector<int64_t> latencies_us;
  uint64_t received = 0;
  std::vector<std::unique_ptr<host::TurnUdpSession>> a, b;
  auto on_data = [&](const turn::TurnEvent& e) {
    if (e.kind != turn::TurnEvent::Kind::kData || e.data.size() < 8) return;
    int64_t sent = 0;
    std::memcpy(&sent, e.data.data(), 8);
    latencies_us.push_back(loop.now().micros() - sent);
    ++received;
  };
  SocketAddress any = *SocketAddress::parse("127.0.0.1:0");
  for (int i = 0; i < pairs; ++i) {
    auto sa = host::TurnUdpSession::open(loop, any, *server, credentials, random, nullptr);
    auto sb = host::TurnUdpSession::open(loop, any, *server, credentials, random, on_data);
    if (!sa || !sb) {
      std::cerr << "cannot open sockets\n";
      return 1;
    }
    a.push_back(std::move(sa.value()));
    b.push_back(std::move(sb.value()));
  }
  auto all = [&](auto pred) {
    for (int i = 0; i < pairs; ++i)
      if (!pred(i)) return false;
    return true;
  };
  for (int i = 0; i < pairs; ++i) {
    a[i]->client().allocate(loop.now());
    a[i]->pump();
    b[i]->client().allocate(loop.now());
    b[i]->pump();
  }
  if (!loop.run_until([&] { return all([&](int i) { return a[i]->client().state() == turn::TurnState::kAllocated &&
                                                           b[i]->client().state() == turn::TurnState::kAllocated; }); },
                      10s)) {
    std::cerr << "allocations failed (quota? credentials?)\n";
    return 1;
  }
  for (int i = 0; i < pairs; ++i) {
    a[i]->client().bind_channel(loop.now(), *b[i]->client().relayed_address());
    a[i]->pump();
    b[i]->client().create_permission(loop.now(), a[i]->client().relayed_address()->ip());
    b[i]->pump();
  }
  if (!loop.run_until([&] { return all([&](int i) { return a[i]->client().bound_channel(*b[i]->client().relayed_address()) &&
                                                           b[i]->client().has_permission(a[i]->client().relayed_address()->ip()); }); },
                      10s)) {
    std::cerr << "channel binds or permissions failed\n";
    return 1;
  }

  double cpu_before = pid ? cpu_seconds(pid) : 0;
  Timestamp start = loop.now();
  uint64_t sent = 0;
  uint64_t target_total = static_cast<uint64_t>(seconds * rate) * pairs;
  Bytes payload(size, 0xA5);
  boost::asio::steady_timer tick(loop.context());
  std::function<void()> send_due = [&] {
    double elapsed = static_cast<double>((loop.now() - start).count()) / 1e6;
    uint64_t due = std::min<uint64_t>(target_total, static_cast<uint64_t>(elapsed * rate) * pairs);
    while (sent < due) {
      int i = static_cast<int>(sent % pairs);
      int64_t now = loop.now().micros();
      std::memcpy(payload.data(), &now, 8);
      a[i]->client().send(loop.now(), *b[i]->client().relayed_address(), payload);
      a[i]->pump();
      ++sent;
    }
    if (sent < target_total) {
      tick.expires_after(1ms);
      tick.async_wait([&](const boost::system::error_code&) { send_due(); });
    }
  };
  send_due();
  loop.run_until([&] { return sent >= target_total; }, std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds + 5)));
  loop.run_until([&] { return received >= sent; }, 1s);
  double wall = static_cast<double>((loop.now() - start).count()) / 1e6;
  double cpu = pid ? cpu_seconds(pid) - cpu_before : 0;

  std::sort(latencies_us.begin(), latencies_us.end());
  auto pct = [&](double p) {
    return latencies_us.empty() ? 0.0 : latencies_us[std::min(latencies_us.size() - 1, static_cast<size_t>(p * latencies_us.size()))] / 1000.0;
  };
  double mean = 0;
  for (auto l : latencies_us) mean += static_cast<double>(l);
  mean = latencies_us.empty() ? 0 : mean / static_cast<double>(latencies_us.size()) / 1000.0;
  std::cout << "server=" << opt["server"] << " pairs=" << pairs << " rate_per_pair=" << rate << " size=" << size
            << " sent=" << sent << " received=" << received
            << " loss_pct=" << (sent ? 100.0 * static_cast<double>(sent - std::min(sent, received)) / static_cast<double>(sent) : 0)
            << " relayed_pps=" << static_cast<uint64_t>(static_cast<double>(received) / wall)
            << " latency_ms_mean=" << mean << " p50=" << pct(0.5) << " p99=" << pct(0.99);
  if (pid) {
    std::cout << " server_cpu_s=" << cpu << " pps_per_core=" << (cpu > 0 ? static_cast<uint64_t>(static_cast<double>(received) / cpu) : 0);
  }
  std::cout << std::endl;
  for (int i = 0; i < pairs; ++i) {
    a[i]->client().close(loop.now());
    a[i]->pump();
    b[i]->client().close(loop.now());
    b[i]->pump();
  }
  loop.run_for(200ms);
  return 0;
}
