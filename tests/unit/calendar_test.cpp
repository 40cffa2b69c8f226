#include "domain/calendar.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace mk::domain {
namespace {

using namespace std::chrono;

// Dates and instants are compared in their text form, which gtest prints readably.
Date date(const char* text) { return parse_date(text).value(); }
Timestamp at(const char* text) { return parse_timestamp(text).value(); }
std::string plus_working_days(const char* start, int n) {
  return format_timestamp(add_working_days(at(start), n));
}

std::vector<std::string> holidays_of(int year) {
  std::vector<std::string> out;
  for (Date d : dutch_holidays(year)) out.push_back(format_date(d));
  return out;
}

TEST(Easter, KnownDates) {
  const std::vector<std::pair<int, const char*>> cases = {
      {1818, "1818-03-22"}, {1961, "1961-04-02"}, {2000, "2000-04-23"}, {2008, "2008-03-23"},
      {2011, "2011-04-24"}, {2016, "2016-03-27"}, {2019, "2019-04-21"}, {2024, "2024-03-31"},
      {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"}, {2038, "2038-04-25"},
      {2100, "2100-03-28"}, {2285, "2285-03-22"},
  };
  for (const auto& [year, expected] : cases) {
    SCOPED_TRACE(year);
    EXPECT_EQ(format_date(easter_sunday(year)), expected);
  }
}

TEST(Holidays, Year2026) {
  EXPECT_EQ(holidays_of(2026),
            (std::vector<std::string>{"2026-01-01", "2026-04-05", "2026-04-06", "2026-04-27", "2026-05-05",
                                      "2026-05-14", "2026-05-24", "2026-05-25", "2026-12-25", "2026-12-26"}));
}

TEST(Holidays, Year2025KingsDayOnSaturdayBecause27AprilIsSunday) {
  EXPECT_EQ(holidays_of(2025),
            (std::vector<std::string>{"2025-01-01", "2025-04-20", "2025-04-21", "2025-04-26", "2025-05-05",
                                      "2025-05-29", "2025-06-08", "2025-06-09", "2025-12-25", "2025-12-26"}));
}

TEST(Holidays, RoyalBirthdayAcrossTheYears) {
  EXPECT_TRUE(is_dutch_holiday(date("2013-04-30")));   // last Koninginnedag, a Tuesday
  EXPECT_FALSE(is_dutch_holiday(date("2013-04-27")));
  EXPECT_TRUE(is_dutch_holiday(date("2006-04-29")));   // 30 April 2006 was a Sunday
  EXPECT_FALSE(is_dutch_holiday(date("2006-04-30")));
  EXPECT_TRUE(is_dutch_holiday(date("2014-04-26")));   // first Koningsdag; the 27th was a Sunday
  EXPECT_FALSE(is_dutch_holiday(date("2014-04-30")));
  EXPECT_TRUE(is_dutch_holiday(date("2024-04-27")));
  EXPECT_FALSE(is_dutch_holiday(date("2024-04-30")));
  EXPECT_FALSE(is_dutch_holiday(date("1948-04-30")));  // before Koninginnedag on 30 April
}

TEST(Holidays, AscensionOnLiberationDayIsListedOnce) {
  // 2016: Easter 27 March, Ascension 5 May.
  auto days = holidays_of(2016);
  EXPECT_EQ(days.size(), 9u);
  EXPECT_EQ(std::count(days.begin(), days.end(), "2016-05-05"), 1);
}

TEST(Holidays, SortedAndConsistentWithIsDutchHoliday) {
  for (int year = 1990; year <= 2060; ++year) {
    SCOPED_TRACE(year);
    auto list = dutch_holidays(year);
    EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
    int count = 0;
    for (sys_days d = sys_days{Date{std::chrono::year{year} / January / 1}};
         d <= sys_days{Date{std::chrono::year{year} / December / 31}}; d += days{1})
      if (is_dutch_holiday(Date{d})) ++count;
    EXPECT_EQ(count, int(list.size()));
  }
}

TEST(Holidays, GoodFridayAndChristmasEveAreNotHolidays) {
  EXPECT_FALSE(is_dutch_holiday(date("2026-04-03")));
  EXPECT_FALSE(is_dutch_holiday(date("2026-12-24")));
  EXPECT_FALSE(is_dutch_holiday(date("2026-12-31")));
}

TEST(WorkingDay, WeekendsAndHolidays) {
  EXPECT_TRUE(is_working_day(date("2026-01-09")));   // Friday
  EXPECT_FALSE(is_working_day(date("2026-01-10")));  // Saturday
  EXPECT_FALSE(is_working_day(date("2026-01-11")));  // Sunday
  EXPECT_TRUE(is_working_day(date("2026-04-03")));   // Good Friday
  EXPECT_FALSE(is_working_day(date("2026-04-06")));  // Easter Monday
  EXPECT_FALSE(is_working_day(date("2026-05-14")));  // Ascension
  EXPECT_FALSE(is_working_day(date("2026-01-01")));  // New Year, a Thursday
}

TEST(AmsterdamTime, OffsetSwitchesAtOneUtc) {
  EXPECT_EQ(amsterdam_offset(at("2026-01-15T12:00:00Z")), minutes{60});
  EXPECT_EQ(amsterdam_offset(at("2026-07-15T12:00:00Z")), minutes{120});
  EXPECT_EQ(amsterdam_offset(at("2026-03-29T00:59:59.999Z")), minutes{60});
  EXPECT_EQ(amsterdam_offset(at("2026-03-29T01:00:00Z")), minutes{120});
  EXPECT_EQ(amsterdam_offset(at("2026-10-25T00:59:59.999Z")), minutes{120});
  EXPECT_EQ(amsterdam_offset(at("2026-10-25T01:00:00Z")), minutes{60});
  EXPECT_EQ(amsterdam_offset(at("2025-03-30T01:00:00Z")), minutes{120});
  EXPECT_EQ(amsterdam_offset(at("2025-03-30T00:30:00Z")), minutes{60});
  EXPECT_EQ(amsterdam_offset(at("2025-10-26T00:30:00Z")), minutes{120});
  EXPECT_EQ(amsterdam_offset(at("2025-10-26T01:30:00Z")), minutes{60});
}

TEST(AmsterdamTime, LocalDate) {
  EXPECT_EQ(format_date(amsterdam_date(at("2026-06-30T21:59:59Z"))), "2026-06-30");
  EXPECT_EQ(format_date(amsterdam_date(at("2026-06-30T22:00:00Z"))), "2026-07-01");
  EXPECT_EQ(format_date(amsterdam_date(at("2026-12-31T22:59:59Z"))), "2026-12-31");
  EXPECT_EQ(format_date(amsterdam_date(at("2026-12-31T23:00:00Z"))), "2027-01-01");
}

TEST(AddWorkingDays, WithinAndAcrossWeekends) {
  // Wednesday 10:00 local (CET = UTC+1).
  EXPECT_EQ(plus_working_days("2026-01-07T09:00:00Z", 2), "2026-01-09T09:00:00.000Z");
  // Friday → Monday.
  EXPECT_EQ(plus_working_days("2026-01-09T09:00:00Z", 1), "2026-01-12T09:00:00.000Z");
  // Friday + 5 → next Friday.
  EXPECT_EQ(plus_working_days("2026-01-09T09:00:00Z", 5), "2026-01-16T09:00:00.000Z");
  // Milliseconds survive.
  EXPECT_EQ(plus_working_days("2026-01-07T09:15:30.123Z", 1), "2026-01-08T09:15:30.123Z");
}

TEST(AddWorkingDays, AcrossHolidays) {
  // Easter 2026: Thursday 2 April → Good Friday is a working day → Tuesday after Easter Monday.
  EXPECT_EQ(plus_working_days("2026-04-02T08:00:00Z", 1), "2026-04-03T08:00:00.000Z");
  EXPECT_EQ(plus_working_days("2026-04-02T08:00:00Z", 2), "2026-04-07T08:00:00.000Z");
  // Ascension, Thursday 14 May 2026.
  EXPECT_EQ(plus_working_days("2026-05-13T08:00:00Z", 1), "2026-05-15T08:00:00.000Z");
  // Whit Monday, 25 May 2026.
  EXPECT_EQ(plus_working_days("2026-05-22T08:00:00Z", 1), "2026-05-26T08:00:00.000Z");
  // King's Day (Monday 27 April) and Liberation Day (Tuesday 5 May) in one stretch.
  EXPECT_EQ(plus_working_days("2026-04-20T08:00:00Z", 10), "2026-05-06T08:00:00.000Z");
  // Christmas 2025 (Thursday, Friday) and New Year 2026 (Thursday).
  EXPECT_EQ(plus_working_days("2025-12-24T09:00:00Z", 1), "2025-12-29T09:00:00.000Z");
  EXPECT_EQ(plus_working_days("2025-12-31T09:00:00Z", 1), "2026-01-02T09:00:00.000Z");
}

TEST(AddWorkingDays, KeepsLocalTimeAcrossDstSwitches) {
  // Friday 27 March 2026 10:00 CET → Monday 30 March 10:00 CEST.
  EXPECT_EQ(plus_working_days("2026-03-27T09:00:00Z", 1), "2026-03-30T08:00:00.000Z");
  // Friday 23 October 2026 10:00 CEST → Monday 26 October 10:00 CET.
  EXPECT_EQ(plus_working_days("2026-10-23T08:00:00Z", 1), "2026-10-26T09:00:00.000Z");
  // Late evening: Friday 23:30 CEST → Monday 23:30 CET.
  EXPECT_EQ(plus_working_days("2026-10-23T21:30:00Z", 1), "2026-10-26T22:30:00.000Z");
}

TEST(AddWorkingDays, StartOutsideWorkingTimeCountsFromNextWorkingDayMidnight) {
  // Saturday 15:00 local: N = 0 gives Monday 00:00 local, N = 1 Tuesday 00:00 local.
  EXPECT_EQ(plus_working_days("2026-01-10T14:00:00Z", 0), "2026-01-11T23:00:00.000Z");
  EXPECT_EQ(plus_working_days("2026-01-10T14:00:00Z", 1), "2026-01-12T23:00:00.000Z");
  // Saturday before the spring switch: Monday 00:00 CEST.
  EXPECT_EQ(plus_working_days("2026-03-28T10:00:00Z", 0), "2026-03-29T22:00:00.000Z");
  // Easter Monday 09:00 local → Tuesday 00:00, +1 → Wednesday 00:00 (CEST).
  EXPECT_EQ(plus_working_days("2026-04-06T07:00:00Z", 1), "2026-04-07T22:00:00.000Z");
  // Friday 23:30 UTC is already Saturday 00:30 in Amsterdam.
  EXPECT_EQ(plus_working_days("2026-01-09T23:30:00Z", 1), "2026-01-12T23:00:00.000Z");
  // Sunday 23:30 UTC is Monday 00:30 in Amsterdam, a working day: time of day kept.
  EXPECT_EQ(plus_working_days("2026-01-11T23:30:00Z", 1), "2026-01-12T23:30:00.000Z");
}

TEST(AddWorkingDays, ZeroDaysOnAWorkingDayIsTheStartItself) {
  EXPECT_EQ(plus_working_days("2026-01-07T09:15:30.123Z", 0), "2026-01-07T09:15:30.123Z");
  EXPECT_EQ(plus_working_days("2026-07-01T21:59:59.999Z", 0), "2026-07-01T21:59:59.999Z");
}

TEST(AddWorkingDays, AgreesWithWorkingDaysBetweenAndKeepsLocalTime) {
  for (sys_days d = sys_days{Date{2025y / January / 1}}; d < sys_days{Date{2027y / January / 1}}; d += days{3}) {
    if (!is_working_day(Date{d})) continue;
    const Timestamp start = d + hours{10} - amsterdam_offset(d + hours{10});  // 10:00 local
    for (int n : {0, 1, 2, 3, 5, 10, 15}) {
      SCOPED_TRACE(format_timestamp(start) + " + " + std::to_string(n));
      const Timestamp due = add_working_days(start, n);
      const Date due_date = amsterdam_date(due);
      EXPECT_TRUE(is_working_day(due_date));
      EXPECT_EQ(working_days_between(Date{d}, due_date), n);
      EXPECT_EQ(due + amsterdam_offset(due) - sys_days{due_date}, hours{10});
    }
  }
}

TEST(WorkingDaysBetween, CountsWorkingDaysAfterFromUpToTo) {
  EXPECT_EQ(working_days_between(date("2026-01-07"), date("2026-01-07")), 0);
  EXPECT_EQ(working_days_between(date("2026-01-09"), date("2026-01-12")), 1);   // Fri → Mon
  EXPECT_EQ(working_days_between(date("2026-01-12"), date("2026-01-16")), 4);   // Mon → Fri
  EXPECT_EQ(working_days_between(date("2026-01-12"), date("2026-01-19")), 5);   // Mon → Mon
  EXPECT_EQ(working_days_between(date("2026-01-10"), date("2026-01-11")), 0);   // Sat → Sun
  EXPECT_EQ(working_days_between(date("2026-01-10"), date("2026-01-12")), 1);   // Sat → Mon
  EXPECT_EQ(working_days_between(date("2026-04-02"), date("2026-04-07")), 2);   // across Easter
  EXPECT_EQ(working_days_between(date("2026-01-16"), date("2026-01-12")), -4);  // reversed
  EXPECT_EQ(working_days_between(date("2025-12-31"), date("2027-01-01")), 254); // all of 2026
}

// format_timestamp writes its digits by hand; snprintf is the reference it must match, and
// parse_timestamp must read every instant back to itself.
std::string snprintf_timestamp(Timestamp t) {
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> hms{t - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()), int(hms.hours().count()), int(hms.minutes().count()),
                int(hms.seconds().count()), int(hms.subseconds().count()));
  return buf;
}

TEST(FormatTimestamp, MatchesTheReferenceAndRoundTrips) {
  EXPECT_EQ(format_timestamp(Timestamp{}), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(at("2024-02-29T23:59:59.999Z")), "2024-02-29T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(at("2026-12-08T01:02:03.004+01:00")), "2026-12-08T00:02:03.004Z");
  EXPECT_EQ(format_timestamp(at("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(at("9999-12-31T23:59:59.999Z")), "9999-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(at("1969-12-31T23:59:59.999Z")), "1969-12-31T23:59:59.999Z");
  // Outside four-digit years the text is snprintf's, as before.
  Timestamp far = sys_days{year{10000} / 1 / 1} + hours{1};
  EXPECT_EQ(format_timestamp(far), snprintf_timestamp(far));
  // A deterministic walk over 1900-2100 with odd steps hits every field's carries.
  Timestamp t = sys_days{year{1900} / 1 / 1};
  const Timestamp end = sys_days{year{2100} / 1 / 1};
  int checked = 0;
  for (; t < end; t += milliseconds{7'919'999'977LL}, ++checked) {
    const std::string text = format_timestamp(t);
    ASSERT_EQ(text, snprintf_timestamp(t));
    ASSERT_EQ(parse_timestamp(text), t) << text;
  }
  EXPECT_GT(checked, 700);
}

}  // namespace
}  // namespace mk::domain
