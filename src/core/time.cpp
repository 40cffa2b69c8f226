#include "core/time.hpp"

#include <cstdio>

namespace mk {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

// Every response, access-log line and stored row formats timestamps, a dozen per consult read:
// written digit by digit, because snprintf cost ~2,000 instructions a call. Years outside
// 0000-9999 (never stored, but representable) keep the snprintf form.
std::string format_timestamp(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  const int y = int(ymd.year());
  if (y < 0 || y > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y, unsigned(ymd.month()),
                  unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                  int(hms.seconds().count()), int(hms.subseconds().count()));
    return buf;
  }
  std::string out(24, '0');  // YYYY-MM-DDTHH:MM:SS.mmmZ
  auto put = [&out](size_t pos, unsigned v, size_t width) {
    for (size_t i = width; i-- > 0; v /= 10) out[pos + i] = char('0' + v % 10);
  };
  put(0, unsigned(y), 4);
  out[4] = '-';
  put(5, unsigned(ymd.month()), 2);
  out[7] = '-';
  put(8, unsigned(ymd.day()), 2);
  out[10] = 'T';
  put(11, unsigned(hms.hours().count()), 2);
  out[13] = ':';
  put(14, unsigned(hms.minutes().count()), 2);
  out[16] = ':';
  put(17, unsigned(hms.seconds().count()), 2);
  out[19] = '.';
  put(20, unsigned(hms.subseconds().count()), 3);
  out[23] = 'Z';
  return out;
}

std::optional<Timestamp> parse_timestamp(std::string_view s) {
  using namespace std::chrono;
  int y, mo, d, h, mi, se;
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':')
    return std::nullopt;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, mo) || !digits(s, 8, 2, d) || !digits(s, 11, 2, h) ||
      !digits(s, 14, 2, mi) || !digits(s, 17, 2, se))
    return std::nullopt;
  if (h > 23 || mi > 59 || se > 59) return std::nullopt;
  year_month_day ymd{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  size_t pos = 19;
  int ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int scale = 100, n = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (n < 3) ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++n;
    }
    if (n == 0) return std::nullopt;
  }
  int offset_min = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (pos + 6 > s.size() || s[pos + 3] != ':' || !digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  Timestamp t = sys_days{ymd} + hours{h} + minutes{mi} + seconds{se} + milliseconds{ms};
  return t - minutes{offset_min};
}

std::string format_date(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
  return buf;
}

std::optional<Date> parse_date(std::string_view s) {
  using namespace std::chrono;
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  Date ymd{year{y}, month{unsigned(m)}, day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return ymd;
}

Date utc_date(Timestamp t) { return Date{std::chrono::floor<std::chrono::days>(t)}; }

Timestamp start_of_utc_day(Date d) { return std::chrono::sys_days{d}; }

int64_t to_unix_ms(Timestamp t) { return t.time_since_epoch().count(); }

Timestamp from_unix_ms(int64_t ms) { return Timestamp{std::chrono::milliseconds{ms}}; }

}  // namespace mk
