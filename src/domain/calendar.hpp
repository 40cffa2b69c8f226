#pragma once
// Working time in the Netherlands: weekends and the national holidays of the Algemene
// termijnenwet are skipped when a response time in working days is added. Local time is
// Europe/Amsterdam (CET/CEST with the EU switch rules), computed here without a tz database.
#include <chrono>
#include <vector>

#include "core/time.hpp"

namespace mk::domain {

// Easter Sunday (Gregorian, anonymous algorithm).
Date easter_sunday(int year);

// Nieuwjaarsdag, Eerste/Tweede Paasdag, Koningsdag (27 April, 26 April when the 27th is a
// Sunday; Koninginnedag 30 April — 29 April when a Sunday — before 2014), Bevrijdingsdag
// (5 May), Hemelvaartsdag, Eerste/Tweede Pinksterdag, Eerste/Tweede Kerstdag. Sorted.
std::vector<Date> dutch_holidays(int year);
bool is_dutch_holiday(Date d);
bool is_working_day(Date d);  // Monday–Friday and not a holiday

// Offset of Europe/Amsterdam from UTC at instant t: +1h (CET) or +2h (CEST, from the last
// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC).
std::chrono::minutes amsterdam_offset(Timestamp t);
Date amsterdam_date(Timestamp t);
// The instant a local calendar day starts (00:00 in Amsterdam; it always exists exactly once).
Timestamp amsterdam_midnight(Date d);
// The instant a local wall time is reached on a local day (on-site sessions start and end).
Timestamp amsterdam_local(Date d, std::chrono::minutes since_midnight);

// submitted + N working days, in Amsterdam local time: the same local time of day N working
// days later. A start outside a working day (weekend, holiday) counts from the start of the
// next working day, 00:00 local. days == 0 gives the start itself (moved likewise).
Timestamp add_working_days(Timestamp start, int days);

// Working days between two instants' local dates (for reporting: how late is late).
int working_days_between(Date from, Date to);

}  // namespace mk::domain
