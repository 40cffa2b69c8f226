#include "domain/billing.hpp"

#include <algorithm>
#include <cstdio>

namespace mk::domain {
namespace {

// The last day a period covers, for comparisons: an open end is later than any real date.
std::chrono::sys_days last_day(const std::optional<Date>& to) {
  return to ? std::chrono::sys_days(*to) : std::chrono::sys_days::max();
}

}  // namespace

bool Contract::in_force_on(Date d) const {
  auto day = std::chrono::sys_days(d);
  return std::chrono::sys_days(valid_from) <= day && day <= last_day(valid_to);
}

bool Contract::overlaps(const Contract& other) const {
  return std::chrono::sys_days(valid_from) <= last_day(other.valid_to) &&
         std::chrono::sys_days(other.valid_from) <= last_day(valid_to);
}

int64_t Contract::consultant_fee(int minutes) const {
  if (consultant_fee_kind == FeeKind::fixed) return consultant_fee_cents;
  int64_t centicents = static_cast<int64_t>(std::max(minutes, 0)) * consultant_rate_centicents;
  int64_t cents = (centicents + 50) / 100;  // half up; both factors are non-negative
  if (consultant_fee_cap_cents) cents = std::min(cents, *consultant_fee_cap_cents);
  return cents;
}

std::string month_of(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()));
  return buf;
}

bool valid_month(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6})
    if (m[i] < '0' || m[i] > '9') return false;
  int month = (m[5] - '0') * 10 + (m[6] - '0');
  return m[0] == '2' && month >= 1 && month <= 12;
}

}  // namespace mk::domain
