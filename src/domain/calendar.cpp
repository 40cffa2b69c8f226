#include "domain/calendar.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

namespace mk::domain {

using namespace std::chrono;

namespace {

// Days after Easter Sunday that are holidays: Tweede Paasdag, Hemelvaartsdag, Eerste and
// Tweede Pinksterdag (and Easter Sunday itself).
constexpr int easter_offsets[] = {0, 1, 39, 49, 50};

// The King's (Queen's) birthday as celebrated: from 2014 Koningsdag, 1949-2013 Koninginnedag.
// Before 1980 a Sunday 30 April actually moved to Monday 1 May; the 1980 rule (Saturday 29
// April) is used for all of 1949-2013 because no consult predates it.
std::optional<Date> royal_birthday(int y) {
  if (y >= 2014) {
    Date d = year{y} / April / 27;
    return weekday{sys_days{d}} == Sunday ? year{y} / April / 26 : d;
  }
  if (y >= 1949) {
    Date d = year{y} / April / 30;
    return weekday{sys_days{d}} == Sunday ? year{y} / April / 29 : d;
  }
  return std::nullopt;
}

bool is_fixed_holiday(Date d) {
  const int y = int(d.year());
  const unsigned m = unsigned(d.month());
  const unsigned dom = unsigned(d.day());
  if (m == 1 && dom == 1) return true;
  if (m == 5 && dom == 5) return y >= 1945;
  if (m == 12 && (dom == 25 || dom == 26)) return true;
  auto royal = royal_birthday(y);
  return royal && *royal == d;
}

bool is_easter_holiday(Date d) {
  const auto diff = (sys_days{d} - sys_days{easter_sunday(int(d.year()))}).count();
  return std::find(std::begin(easter_offsets), std::end(easter_offsets), diff) != std::end(easter_offsets);
}

sys_days last_sunday(int y, month m) { return sys_days{year{y} / m / Sunday[last]}; }

// Local wall time as if it were UTC, so calendar arithmetic on it gives local dates.
sys_time<milliseconds> to_local(Timestamp t) { return t + amsterdam_offset(t); }

// The instant of a local wall time. Working days are never Sundays, when the switches happen,
// so the wall times we convert always exist exactly once.
Timestamp from_local(sys_time<milliseconds> local) {
  const Timestamp as_cet = local - hours{1};
  return amsterdam_offset(as_cet) == hours{1} ? as_cet : local - hours{2};
}

sys_days next_working_day(sys_days d) {
  do d += days{1};
  while (!is_working_day(Date{d}));
  return d;
}

}  // namespace

Date easter_sunday(int y) {
  const int a = y % 19;
  const int b = y / 100;
  const int c = y % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int mon = (h + l - 7 * m + 114) / 31;
  const int dom = (h + l - 7 * m + 114) % 31 + 1;
  return Date{year{y}, month{unsigned(mon)}, day{unsigned(dom)}};
}

std::vector<Date> dutch_holidays(int y) {
  std::vector<sys_days> list;
  list.reserve(11);
  list.push_back(sys_days{year{y} / January / 1});
  const sys_days easter{easter_sunday(y)};
  for (int offset : easter_offsets) list.push_back(easter + days{offset});
  if (auto royal = royal_birthday(y)) list.push_back(sys_days{*royal});
  if (y >= 1945) list.push_back(sys_days{year{y} / May / 5});
  list.push_back(sys_days{year{y} / December / 25});
  list.push_back(sys_days{year{y} / December / 26});
  // Ascension Day can fall on 5 May (2016): one date, one entry.
  std::sort(list.begin(), list.end());
  list.erase(std::unique(list.begin(), list.end()), list.end());
  return {list.begin(), list.end()};
}

bool is_dutch_holiday(Date d) { return is_fixed_holiday(d) || is_easter_holiday(d); }

bool is_working_day(Date d) {
  const weekday wd{sys_days{d}};
  return wd != Saturday && wd != Sunday && !is_dutch_holiday(d);
}

// The EU rule holds since 1996; earlier instants get it too (no consult predates it).
minutes amsterdam_offset(Timestamp t) {
  const int y = int(utc_date(t).year());
  const auto summer_start = last_sunday(y, March) + hours{1};
  const auto summer_end = last_sunday(y, October) + hours{1};
  return (t >= summer_start && t < summer_end) ? minutes{120} : minutes{60};
}

Date amsterdam_date(Timestamp t) { return Date{floor<days>(to_local(t))}; }

Timestamp add_working_days(Timestamp start, int n) {
  const auto local = to_local(start);
  sys_days day = floor<days>(local);
  auto time_of_day = local - day;
  if (!is_working_day(Date{day})) {
    day = next_working_day(day);
    time_of_day = milliseconds{0};
  }
  for (int i = 0; i < n; ++i) day = next_working_day(day);  // n < 0 behaves as 0
  return from_local(day + time_of_day);
}

int working_days_between(Date from, Date to) {
  sys_days a{from};
  sys_days b{to};
  const int sign = a <= b ? 1 : -1;
  if (b < a) std::swap(a, b);
  int count = 0;
  for (sys_days d = a + days{1}; d <= b; d += days{1})
    if (is_working_day(Date{d})) ++count;
  return sign * count;
}

}  // namespace mk::domain

namespace mk::domain {

Timestamp amsterdam_midnight(Date d) {
  return from_local(std::chrono::sys_days(d));
}

Timestamp amsterdam_local(Date d, std::chrono::minutes since_midnight) {
  return from_local(std::chrono::sys_days(d) + since_midnight);
}

}  // namespace mk::domain
