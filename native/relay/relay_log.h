// Structured logs: one line per event, `ts=... level=... event=... key=value ...`, values quoted
// only when they need it. Written to stderr by default (journald adds its own timestamps but the
// ts= field keeps files and pipes useful).
#pragma once

#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace wasmrtc::relay {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };
bool parse_log_level(std::string_view text, LogLevel& out);

class Logger {
 public:
  using Field = std::pair<std::string_view, std::string>;
  explicit Logger(std::ostream& out, LogLevel level = LogLevel::kInfo) : out_(out), level_(level) {}

  void log(LogLevel level, std::string_view event, std::initializer_list<Field> fields = {});
  void info(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::kInfo, event, fields); }
  void warn(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::kWarn, event, fields); }
  void debug(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::kDebug, event, fields); }
  bool enabled(LogLevel level) const { return level >= level_; }
  void set_level(LogLevel level) { level_ = level; }

 private:
  std::ostream& out_;
  LogLevel level_;
};

}  // namespace wasmrtc::relay
