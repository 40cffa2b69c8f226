#pragma once
// Time as the domain sees it: UTC instants with millisecond precision, and calendar dates.
// Text forms are fixed-width ISO 8601 so that they sort lexicographically in any store.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace mk {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using Date = std::chrono::year_month_day;

// "2026-11-22T10:15:30.123Z"
std::string format_timestamp(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and "+HH:MM"/"-HH:MM" offsets.
std::optional<Timestamp> parse_timestamp(std::string_view text);

// "2026-11-22"
std::string format_date(Date d);
std::optional<Date> parse_date(std::string_view text);  // rejects impossible dates

Date utc_date(Timestamp t);
Timestamp start_of_utc_day(Date d);
int64_t to_unix_ms(Timestamp t);
Timestamp from_unix_ms(int64_t ms);

}  // namespace mk
