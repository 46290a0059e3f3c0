#include "testing/coturn_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace wasmrtc::testing {
namespace {

// A port that is free for both UDP and TCP on 127.0.0.1 right now (the OS picks it for UDP).
uint16_t pick_free_port() {
  for (int attempt = 0; attempt < 20; ++attempt) {
    int u = socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (u < 0 || bind(u, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        getsockname(u, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
      if (u >= 0) close(u);
      continue;
    }
    int t = socket(AF_INET, SOCK_STREAM, 0);
    bool tcp_free = t >= 0 && bind(t, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    if (t >= 0) close(t);
    close(u);
    if (tcp_free) return ntohs(a.sin_port);
  }
  return 0;
}

// Sends a minimal STUN Binding request (RFC 8489 §5) and waits up to `wait_ms` for any answer.
bool binding_answered(uint16_t port, int wait_ms) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  if (s < 0) return false;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(port);
  uint8_t request[20] = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  bool ok = false;
  if (sendto(s, request, sizeof request, 0, reinterpret_cast<sockaddr*>(&to), sizeof to) == sizeof request) {
    pollfd p{s, POLLIN, 0};
    if (poll(&p, 1, wait_ms) == 1) {
      uint8_t reply[1500];
      ssize_t n = recv(s, reply, sizeof reply, 0);
      ok = n >= 20 && reply[0] == 0x01 && reply[1] == 0x01;
    }
  }
  close(s);
  return ok;
}

}  // namespace

bool CoturnServer::available(const std::string& binary) { return access(binary.c_str(), X_OK) == 0; }

std::unique_ptr<CoturnServer> CoturnServer::start(const Options& options, std::string* error) {
  auto set_error = [error](std::string e) {
    if (error) *error = std::move(e);
  };
  if (!available(options.binary)) {
    set_error(options.binary + " not found");
    return nullptr;
  }
  std::unique_ptr<CoturnServer> server(new CoturnServer());
  char tmpl[] = "/tmp/wasmrtc-coturn-XXXXXX";
  if (!mkdtemp(tmpl)) {
    set_error("mkdtemp failed");
    return nullptr;
  }
  server->dir_ = tmpl;
  uint16_t port = pick_free_port();
  if (port == 0) {
    set_error("no free port");
    return nullptr;
  }
  server->address_ = SocketAddress(*IpAddress::parse("127.0.0.1"), port);
  // Relay ports: a 200-port block chosen by our pid, so parallel test binaries rarely share one.
  int min_port = 40000 + static_cast<int>(getpid() % 100) * 200;
  std::vector<std::string> args = {
      options.binary,
      "-n",  // no configuration file: only what is below
      "--listening-ip=127.0.0.1",
      "--relay-ip=127.0.0.1",
      "--listening-port=" + std::to_string(port),
      "--min-port=" + std::to_string(min_port),
      "--max-port=" + std::to_string(min_port + 199),
      "--lt-cred-mech",
      "--user=" + options.user + ":" + options.password,
      "--realm=" + options.realm,
      "--allow-loopback-peers",  // our peers are other sockets on 127.0.0.1
      "--no-cli",
      "--no-tls",
      "--no-dtls",
      "--no-stdout-log",
      "--simple-log",
      "--log-file=" + server->dir_ + "/turn.log",
      "--pidfile=" + server->dir_ + "/turn.pid",
      "--userdb=" + server->dir_ + "/turndb",
      "--verbose",
  };
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  pid_t pid = fork();
  if (pid < 0) {
    set_error("fork failed");
    return nullptr;
  }
  if (pid == 0) {
    // If the test binary dies without running our destructor, take the server down with it.
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    // Its console chatter goes beside the log, not into the test's output.
    std::string out = std::string(tmpl) + "/console.log";
    int fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  server->pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = -1;
      set_error("turnserver exited early; log:\n" + server->log());
      return nullptr;
    }
    if (binding_answered(port, 100)) return server;
  }
  set_error("turnserver did not answer a Binding within 10 s; log:\n" + server->log());
  return nullptr;
}

CoturnServer::~CoturnServer() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    int status = 0;
    bool reaped = false;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped = true;
        break;
      }
      poll(nullptr, 0, 10);  // a bounded wait for the child to exit, not a test sleep
    }
    if (!reaped) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  if (!dir_.empty() && std::getenv("WASMRTC_KEEP_COTURN_LOG") == nullptr) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string CoturnServer::log() const {
  std::ifstream in(dir_ + "/turn.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace wasmrtc::testing
