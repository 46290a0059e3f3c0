// A real, independent TURN server for integration tests: Debian's coturn (/usr/bin/turnserver),
// started on 127.0.0.1 on a free port with long-term credentials, polled with a STUN Binding until
// it answers (bounded deadline, no fixed sleep), and stopped (SIGTERM, then SIGKILL) on destruction.
#pragma once

#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

#include "common/socket_address.h"

namespace wasmrtc::testing {

class CoturnServer {
 public:
  struct Options {
    std::string user = "alice";
    std::string password = "secret";
    std::string realm = "wasmrtc.test";
    std::string binary = "/usr/bin/turnserver";
    std::vector<std::string> extra_args;  // e.g. "--stale-nonce=1"
  };

  static bool available(const std::string& binary = "/usr/bin/turnserver");
  // nullptr (and a reason in *error) when it could not be started or did not answer in 10 s.
  static std::unique_ptr<CoturnServer> start(const Options& options, std::string* error);
  ~CoturnServer();
  CoturnServer(const CoturnServer&) = delete;
  CoturnServer& operator=(const CoturnServer&) = delete;

  // Where it listens (UDP and TCP, same port).
  const SocketAddress& address() const { return address_; }
  // The server's log so far, for failure messages.
  std::string log() const;

 private:
  CoturnServer() = default;
  pid_t pid_ = -1;
  SocketAddress address_;
  std::string dir_;  // temp dir with the log, pid file and user db
};

}  // namespace wasmrtc::testing
