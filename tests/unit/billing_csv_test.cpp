// The spreadsheet file of the billing export: BOM, `;`, Dutch decimal comma, RFC 4180 quoting
// and formula injection defused. (The API test reads the same files back with Python's csv.)
#include <gtest/gtest.h>

#include "app/billing.hpp"

namespace mk::app {
namespace {

TEST(BillingCsv, EurosHaveADecimalCommaAndTwoDecimals) {
  EXPECT_EQ(euro_text(0), "0,00");
  EXPECT_EQ(euro_text(5), "0,05");
  EXPECT_EQ(euro_text(1313), "13,13");
  EXPECT_EQ(euro_text(123456), "1234,56");
  EXPECT_EQ(euro_text(-250), "-2,50");
}

TEST(BillingCsv, StatementFileQuotesWhatNeedsItAndDefusesFormulas) {
  Statement s;
  s.month = "2026-10";
  StatementView v;
  v.line = {OrgId("o1"), domain::Party::consultant, OrgId("zk"), "190009", 3, 13500, 0};
  v.organization_name = "Ziekenhuis \"Noord\"; locatie B";
  v.organization_agb = "06000010";
  v.payer_name = "=cmd|' /C calc'!A0";
  s.items.push_back(v);
  auto csv = statement_csv(s);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  auto second = csv.substr(csv.find("\r\n") + 2);
  EXPECT_EQ(second,
            "2026-10;o1;\"Ziekenhuis \"\"Noord\"\"; locatie B\";06000010;consultant;zk;\"'=cmd|' /C calc'!A0\";"
            "190009;3;135,00;13500\r\n");
}

}  // namespace
}  // namespace mk::app
