// A program the tools tests run as a child process: its stdin, stdout and stderr are pipes read
// and written on the test's event loop, stdout split into lines. The child dies with the test
// (PR_SET_PDEATHSIG), so a failed assertion never leaves it running.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "host/event_loop.h"

namespace wasmrtc::tools::test {

// A child process whose stdin, stdout and stderr are pipes read and written on the loop.
class Child {
 public:
  Child(host::EventLoop& loop, const std::string& program, std::vector<std::string> args)
      : out_(loop.context()), err_(loop.context()) {
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return;
    args.insert(args.begin(), program);
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(in[0], 0);
      dup2(out[1], 1);
      dup2(err[1], 2);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    stdin_ = in[1];
    out_.assign(out[0]);
    err_.assign(err[0]);
    read_out();
    read_err();
  }
  ~Child() {
    close_stdin();
    if (pid_ > 0 && !exit_code_) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }

  // Called with each complete line of its stdout.
  std::function<void(const std::string&)> on_line;
  std::function<void()> on_eof;

  void write_line(const std::string& line) {
    if (stdin_ < 0) return;
    std::string text = line + "\n";
    size_t off = 0;
    while (off < text.size()) {
      ssize_t n = ::write(stdin_, text.data() + off, text.size() - off);
      if (n <= 0) return;  // it exited (EPIPE; SIGPIPE is ignored by the test)
      off += static_cast<size_t>(n);
    }
  }
  void close_stdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
  }
  bool eof() const { return out_eof_ && err_eof_; }
  // Reaps it (its output is at EOF, so it has exited or is about to).
  int wait() {
    if (exit_code_) return *exit_code_;
    int status = 0;
    if (pid_ <= 0 || waitpid(pid_, &status, 0) != pid_) return -1;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return *exit_code_;
  }
  const std::vector<std::string>& lines() const { return lines_; }
  const std::string& stderr_text() const { return err_text_; }
  bool printed(const std::string& key) const {
    for (const auto& l : lines_)
      if (l.find("\"" + key + "\"") != std::string::npos) return true;
    return false;
  }
  std::string output() const {
    std::string all;
    for (const auto& l : lines_) all += "  " + l + "\n";
    return all + "stderr:\n" + err_text_;
  }

 private:
  void read_out() {
    out_.async_read_some(boost::asio::buffer(buf_out_), [this](const boost::system::error_code& ec, size_t n) {
      pending_.append(buf_out_.data(), n);
      size_t pos;
      while ((pos = pending_.find('\n')) != std::string::npos) {
        std::string line = pending_.substr(0, pos);
        pending_.erase(0, pos + 1);
        lines_.push_back(line);
        if (on_line) on_line(line);
      }
      if (ec) {
        out_eof_ = true;
        if (on_eof) on_eof();
        return;
      }
      read_out();
    });
  }
  void read_err() {
    err_.async_read_some(boost::asio::buffer(buf_err_), [this](const boost::system::error_code& ec, size_t n) {
      err_text_.append(buf_err_.data(), n);
      if (ec) {
        err_eof_ = true;
        return;
      }
      read_err();
    });
  }

  pid_t pid_ = -1;
  int stdin_ = -1;
  boost::asio::posix::stream_descriptor out_, err_;
  std::array<char, 4096> buf_out_{}, buf_err_{};
  std::string pending_, err_text_;
  std::vector<std::string> lines_;
  bool out_eof_ = false, err_eof_ = false;
  std::optional<int> exit_code_;
};

}  // namespace wasmrtc::tools::test
