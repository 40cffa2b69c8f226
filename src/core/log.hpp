#pragma once
// Structured logging: one line per event, `key=value` pairs, always with the request id
// when there is one. Callers pass ids and codes only — never names, BSNs or message text.
#include <initializer_list>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace mk {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

class Logger {
 public:
  using Field = std::pair<std::string_view, std::string_view>;

  explicit Logger(std::ostream& out, LogLevel level = LogLevel::info) : out_(out), level_(level) {}

  void log(LogLevel level, std::string_view event, std::initializer_list<Field> fields = {});
  void debug(std::string_view e, std::initializer_list<Field> f = {}) { log(LogLevel::debug, e, f); }
  void info(std::string_view e, std::initializer_list<Field> f = {}) { log(LogLevel::info, e, f); }
  void warn(std::string_view e, std::initializer_list<Field> f = {}) { log(LogLevel::warn, e, f); }
  void error(std::string_view e, std::initializer_list<Field> f = {}) { log(LogLevel::error, e, f); }
  bool enabled(LogLevel level) const noexcept { return level >= level_; }
  void set_level(LogLevel level) noexcept { level_ = level; }

 private:
  std::ostream& out_;
  LogLevel level_;
  std::mutex mutex_;
};

std::optional<LogLevel> parse_log_level(std::string_view text);

}  // namespace mk
