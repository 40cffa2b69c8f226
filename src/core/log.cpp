#include "core/log.hpp"

#include <chrono>

#include "core/time.hpp"

namespace mk {
namespace {

const char* level_name(LogLevel l) {
  switch (l) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
  }
  return "info";
}

// Values with spaces, quotes or '=' are quoted so lines stay machine-parseable.
void append_value(std::string& line, std::string_view v) {
  bool plain = !v.empty();
  for (char c : v)
    if (c == ' ' || c == '"' || c == '=' || c == '\n' || c == '\\') plain = false;
  if (plain) {
    line.append(v);
    return;
  }
  line.push_back('"');
  for (char c : v) {
    if (c == '"' || c == '\\') line.push_back('\\');
    line.push_back(c == '\n' ? ' ' : c);
  }
  line.push_back('"');
}

}  // namespace

void Logger::log(LogLevel level, std::string_view event, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  auto now = std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  std::string line;
  line.reserve(160);
  line += "ts=";
  line += format_timestamp(now);
  line += " level=";
  line += level_name(level);
  line += " event=";
  append_value(line, event);
  for (const auto& [k, v] : fields) {
    line.push_back(' ');
    line.append(k);
    line.push_back('=');
    append_value(line, v);
  }
  line.push_back('\n');
  std::lock_guard lock(mutex_);
  out_ << line << std::flush;
}

std::optional<LogLevel> parse_log_level(std::string_view t) {
  if (t == "debug") return LogLevel::debug;
  if (t == "info") return LogLevel::info;
  if (t == "warn") return LogLevel::warn;
  if (t == "error") return LogLevel::error;
  return std::nullopt;
}

}  // namespace mk
