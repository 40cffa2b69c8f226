// Contract arithmetic (DESIGN §5–6): periods, overlaps and the consultant's fee in cents.
#include <gtest/gtest.h>

#include "domain/billing.hpp"

namespace mk::domain {
namespace {

Date day(int y, unsigned m, unsigned d) { return std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d); }

Contract period(Date from, std::optional<Date> to) {
  Contract c;
  c.valid_from = from;
  c.valid_to = to;
  return c;
}

TEST(Contract, IsInForceFromItsFirstToItsLastDayInclusive) {
  auto c = period(day(2026, 1, 1), day(2026, 6, 30));
  EXPECT_FALSE(c.in_force_on(day(2025, 12, 31)));
  EXPECT_TRUE(c.in_force_on(day(2026, 1, 1)));
  EXPECT_TRUE(c.in_force_on(day(2026, 6, 30)));
  EXPECT_FALSE(c.in_force_on(day(2026, 7, 1)));
  auto open = period(day(2026, 7, 1), std::nullopt);
  EXPECT_TRUE(open.in_force_on(day(2099, 12, 31)));
  EXPECT_FALSE(open.in_force_on(day(2026, 6, 30)));
}

TEST(Contract, PeriodsOverlapWhenTheyShareADay) {
  auto h1 = period(day(2026, 1, 1), day(2026, 6, 30));
  EXPECT_TRUE(h1.overlaps(period(day(2026, 6, 30), day(2026, 12, 31))));
  EXPECT_FALSE(h1.overlaps(period(day(2026, 7, 1), day(2026, 12, 31))));
  EXPECT_TRUE(h1.overlaps(period(day(2020, 1, 1), std::nullopt)));
  EXPECT_FALSE(h1.overlaps(period(day(2020, 1, 1), day(2025, 12, 31))));
  EXPECT_TRUE(period(day(2026, 1, 1), std::nullopt).overlaps(period(day(2030, 1, 1), std::nullopt)));
}

TEST(Contract, AFixedFeeIgnoresTheMinutes) {
  Contract c;
  c.consultant_fee_kind = FeeKind::fixed;
  c.consultant_fee_cents = 4500;
  EXPECT_EQ(c.consultant_fee(0), 4500);
  EXPECT_EQ(c.consultant_fee(600), 4500);
}

TEST(Contract, APerMinuteFeeRoundsHalfUpToWholeCentsThenCaps) {
  Contract c;
  c.consultant_fee_kind = FeeKind::per_minute;
  c.consultant_rate_centicents = 18750;  // 187,5 cents a minute
  EXPECT_EQ(c.consultant_fee(0), 0);
  EXPECT_EQ(c.consultant_fee(1), 188);   // 187,5 → 188
  EXPECT_EQ(c.consultant_fee(2), 375);
  EXPECT_EQ(c.consultant_fee(7), 1313);  // 1312,5 → 1313
  c.consultant_rate_centicents = 12345;  // 123,45 cents a minute
  EXPECT_EQ(c.consultant_fee(3), 370);   // 370,35 → 370
  EXPECT_EQ(c.consultant_fee(-5), 0);    // never negative
  c.consultant_fee_cap_cents = 1000;
  EXPECT_EQ(c.consultant_fee(8), 988);   // 987,6 → 988, under the cap
  EXPECT_EQ(c.consultant_fee(9), 1000);  // 1111,05 → capped
  EXPECT_EQ(c.consultant_fee(24 * 60), 1000);
}

TEST(Billing, MonthsAreYearDashMonth) {
  EXPECT_EQ(month_of(day(2026, 10, 31)), "2026-10");
  EXPECT_EQ(month_of(day(2027, 1, 1)), "2027-01");
  EXPECT_TRUE(valid_month("2026-10"));
  EXPECT_TRUE(valid_month("2026-01"));
  for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-10", "2026/10", "1999-12", "2026-10-01", ""})
    EXPECT_FALSE(valid_month(bad)) << bad;
}

}  // namespace
}  // namespace mk::domain
