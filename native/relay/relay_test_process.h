// A child process for tests (the wasmrtc-relay binary, coturn's turnutils_uclient): started with
// its output in files under a temp dir, polled without blocking (so the test's own event loop can
// keep serving meanwhile), signalled, and always reaped (SIGKILL on destruction if still running).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace wasmrtc::relay::testing {

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args) {
    char tmpl[] = "/tmp/wasmrtc-relay-test-XXXXXX";
    if (!mkdtemp(tmpl)) return;
    dir_ = tmpl;
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int out = open((dir_ + "/stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      int err = open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(out, 1);
      dup2(err, 2);
      std::vector<char*> argv;
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }
  ~ChildProcess() {
    if (running()) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    if (!dir_.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(dir_, ec);
    }
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool started() const { return pid_ > 0; }
  // Non-blocking: reaps the child if it has exited.
  bool running() {
    if (pid_ <= 0 || exit_status_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = status;
      return false;
    }
    return true;
  }
  std::optional<int> exit_code() {
    running();
    if (!exit_status_ || !WIFEXITED(*exit_status_)) return std::nullopt;
    return WEXITSTATUS(*exit_status_);
  }
  bool killed_by_signal() {
    running();
    return exit_status_ && WIFSIGNALED(*exit_status_);
  }
  void signal(int sig) {
    if (running()) kill(pid_, sig);
  }
  std::string out() const { return read(dir_ + "/stdout"); }
  std::string err() const { return read(dir_ + "/stderr"); }

 private:
  static std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::string dir_;
};

}  // namespace wasmrtc::relay::testing
