#include "domain/onsite.hpp"

#include <algorithm>
#include <chrono>

#include "domain/calendar.hpp"

namespace mk::domain {

std::string_view to_string(SessionStatus s) { return s == SessionStatus::cancelled ? "cancelled" : "planned"; }

std::optional<SessionStatus> parse_session_status(std::string_view s) {
  if (s == "planned") return SessionStatus::planned;
  if (s == "cancelled") return SessionStatus::cancelled;
  return std::nullopt;
}

std::optional<int> parse_clock_time(std::string_view t) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() != 5 || t[2] != ':' || !digit(t[0]) || !digit(t[1]) || !digit(t[3]) || !digit(t[4])) return std::nullopt;
  int h = (t[0] - '0') * 10 + (t[1] - '0');
  int m = (t[3] - '0') * 10 + (t[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

Timestamp amsterdam_at(Date d, std::string_view hh_mm) {
  return amsterdam_local(d, std::chrono::minutes(parse_clock_time(hh_mm).value_or(0)));
}

std::optional<int> first_free_slot(int slots, const std::vector<int>& taken) {
  for (int s = 1; s <= slots; ++s)
    if (std::find(taken.begin(), taken.end(), s) == taken.end()) return s;
  return std::nullopt;
}

}  // namespace mk::domain
